"""Regenerates events.csv and expected.json in this folder:
    /usr/bin/python3 make.py        (Python 3.11, numpy 1.24)
gen_events.py writes a messy log (seed 101, 45 users, CRLF line ends, no final newline);
reference.py is an independent implementation of the README rules written for verification."""
import json, os, sys
here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
import gen_events, reference
s = gen_events.gen(101, crlf=True, no_trailing_nl=True, n_users=45)
open(os.path.join(here, 'events.csv'), 'w', encoding='utf-8', newline='').write(s)
r = reference.fit(os.path.join(here, 'events.csv'))
r['case'] = 'verify_messy'
with open(os.path.join(here, 'expected.json'), 'w', encoding='utf-8') as f:
    json.dump(r, f, ensure_ascii=False, indent=1, allow_nan=False)
    f.write('\n')
