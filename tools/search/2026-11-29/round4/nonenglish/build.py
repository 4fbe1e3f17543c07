import csv,json,os
D=os.path.dirname(os.path.abspath(__file__))
def rd(n): return [json.loads(l) for l in open(D+'/'+n) if l.strip()] if os.path.exists(D+'/'+n) else []
LC=['date','corpus','query','results_returned','results_screened','new_records','new_record_ids']
L=rd('log.jsonl')
with open(D+'/search_log.csv','w',newline='') as f:
    w=csv.DictWriter(f,LC); w.writeheader(); [w.writerow(r) for r in L]
RC='record_id,first_author,year,title,journal,doi,pmid,pmcid,registry_id,canonical_url,read_url,design,procedure_family,procedure,region,comparator,n_us,n_fl,n_quote,outcomes_reported,accuracy_us_events,accuracy_us_total,accuracy_fl_events,accuracy_fl_total,accuracy_quote,decision,exclusion_reason,quote,found_by_query,note'.split(',')
R=rd('records.jsonl')
ids=[r['record_id'] for r in R]; assert len(ids)==len(set(ids)), 'dup ids'
for r in R:
    extra=set(r)-set(RC); assert not extra,(r['record_id'],extra)
with open(D+'/records.csv','w',newline='') as f:
    w=csv.DictWriter(f,RC); w.writeheader(); [w.writerow({k:r.get(k,'') for k in RC}) for r in R]
ROB='record_id,randomisation,randomisation_quote,allocation_concealment,allocation_quote,blinding,blinding_quote,read_url'.split(',')
DIR='record_id,outcome,timepoint,significance,better_arm,p_printed,quote,source_url,note'.split(',')
for n,C in (('rob',ROB),('directions',DIR)):
    X=rd(n+'.jsonl')
    for x in X: assert not set(x)-set(C),(n,x)
    with open(D+'/'+n+'.csv','w',newline='') as f:
        w=csv.DictWriter(f,C); w.writeheader(); [w.writerow({k:x.get(k,'') for k in C}) for x in X]
print(len(L),'calls;',len(R),'records')
