import re, sys
sys.path.insert(0, ".")
from pathlib import Path
from spinebook.provenance import mirror_only_entries, MIRROR_ONLY_MARK
p = Path("book/references.bib"); t = p.read_text()
ENTRY = re.compile(r"(@\s*[A-Za-z]+\s*\{\s*([^,\s]+)\s*,)(.*?)(\n\})", re.S)
def add_note(body, text):
    if text in body: return body
    note = re.search(r"(\n\s*note\s*=\s*\{)(.*?)(\}[ \t]*,?[ \t]*)(?=\n|$)", body, re.S)
    if note:
        return body[:note.start(2)] + note.group(2).rstrip(". ") + ". " + text + body[note.end(2):]
    return body.rstrip().rstrip(",") + f",\n  note    = {{{text}}}"
titles = {m.group(2): (re.search(r"\btitle\s*=\s*\{(.*?)\}[ \t]*,?[ \t]*(?=\n|$)", m.group(3), re.S) or [None, ""])[1] for m in ENTRY.finditer(t)}
left = set(mirror_only_entries(t))
out = t
for m in sorted(ENTRY.finditer(t), key=lambda m: -m.start()):
    key, body = m.group(2), m.group(3)
    pm = re.search(r"\bprimary\s*=\s*\{([^}]*)\}", body)
    if pm:
        body = add_note(body, f"Read second-hand; primary source: {titles.get(pm.group(1).strip(), pm.group(1)).strip()} (listed in this bibliography)")
    if key in left:
        body = add_note(body, MIRROR_ONLY_MARK)
    out = out[:m.start(3)] + body + out[m.end(3):]
p.write_text(out)
print(len(left))
