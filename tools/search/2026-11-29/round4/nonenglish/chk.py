# usage: python3 chk.py "term1" "term2" ... ; looks up terms in round4 known_records.csv + my records + round3/slices (for info)
import csv,glob,sys,re,json,os
D=os.path.dirname(os.path.abspath(__file__))
rows=[]
for r in csv.DictReader(open(D+'/../known_records.csv')): rows.append(('known',r))
if os.path.exists(D+'/records.jsonl'):
    for l in open(D+'/records.jsonl'):
        if l.strip(): rows.append(('MINE',json.loads(l)))
for f in glob.glob(D+'/../../slices/*/records.csv')+[D+'/../../round3/saturation/records.csv']:
    for r in csv.DictReader(open(f)): rows.append(('old:'+f.split('/')[-2],r))
def norm(s): return re.sub(r'[^\w]+',' ',str(s).lower()).strip()
for t in sys.argv[1:]:
    nt=norm(t); words=nt.split()
    hits=[]
    for src,r in rows:
        blob=norm(' '.join(str(r.get(c,'')) for c in ('record_id','first_author','title','journal','doi','pmid','registry_id','note','canonical_url','read_url')))
        if all(w in blob for w in words): hits.append((src,r.get('record_id'),str(r.get('title'))[:90]))
    print('##',t,'->',len(hits))
    seen=set()
    for h in hits[:10]:
        if h in seen: continue
        seen.add(h); print('  ',h)
