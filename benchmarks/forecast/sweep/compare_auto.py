# Runs `sibyl forecast` on the sweep's CSVs and compares with R's values.
import subprocess, json, sys
sibyl = sys.argv[1] if len(sys.argv) > 1 else 'sibyl'
bad=0
for line in open('r_auto.txt'):
    nm, m, label, coefs, ll = line.strip().split('|')
    out = subprocess.run([sibyl,'forecast','auto-arima','--data',nm+'.csv','--column','y','--period',m,'--json'],capture_output=True,text=True)
    if out.returncode != 0:
        print('ERR', nm, out.stderr.strip()); bad+=1; continue
    d=json.loads(out.stdout)
    want={k:float(v) for k,v in (c.split('=') for c in coefs.split(';') if c)}
    ok = d['label'].replace(' ','')==label.replace(' ','')
    worst=0
    if ok:
        for k,v in want.items():
            g=d['coef'].get(k)
            worst=max(worst, abs(g-v)/max(abs(v),1e-8) if g is not None else 1e9)
        dll=abs(d['loglik']-float(ll))
    print(('OK ' if ok and worst<1e-4 else 'DIFF'), nm, label, '| sibyl', d['label'], 'coef rel %.1e'%worst if ok else '', 'dll %.1e'%dll if ok else '')
    if not (ok and worst<1e-4): bad+=1
print('bad', bad)
