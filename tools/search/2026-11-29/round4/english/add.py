import json,sys,os
D=os.path.dirname(os.path.abspath(__file__))
r=json.loads(sys.stdin.read())
with open(D+'/records.jsonl','a') as f: f.write(json.dumps(r,ensure_ascii=False)+'\n')
print('added',r['record_id'])
