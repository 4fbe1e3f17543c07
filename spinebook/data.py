"""The book's study dataset: ``data/*.csv`` described by ``data/datapackage.json``.

``load()`` returns every resource as a typed pandas DataFrame, validated first. Any invalid row
raises ``DataError`` naming the file, the row, the column and the rule, and nothing is returned.

Validation has two layers:

* the Frictionless Table Schema (types, required, min/max, enum, unique, primary and foreign keys).
  It is slow (~1 s with the import), so it runs once per content hash of the package: a stamp
  file ``<data>/.validated/<sha256>`` records that exactly this content (datapackage.json, every
  CSV, the bibliography and this module's rule version) passed;
* the rules a Table Schema cannot express, always run (they take milliseconds): columns match the
  schema, every ``source_id`` is a key of ``book/references.bib`` (one key per source: no two
  entries share a DOI, PMCID or URL), a row that carries a number has
  a quote, events <= total, lower bounds <= estimates <= upper bounds, dispersion labelled, and no
  HTML/script markup in any text field (text is rendered into pages: markup is refused, not stored).

Rows are numbered as a reader sees them in a spreadsheet: row 1 is the first data row, which is
line 2 of the file (line 1 is the header).
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported lazily: `import spinebook.data` stays cheap
    import pandas as pd

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
RULES_VERSION = "2"  # bump when the checks below change: invalidates every validation stamp

RESOURCES = ("studies", "outcomes", "pooled", "burden", "risk_factors", "radiation", "limits",
             "ladder", "interventions", "costs", "search_log", "records", "directions", "tissues", "probes",
             "anatomy")

# Numeric fields that describe a row rather than report a finding: no quote needed for them.
_NOT_FINDINGS = {"year", "period_start", "step_order",
                 # the book's own search (search_log.csv): counts of what it did, not findings of a source
                 "query_order", "results_returned", "results_screened", "new_records"}
_MARKUP = re.compile(r"<\s*/?\s*[A-Za-z!?]|javascript:|&#?[A-Za-z0-9]+;", re.IGNORECASE)
_BIB_KEY = re.compile(r"@\s*[A-Za-z]+\s*\{\s*([^,\s]+)\s*,")
_BIB_ENTRY = re.compile(r"@\s*[A-Za-z]+\s*\{\s*([^,\s]+)\s*,(.*?)\n\}", re.DOTALL)
_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s},]+)")
_PMCID = re.compile(r"\b(PMC\d{4,})\b", re.IGNORECASE)
_BIB_URL = re.compile(r"\burl\s*=\s*\{([^}]*)\}", re.IGNORECASE)
_PANDAS_TYPES = {"integer": "Int64", "number": "float64", "boolean": "boolean", "string": "string"}
_TO_MSV = {"msv": 1.0, "sv": 1000.0, "usv": 0.001, "µsv": 0.001, "μsv": 0.001, "mrem": 0.01, "rem": 10.0}


class DataError(ValueError):
    """An invalid dataset: the message names the file, row, column and rule."""


def load(path: str | os.PathLike | None = None) -> dict[str, pd.DataFrame]:
    """Validate the data package at *path* (default: the repository's ``data/``) and return
    ``{resource name: DataFrame}`` with Int64 counts, float values and string text."""
    package = _Package(path)
    package.check(force_schema=False)
    return package.frames()


def validate(path: str | os.PathLike | None = None) -> dict[str, int]:
    """Validate with every rule, Frictionless included (ignoring any stamp); return row counts."""
    package = _Package(path)
    package.check(force_schema=True)
    return {name: len(rows) for name, rows in package.rows.items()}


def descriptor(path: str | os.PathLike | None = None) -> dict:
    """The parsed ``datapackage.json`` (field descriptions, units, constraints, gaps)."""
    return _Package(path, read_rows=False).descriptor


def package_files(path: str | os.PathLike | None = None) -> list[Path]:
    """The files the data package consists of: ``datapackage.json``, every resource's CSV and the
    bibliography it points to (the same files the validation stamp hashes)."""
    package = _Package(path, read_rows=False)
    return package.files()


def to_msv(value, unit):
    """Convert a dose printed in Sv, mSv, µSv (uSv), rem or mrem to mSv; NaN for anything else
    (Gy, Gy·cm², seconds ...), which is not an effective or equivalent dose and must not be
    compared with a limit. Works on scalars and on pandas Series (element-wise)."""
    import numpy as np

    def factor(u):
        if not isinstance(u, str) or not u.strip():
            return np.nan
        return _TO_MSV.get(u.split()[0].lower(), np.nan)

    if hasattr(unit, "map"):
        return value * unit.map(factor).astype(float)
    return value * factor(unit)


class _Package:
    def __init__(self, path, read_rows=True):
        self.dir = Path(path) if path is not None else DATA_DIR
        self.json_path = self.dir / "datapackage.json"
        try:
            self.descriptor = json.loads(self.json_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise DataError(f"{self._shown(self.json_path)}: file not found") from None
        except json.JSONDecodeError as error:
            raise DataError(f"{self._shown(self.json_path)}: not valid JSON ({error})") from None
        self.resources = {r["name"]: r for r in self.descriptor.get("resources", [])}
        missing = [name for name in RESOURCES if name not in self.resources]
        if missing:
            raise DataError(f"{self._shown(self.json_path)}: resource(s) missing: {', '.join(missing)}")
        self.bib_path = (self.dir / self.descriptor.get("bibliography", "../book/references.bib")).resolve()
        self.rows, self.lines = {}, {}
        if read_rows:
            for name, resource in self.resources.items():
                self._read(name, resource)

    # -- reading ---------------------------------------------------------------------------------
    def files(self):
        return [self.json_path] + [self.dir / r["path"] for r in self.resources.values()] + [self.bib_path]

    def _shown(self, file):
        """A path as a reader recognises it: data/outcomes.csv, book/references.bib."""
        file = Path(file)
        try:
            return file.resolve().relative_to(self.dir.resolve().parent).as_posix()
        except ValueError:
            return file.as_posix()

    def _file(self, name):
        return self._shown(self.dir / self.resources[name]["path"])

    def _read(self, name, resource):
        file = self.dir / resource["path"]
        try:
            with open(file, newline="", encoding="utf-8") as handle:
                reader = csv.reader(handle)
                header = next(reader, [])
                rows, lines, line = [], [], reader.line_num
                for record in reader:
                    lines.append(line + 1)
                    line = reader.line_num
                    rows.append(record)
        except FileNotFoundError:
            raise DataError(f"{self._shown(file)}: file not found") from None
        except UnicodeDecodeError as error:
            raise DataError(f"{self._shown(file)}: not UTF-8 text ({error})") from None
        expected = [field["name"] for field in resource["schema"]["fields"]]
        where = f"{self._shown(file)}, header (line 1)"
        for column in expected:
            if column not in header:
                raise DataError(f"{where}, column '{column}': missing column (the schema requires it)")
        for column in header:
            if column not in expected:
                raise DataError(f"{where}, column '{column}': extra column not described in datapackage.json")
        if header != expected:
            raise DataError(f"{where}: columns are not in the schema's order ({', '.join(expected)})")
        for number, record in enumerate(rows, start=1):
            if len(record) != len(header):
                raise DataError(f"{self._where(name, number, lines)}: has {len(record)} cells, "
                                f"the header has {len(header)}")
        self.rows[name] = rows
        self.lines[name] = lines

    def _where(self, name, row, lines=None, column=None):
        lines = lines if lines is not None else self.lines[name]
        line = lines[row - 1] if 0 < row <= len(lines) else row + 1
        text = f"{self._file(name)}, row {row} (line {line} of the file)"
        return text + (f", column '{column}'" if column else "")

    # -- validation ------------------------------------------------------------------------------
    def check(self, force_schema):
        stamp = self._stamp_name()
        if force_schema or not self._stamped(stamp):
            self._check_schema()
            self._check_rules()
            self._write_stamp(stamp)
        else:
            self._check_rules()

    def _stamp_name(self):
        digest = hashlib.sha256(RULES_VERSION.encode())
        files = self.files()
        for file in files:
            digest.update(file.name.encode() + b"\0")
            try:
                digest.update(file.read_bytes())
            except FileNotFoundError:
                digest.update(b"<missing>")
        return digest.hexdigest()

    def _stamp_dirs(self):
        return [self.dir / ".validated", Path.home() / ".cache" / "spinebook" / "validated"]

    def _stamped(self, stamp):
        return any((folder / stamp).exists() for folder in self._stamp_dirs())

    def _write_stamp(self, stamp):
        for folder in self._stamp_dirs():
            try:
                folder.mkdir(parents=True, exist_ok=True)
                ignore = folder / ".gitignore"
                if folder.name == ".validated" and not ignore.exists():
                    ignore.write_text("*\n")
                with tempfile.NamedTemporaryFile("w", dir=folder, delete=False) as tmp:
                    tmp.write("validated by spinebook.data\n")
                os.replace(tmp.name, folder / stamp)
                for old in folder.glob("[0-9a-f]" * 64):  # stamps of earlier content
                    if old.name != stamp:
                        old.unlink(missing_ok=True)
                return
            except OSError:
                continue  # read-only data folder: try the user cache

    def _check_schema(self):
        """Frictionless Table Schema validation; the first error becomes a DataError."""
        import frictionless  # slow import: only when the content has not been validated yet

        report = frictionless.validate(str(self.json_path))
        if report.errors:  # the descriptor itself is invalid
            raise DataError(f"{self._shown(self.json_path)}: {report.errors[0].message}")
        for task in report.tasks:
            for error in task.errors:
                raise DataError(self._describe(task.name, error))

    def _describe(self, name, error):
        row = getattr(error, "row_number", None)
        column = getattr(error, "field_name", None)
        if column is None and getattr(error, "field_names", None):
            column = ", ".join(error.field_names)
        cell = getattr(error, "cell", None)
        note = getattr(error, "note", "") or error.message
        rule = {
            "type-error": "wrong type",
            "constraint-error": "constraint broken",
            "foreign-key": "foreign key broken",
            "primary-key": "duplicate primary key",
            "unique-error": "duplicate value in a unique column",
            "missing-cell": "missing cell",
            "extra-cell": "extra cell",
            "blank-row": "blank row",
        }.get(error.type, error.type)
        if row is None:
            return f"{self._file(name)}: {rule}: {note}"
        where = self._where(name, row - 1, column=column)  # frictionless counts the header as row 1
        value = f"value '{cell}'" if cell not in (None, "") else "empty value"
        if error.type == "foreign-key":
            cells = getattr(error, "field_cells", None) or [cell]
            return f"{where}: value '{', '.join(map(str, cells))}' has no match in the referenced table ({note})"
        constraint = re.match(r'constraint "(\w+)" is "(.*)"$', note)
        if constraint and constraint.group(1) == "required":
            return f"{where}: empty value in a required column"
        if constraint:
            return f"{where}: {value} breaks the rule {constraint.group(1)} = {constraint.group(2)}"
        if error.type == "type-error":
            kind = re.search(r'type is "(\w+)', note)
            return f"{where}: {value} is not a valid {kind.group(1) if kind else 'value'} for this column"
        return f"{where}: {value}: {rule} ({note})"

    def _check_rules(self):
        keys = self._bib_keys()
        for name, resource in self.resources.items():
            fields = resource["schema"]["fields"]
            names = [field["name"] for field in fields]
            findings = [f["name"] for f in fields
                        if f["type"] in ("number", "integer") and f["name"] not in _NOT_FINDINGS]
            text = [f["name"] for f in fields if f["type"] == "string"]
            for number, record in enumerate(self.rows[name], start=1):
                row = dict(zip(names, record))
                fail = lambda column, rule: DataError(f"{self._where(name, number, column=column)}: {rule}")
                for column in text:
                    found = _MARKUP.search(row[column])
                    if found:
                        raise fail(column, f"HTML/script markup is not allowed in text fields "
                                           f"(found '{row[column][found.start():found.start() + 12]}'); write it as plain text")
                if "source_id" in row:
                    for key in filter(None, (k.strip() for k in row["source_id"].split(";"))):
                        if key not in keys:
                            raise fail("source_id", f"value '{key}' is not a key in {self._shown(self.bib_path)}")
                carried = [c for c in findings if row[c].strip()]
                if carried:
                    for column in ("quote", "source_id", "source_url", "source_location"):
                        if column in row and not row[column].strip():
                            raise fail(column, f"empty {column} on a row that carries a number "
                                               f"({carried[0]} = {row[carried[0]]}): every number needs its provenance")
                self._check_numbers(row, fail)

    @staticmethod
    def _check_numbers(row, fail):
        def number(column):
            text = row.get(column, "").strip()
            try:
                return float(text) if text else None
            except ValueError:
                raise fail(column, f"value '{text}' is not a number") from None

        ordered = [("events", "total"), ("iqr_low", "median"), ("median", "iqr_high"), ("iqr_low", "iqr_high"),
                   ("ci_low", "estimate"), ("estimate", "ci_high"), ("ci_low", "ci_high"),
                   ("ui_low", "ui_high"), ("value", "value_high")]
        for low, high in ordered:
            a, b = number(low), number(high)
            if a is not None and b is not None and a > b:
                raise fail(low, f"{low} ({row[low]}) must not exceed {high} ({row[high]})")
        if "sd" in row:
            sd, dispersion = number("sd"), row.get("dispersion", "").strip()
            if sd is not None and sd <= 0:
                raise fail("sd", f"value '{row['sd']}' must be greater than 0")
            if sd is not None and not dispersion:
                raise fail("dispersion", "sd is given but dispersion (sd, sd_assumed, se, unclear) is empty")
            if sd is None and dispersion:
                raise fail("dispersion", f"dispersion '{dispersion}' is given without an sd")
        for column in ("n", "n_us", "n_fl", "total"):
            value = number(column)
            if value is not None and (value != int(value) or value < 1):
                raise fail(column, f"value '{row[column]}' must be a whole number of at least 1")

    def _bib_keys(self):
        try:
            text = self.bib_path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise DataError(f"{self._shown(self.bib_path)}: bibliography not found "
                            f"(datapackage.json 'bibliography' points to it)") from None
        self._check_one_key_per_source(text)
        return set(_BIB_KEY.findall(text))

    def _check_one_key_per_source(self, text):
        """Two entries naming the same DOI, PubMed Central id or URL are one source under two keys:
        the bibliography would list it twice and its rows would look like two sources."""
        seen = {}
        for key, body in _BIB_ENTRY.findall(text):
            identifiers = {("DOI", doi.lower().rstrip(".")) for doi in _DOI.findall(body)}
            identifiers |= {("PMCID", pmc.upper()) for pmc in _PMCID.findall(body)}
            identifiers |= {("url", url.strip().rstrip("/")) for url in _BIB_URL.findall(body)}
            for identifier in sorted(identifiers):
                if identifier in seen and seen[identifier] != key:
                    kind, value = identifier
                    raise DataError(f"{self._shown(self.bib_path)}: entries '{seen[identifier]}' and '{key}' name the "
                                    f"same {kind} {value}: keep one key for one source and point every "
                                    f"source_id and {{cite}} to it")
                seen.setdefault(identifier, key)

    # -- typed frames ----------------------------------------------------------------------------
    def frames(self):
        import pandas as pd

        parse = {"integer": int, "number": float, "boolean": lambda text: text == "true", "string": str}
        frames = {}
        for name, resource in self.resources.items():
            columns = {}
            for index, field in enumerate(resource["schema"]["fields"]):
                convert = parse[field["type"]]
                cells = [record[index].strip() for record in self.rows[name]]
                values = [convert(cell) if cell else None for cell in cells]
                columns[field["name"]] = pd.array(values, dtype=_PANDAS_TYPES[field["type"]])
            frames[name] = pd.DataFrame(columns)
        return frames


def _main(argv):
    path = argv[1] if len(argv) > 1 else None
    try:
        counts = validate(path)
    except DataError as error:
        print(f"DataError: {error}", file=sys.stderr)
        return 1
    width = max(map(len, counts))
    for name, count in counts.items():
        print(f"{name:<{width}}  {count:>4} rows")
    print("data package valid")
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv))
