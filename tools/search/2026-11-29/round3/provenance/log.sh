#!/bin/bash
# usage: log.sh corpus "query" n "keys"
python3 - "$@" <<'PY'
import csv,sys,datetime
with open('/work/main/tools/search/2026-11-29/round3/provenance/search_log.csv','a',newline='') as f:
    csv.writer(f).writerow([datetime.date.today().isoformat() if False else '2026-11-29',sys.argv[1],sys.argv[2],sys.argv[3],sys.argv[4]])
PY
