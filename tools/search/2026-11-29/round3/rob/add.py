import json,sys
# reads python-literal list of dicts from stdin
data=eval(sys.stdin.read())
with open('records.jsonl','a') as f:
    for d in data: f.write(json.dumps(d,ensure_ascii=False)+'\n')
print('added',[d['record_id'] for d in data])
