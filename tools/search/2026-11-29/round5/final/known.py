# usage: python3 known.py term1 term2 ... ; greps known_records + my records (case-insens, all terms must match in row)
import csv,sys,os
D=os.path.dirname(os.path.abspath(__file__))
rows=list(csv.reader(open(D+'/../known_records.csv')))
if os.path.exists(D+'/records.csv'): rows+=list(csv.reader(open(D+'/records.csv')))[1:]
for t in sys.argv[1:]:
  terms=t.lower().split('|')
  hits=[r for r in rows if all(x in ','.join(r).lower() for x in terms)]
  print('##',t,len(hits))
  for r in hits[:6]: print('   ',(','.join(r))[:230])
