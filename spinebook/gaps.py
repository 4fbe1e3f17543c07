"""Tables generated from ``datapackage.json`` and the data: the data dictionary and the
"sources and gaps" overview. The book renders these; nothing here is typed by hand."""
from __future__ import annotations

from spinebook import data


def resource_overview(path=None):
    """One row per resource: name, title, description, rows, fields, primary key, licence and the
    terms of its sources."""
    import pandas as pd

    frames, package = data.load(path), data.descriptor(path)
    return pd.DataFrame([{
        "resource": r["name"],
        "file": f"data/{r['path']}",
        "title": r.get("title", ""),
        "description": r.get("description", ""),
        "rows": len(frames[r["name"]]),
        "fields": len(r["schema"]["fields"]),
        "primary_key": ", ".join(_as_list(r["schema"].get("primaryKey"))),
        "licence": ", ".join(lic.get("title") or lic["name"] for lic in r.get("licenses") or package.get("licenses", [])),
        "terms": r.get("sourceTerms", ""),
    } for r in package["resources"]])


def data_dictionary(path=None, resource=None):
    """One row per field: resource, field, type, required, constraints, description (with units)."""
    import pandas as pd

    rows = []
    for r in data.descriptor(path)["resources"]:
        if resource and r["name"] != resource:
            continue
        keys = set(_as_list(r["schema"].get("primaryKey")))
        for field in r["schema"]["fields"]:
            constraints = dict(field.get("constraints", {}))
            required = bool(constraints.pop("required", False)) or field["name"] in keys
            rows.append({
                "resource": r["name"],
                "field": field["name"],
                "type": field["type"],
                "required": required,
                "constraints": _describe_constraints(constraints),
                "description": field.get("description", ""),
            })
    return pd.DataFrame(rows)


def sources_and_gaps(path=None):
    """One row per documented gap, with the resource's size and number of distinct sources."""
    import pandas as pd

    frames, package = data.load(path), data.descriptor(path)
    rows = []
    for r in package["resources"]:
        frame = frames[r["name"]]
        cited = frame["source_id"].dropna() if "source_id" in frame else []  # search_log: the book's own search
        sources = {key.strip() for cell in cited for key in cell.split(";")}
        for gap in r.get("gaps", []) or ["(none recorded)"]:
            rows.append({"resource": r["name"], "rows": len(frame), "sources": len(sources), "gap": gap})
    return pd.DataFrame(rows)


def _as_list(value):
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _describe_constraints(constraints):
    words = {"minimum": "≥", "maximum": "≤", "exclusiveMinimum": ">", "exclusiveMaximum": "<"}
    parts = []
    for name, value in constraints.items():
        if name in words:
            parts.append(f"{words[name]} {value:g}" if isinstance(value, (int, float)) else f"{words[name]} {value}")
        elif name == "enum":
            parts.append("one of: " + ", ".join(map(str, value)))
        elif name == "unique":
            parts.append("unique")
        elif name == "pattern":
            parts.append(f"pattern {value}")
        else:
            parts.append(f"{name} {value}")
    return "; ".join(parts)
