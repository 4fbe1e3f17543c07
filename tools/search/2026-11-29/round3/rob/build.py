import csv,json
cols="record_id,read_url,abstract_seen,n_us,n_fl,n_total,n_quote,design_stated,design_quote,randomisation,randomisation_quote,allocation_concealment,allocation_quote,blinding,blinding_quote,note".split(',')
recs={}
for line in open('records.jsonl'):
    line=line.strip()
    if line:
        d=json.loads(line); recs[d['record_id']]=d  # later lines override
ids=[r['record_id'] for r in csv.DictReader(open('input.csv'))]
with open('rob.csv','w',newline='') as f:
    w=csv.DictWriter(f,fieldnames=cols,quoting=csv.QUOTE_MINIMAL)
    w.writeheader()
    for i in ids:
        d=recs.get(i,{'record_id':i,'abstract_seen':'no','randomisation':'not_stated','allocation_concealment':'not_stated','blinding':'not_stated','note':'not yet searched'})
        row={c:d.get(c,'') for c in cols}
        for c,dflt in [('randomisation','not_stated'),('allocation_concealment','not_stated'),('blinding','not_stated'),('abstract_seen','no')]:
            if not row[c]: row[c]=dflt
        w.writerow(row)
# checks
import re
for i in ids:
    d=recs.get(i)
    if not d: continue
    q=d.get('n_quote','')
    for k in ('n_us','n_fl','n_total'):
        v=str(d.get(k,''))
        if v and v not in re.findall(r'\d+',q): print('CHECK',i,k,v,'not digits in n_quote')
    for k,qk in [('randomisation','randomisation_quote'),('allocation_concealment','allocation_quote'),('blinding','blinding_quote'),('design_stated','design_quote')]:
        if d.get(k) and d.get(k)!='not_stated' and not d.get(qk): print('MISSINGQUOTE',i,k)
print(len(recs),'records')
