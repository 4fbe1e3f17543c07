# helper: python3 rec.py <<'J' {json} J  -> fills defaults, appends
import json,sys,os
D=os.path.dirname(os.path.abspath(__file__))
RC='record_id,first_author,year,title,journal,doi,pmid,pmcid,registry_id,canonical_url,read_url,design,procedure_family,procedure,region,comparator,n_us,n_fl,n_quote,outcomes_reported,accuracy_us_events,accuracy_us_total,accuracy_fl_events,accuracy_fl_total,accuracy_quote,decision,exclusion_reason,quote,found_by_query,note'.split(',')
txt=sys.stdin.read()
for chunk in txt.split('\n@@\n'):
    if not chunk.strip(): continue
    r=json.loads(chunk)
    kind=r.pop('_kind','rec')
    fn={'rec':'records.jsonl','rob':'rob.jsonl','dir':'directions.jsonl'}[kind]
    if kind=='rec':
        for k in RC: r.setdefault(k,'')
        assert not set(r)-set(RC), set(r)-set(RC)
        if not r['read_url']: r['read_url']=r['canonical_url']
    with open(D+'/'+fn,'a') as f: f.write(json.dumps(r,ensure_ascii=False)+'\n')
    print(kind,'added',r.get('record_id'),r.get('outcome',''))
