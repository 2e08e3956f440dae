# Runs `sibyl forecast` on the sweep's CSVs and compares with R's values.
import subprocess, json, sys
sibyl = sys.argv[1] if len(sys.argv) > 1 else 'sibyl'
for line in open('r_fixed.txt'):
    parts=line.strip().split('|')
    nm, m, o, so = parts[:4]
    out = subprocess.run([sibyl,'forecast','arima','--data',nm+'.csv','--column','y','--period',m,'--order',o,'--seasonal',so,'--json'],capture_output=True,text=True)
    if parts[4]=='ERROR':
        print('R-ERROR', nm, o, so, '| sibyl', 'ok exact_init=%s'%json.loads(out.stdout).get('exact_init') if out.returncode==0 else out.stderr.strip()); continue
    if out.returncode!=0: print('ERR', nm, out.stderr.strip()); continue
    d=json.loads(out.stdout)
    want={k:float(v) for k,v in (c.split('=') for c in parts[4].split(';'))}
    worst=max(abs(d['coef'][k]-v)/max(abs(v),1e-8) for k,v in want.items())
    print('OK ' if worst<1e-4 else 'DIFF', nm, o, so, 'coef rel %.1e dll %.1e'%(worst, abs(d['loglik']-float(parts[5]))), 'exact_init' if d.get('exact_init') else '')
