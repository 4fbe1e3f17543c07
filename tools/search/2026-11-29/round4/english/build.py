import csv,json,os
D=os.path.dirname(os.path.abspath(__file__))
LC=['date','corpus','query','results_returned','results_screened','new_records','new_record_ids']
L=[json.loads(l) for l in open(D+'/log.jsonl')]
with open(D+'/search_log.csv','w',newline='') as f:
    w=csv.DictWriter(f,LC); w.writeheader(); [w.writerow(r) for r in L]
RC='record_id,first_author,year,title,journal,doi,pmid,pmcid,registry_id,canonical_url,read_url,design,procedure_family,procedure,region,comparator,n_us,n_fl,n_quote,outcomes_reported,accuracy_us_events,accuracy_us_total,accuracy_fl_events,accuracy_fl_total,accuracy_quote,decision,exclusion_reason,quote,found_by_query,note'.split(',')
R=[json.loads(l) for l in open(D+'/records.jsonl') if l.strip()] if os.path.exists(D+'/records.jsonl') else []
ids=[r['record_id'] for r in R]; assert len(ids)==len(set(ids)), 'dup ids'
for r in R:
    extra=set(r)-set(RC); assert not extra,(r['record_id'],extra)
with open(D+'/records.csv','w',newline='') as f:
    w=csv.DictWriter(f,RC); w.writeheader(); [w.writerow({k:r.get(k,'') for k in RC}) for r in R]
print(len(L),'calls;',len(R),'records')
