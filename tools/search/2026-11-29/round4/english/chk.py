# usage: python3 chk.py "term words" ... ; looks up in ../known_records.csv + my records.jsonl
import csv,sys,re,json,os
D=os.path.dirname(os.path.abspath(__file__))
rows=[('known',r) for r in csv.DictReader(open(D+'/../known_records.csv'))]
if os.path.exists(D+'/records.jsonl'):
    rows+= [('MINE',json.loads(l)) for l in open(D+'/records.jsonl') if l.strip()]
def norm(s): return re.sub(r'[^a-z0-9]+',' ',str(s).lower()).strip()
for t in sys.argv[1:]:
    words=norm(t).split(); hits=[]
    for src,r in rows:
        blob=norm(' '.join(str(r.get(c,'')) for c in ('record_id','first_author','year','title','journal','doi','pmid','registry_id','note','canonical_url','read_url')))
        if all(w in blob for w in words): hits.append((src,r.get('record_id'),str(r.get('title'))[:100]))
    print('##',t,'->',len(hits))
    for h in hits[:8]: print('  ',h)
