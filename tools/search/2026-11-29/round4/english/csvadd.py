# usage: python3 csvadd.py rob|directions  < json list of rows
import csv,json,sys,os
D=os.path.dirname(os.path.abspath(__file__))
H={'rob':'record_id,randomisation,randomisation_quote,allocation_concealment,allocation_quote,blinding,blinding_quote,read_url'.split(','),
   'directions':'record_id,outcome,timepoint,significance,better_arm,p_printed,quote,source_url,note'.split(',')}
k=sys.argv[1]; f=D+'/'+k+'.csv'; new=not os.path.exists(f)
rows=json.loads(sys.stdin.read())
if isinstance(rows,dict): rows=[rows]
with open(f,'a',newline='') as fh:
    w=csv.DictWriter(fh,H[k])
    if new: w.writeheader()
    for r in rows:
        assert not set(r)-set(H[k]), set(r)-set(H[k]); w.writerow(r)
print(k,len(rows))
