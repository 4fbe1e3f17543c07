import json,sys,os
D=os.path.dirname(os.path.abspath(__file__))
for line in sys.stdin.read().split('\n@@\n'):
    if not line.strip(): continue
    r=json.loads(line)
    with open(D+'/records.jsonl','a') as f: f.write(json.dumps(r,ensure_ascii=False)+'\n')
    print('added',r['record_id'])
