# usage: python3 log.py "query" returned screened "id1;id2"
import csv,sys,os,json
D=os.path.dirname(os.path.abspath(__file__))
q,ret,scr,ids=sys.argv[1:5]
n=len([i for i in ids.split(';') if i])
with open(D+'/log.jsonl','a') as f: f.write(json.dumps(dict(date='2026-11-29',corpus='pages',query=q,results_returned=int(ret),results_screened=int(scr),new_records=n,new_record_ids=ids))+'\n')
L=[json.loads(l) for l in open(D+'/log.jsonl')]
with open(D+'/search_log.csv','w',newline='') as f:
    w=csv.DictWriter(f,fieldnames=['date','corpus','query','results_returned','results_screened','new_records','new_record_ids']); w.writeheader(); [w.writerow(r) for r in L]
streak=0
for r in L: streak = 0 if r['new_records'] else streak+1
print('calls',len(L),'streak',streak)
