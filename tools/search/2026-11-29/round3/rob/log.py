import csv,sys
# usage: python3 log.py corpus query results_returned record_ids
with open('search_log.csv','a',newline='') as f:
    w=csv.writer(f); w.writerow(['2026-11-29']+sys.argv[1:5])
