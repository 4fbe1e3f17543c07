# usage: python3 rec.py '<json object>'  -> appends to records.jsonl and rebuilds records.csv
import csv,sys,os,json
D=os.path.dirname(os.path.abspath(__file__))
F='record_id,first_author,year,title,journal,doi,pmid,pmcid,registry_id,canonical_url,read_url,design,procedure_family,procedure,region,comparator,n_us,n_fl,n_quote,outcomes_reported,accuracy_us_events,accuracy_us_total,accuracy_fl_events,accuracy_fl_total,accuracy_quote,decision,exclusion_reason,quote,found_by_query,note'.split(',')
if len(sys.argv)>1:
    r=json.loads(sys.argv[1]); bad=[k for k in r if k not in F]; assert not bad,bad
    ids=[json.loads(l)['record_id'] for l in open(D+'/records.jsonl')] if os.path.exists(D+'/records.jsonl') else []
    assert r['record_id'] not in ids,'dup id'
    open(D+'/records.jsonl','a').write(json.dumps(r,ensure_ascii=False)+'\n')
L=[json.loads(l) for l in open(D+'/records.jsonl')]
with open(D+'/records.csv','w',newline='') as f:
    w=csv.DictWriter(f,fieldnames=F); w.writeheader(); [w.writerow({k:r.get(k,'') for k in F}) for r in L]
print(len(L),'records')
