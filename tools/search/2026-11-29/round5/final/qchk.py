import csv,sys,json,os
D=os.path.dirname(os.path.abspath(__file__))
Q=set(r['query'].strip().lower() for r in csv.DictReader(open(D+'/../queries_already_run.csv')))
if os.path.exists(D+'/log.jsonl'): Q|=set(json.loads(l)['query'].strip().lower() for l in open(D+'/log.jsonl'))
for q in sys.argv[1:]: print('DUP' if q.strip().lower() in Q else 'ok', q)
