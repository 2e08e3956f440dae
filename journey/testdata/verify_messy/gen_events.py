import random, csv, io, sys
def gen(seed, crlf=False, no_trailing_nl=False, n_users=120):
    R = random.Random(seed)
    chans = ['search','social','email','display','direct','referral','ソーシャル','café_ads','e-mail ✉','a,b','say "hi"','Purchase','PURCHASE',' search','search ','Ω','z','A','ä','\u00e9','e\u0301'] + [f'ch{i:02d}' for i in range(15)]
    tsbad = ['2023-02-29T10:00:00Z','2024-02-30T00:00:00Z','2024-01-01T24:00:00Z','2024-01-01T23:59:60Z','2024-01-01t10:00:00Z','2024-01-01T10:00:00z',
             '2024-01-01 10:00:00Z','2024-01-01T10:00:00','2024-01-01T10:00:00+2:00','2024-1-01T10:00:00Z','2024-01-01T10:00:00.Z','2024-01-01T10:00:00.1234567890Z',
             '2024-01-01T10:00:00+24:00','2024-01-01T10:00:00+05:60','2024-13-01T00:00:00Z','2024-00-10T00:00:00Z','2024-01-00T00:00:00Z',' 2024-01-01T10:00:00Z','2024-01-01T10:00:00Z ','yesterday','2024-04-31T00:00:00Z','1900-02-29T00:00:00Z','2024-01-01T10:00:00+0200','２０２４-01-01T10:00:00Z']
    valbad = ['Infinity','inf','NaN','nan','0x10','1_000',' 5','5 ','abc','1e','e5','.','+','-','1e400','--1','1.2.3','１']
    valgood = ['1.','.5','+3','1e5','-2.5','0','12','12.0','1.5e2','1E-3','00012','+.5e+1','']
    rows = []
    def ts(base_s, frac=None, off=None):
        import datetime
        off = off if off is not None else R.choice([0,0,0,1439,-30,60,-1439,330,-600])
        dt = datetime.datetime(2024,1,1,tzinfo=datetime.timezone.utc) + datetime.timedelta(seconds=base_s)
        tz = datetime.timezone(datetime.timedelta(minutes=off))
        loc = dt.astimezone(tz)
        s = loc.strftime('%Y-%m-%dT%H:%M:%S')
        if frac is None and R.random() < 0.4:
            nd = R.randint(1,9); frac = ''.join(R.choice('0123456789') for _ in range(nd))
        if frac: s += '.' + frac
        if off == 0 and R.random() < 0.6: s += 'Z'
        else:
            sg = '+' if off >= 0 else '-'; a = abs(off); s += f'{sg}{a//60:02d}:{a%60:02d}'
        return s
    for u in range(n_users):
        uid = R.choice([f'u{u:03d}', f'ü{u}', f'u {u}', f'"u{u}"', f'u,{u}'])
        n = R.randint(1, 7)
        t = R.randint(0, 86400*400)
        evs = []
        for k in range(n):
            t += R.choice([0, 0, 1, 60, 3600, R.randint(1, 90000)])
            e = R.choice(chans[:R.choice([6, 12, len(chans)])]) if R.random() > 0.22 else 'purchase'
            if k == 0 and R.random() < 0.08: e = 'purchase'
            v = R.choice(valgood) if e == 'purchase' or R.random() < 0.1 else ''
            evs.append([uid, ts(t), e, v, t])
        # leap day event
        if R.random() < 0.1: evs.append([uid, '2024-02-29T12:00:00' + R.choice(['Z','+23:59','-00:30']), R.choice(chans[:6]), '', 0])
        out = []
        for e in evs:
            out.append(e[:4])
            r = R.random()
            if r < 0.08: out.append(list(e[:4]))  # exact duplicate
            elif r < 0.14:  # same instant different offset spelling / fraction spelling
                out.append([e[0], ts(e[4], frac='0'*R.randint(1,9), off=R.choice([0,60,-30,1439])), e[2], e[3]])
            elif r < 0.18 and e[3] != '':
                try:
                    f = float(e[3]); out.append([e[0], e[1], e[2], R.choice([repr(f), f'{f:.3e}', f'+{f}' if f>=0 else str(f)])])
                except: pass
        for e in out:
            r = R.random()
            if r < 0.03: e[1] = R.choice(tsbad)
            elif r < 0.05: e[3] = R.choice(valbad)
            elif r < 0.06: e[0] = ''
            elif r < 0.07: e[2] = ''
            elif r < 0.08: e[1] = ''
            elif r < 0.09: e = e + ['extra']
            elif r < 0.10: e = e[:3]
            elif r < 0.105: e = e[:1]
            rows.append(e)
    R.shuffle(rows)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator='\r\n' if crlf else '\n', quoting=R.choice([csv.QUOTE_MINIMAL, csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
    w.writerow(['user_id','timestamp','event','value'])
    for r in rows: w.writerow(r)
    s = buf.getvalue()
    if no_trailing_nl: s = s.rstrip('\r\n')
    return s
if __name__ == '__main__':
    for i in range(int(sys.argv[1])):
        s = gen(i, crlf=(i % 3 == 1), no_trailing_nl=(i % 4 == 2))
        open(f'/tmp/jv/case{i}.csv', 'w', encoding='utf-8', newline='').write(s)
