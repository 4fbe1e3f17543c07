"""The lecturers' JupyterLab rendering of a chapter, derived from the one source in ``book/``.

``make lab`` copies every chapter into a git-ignored working copy through :func:`for_the_lab`.
The book build (myst-nb, Sphinx) never sees this module's output; the chapters keep their Sphinx
roles. jupyterlab-myst 2.7 cannot render those roles, so the copy rewrites them into MyST it
does render:

``{glue:text}`name:fmt```, ``{glue:md}`name```, ``{glue}`name```
    become inline expressions ``{eval}`glued("name", "fmt")```. When a markdown cell is run,
    jupyterlab-myst sends its expressions to the kernel as ``user_expressions`` and shows the
    ``text/plain`` of each result inline. In the copy, ``from myst_nb import glue`` becomes
    ``from spinebook.lab_myst import glue, glued``: :func:`glue` records name -> value (and shows
    the value like myst-nb does when ``display=True``), :func:`glued` formats a recorded value
    exactly as myst-nb's ``glue:text`` role does (its repr is the text, so no quotes show).
``{cite}`k1,k2```, ``{cite:p}``, ``{cite:t}``
    become the author-year text the book prints (``[Author et al., 2023]``, ``Author et al.
    [2023]``), read from ``book/references.bib``, with the title as a hover (``{abbr}``).
``{term}`text <TERM>```, ``{term}`TERM```
    become the visible text with the glossary definition (``book/glossary.md``) as a hover.
``{doc}`text <page>```
    becomes a link to the page's file next to the chapter.
``{quiz}`` blocks (spinebook/sphinx_quiz.py)
    become the question and one ``{dropdown}`` per option ("A. option") whose body is the
    feedback the book shows ("**Right.** ..." / "**Not quite.** ...").
"""

from __future__ import annotations

import copy
from ast import literal_eval
import functools
import re
from pathlib import Path

import nbformat

from spinebook.sphinx_quiz import OPTION

BOOK = Path(__file__).resolve().parents[1] / "book"

# --------------------------------------------------------------------------------------------
# Kernel side: the recording glue and the formatter used by the {eval} expressions.
# --------------------------------------------------------------------------------------------

GLUED: dict[str, object] = {}


def glue(name: str, variable, display: bool = True) -> None:
    """Record ``variable`` under ``name`` (myst_nb.glue's signature, for the lab copy)."""
    GLUED[name] = variable
    if display:
        from IPython.display import display as show

        show(variable)


class Text:
    """A value already formatted for the prose: its repr is the text itself (no quotes)."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return self.text

    __str__ = __repr__


def _plain_text(value) -> str:
    """The text/plain of a value, as a kernel would publish it for myst-nb."""
    markdown = getattr(value, "_repr_markdown_", None)
    if markdown is not None:
        text = markdown()
        return text[0] if isinstance(text, tuple) else text
    from IPython.lib.pretty import pretty

    return pretty(value)


def format_glued(text: str, fmt: str = "s") -> str:
    """Format a glued value's text/plain as myst-nb's ``{glue:text}`name:fmt``` does.

    The same steps as myst_nb.core.variables.format_plain_text (tests compare the two), without
    importing myst-nb into the lecturers' kernel.
    """
    try:
        value = literal_eval(text)
    except (SyntaxError, ValueError):
        value = text
    if fmt == "":
        return str(value)
    kind = fmt[-1]
    if kind == "s":
        value = str(value)
    elif kind in "bcdoxX":
        value = int(value)
    elif kind in "eEfFgGn%":
        value = float(value)
    return format(value, fmt)


def glued(name: str, fmt: str = "s") -> Text:
    """The glued value ``name`` as the book prints it; an explicit error if not glued yet."""
    if name not in GLUED:
        raise NameError(f"'{name}' is not glued yet: run the code cells above this text first")
    return Text(format_glued(_plain_text(GLUED[name]), fmt))


# --------------------------------------------------------------------------------------------
# Copy side: markdown and code rewriting.
# --------------------------------------------------------------------------------------------

GLUE_IMPORT = re.compile(r"^(\s*)from myst_nb import glue\s*$", re.M)
LAB_IMPORT = "from spinebook.lab_myst import glue, glued"
GLUE_ROLE = re.compile(r"\{glue(?::(?P<kind>text|md|any))?\}`(?P<body>[^`]+)`")
CITE_ROLE = re.compile(r"\{cite(?::(?P<kind>p|t|ps|ts|ct|cp))?\}`(?P<keys>[^`]+)`")
TERM_ROLE = re.compile(r"\{term\}`(?P<body>[^`]+)`")
DOC_ROLE = re.compile(r"\{doc\}`(?P<body>[^`]+)`")
EVAL_ROLE = re.compile(r'\{eval\}`glued\("(?P<name>[^"]+)"(?:, "(?P<fmt>[^"]*)")?\)`')
TITLED = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.S)
QUIZ_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|:{3,})\{quiz\}[ \t]*(?P<question>.*)$")


def glue_names(role_body: str) -> tuple[str, str]:
    """(name, format spec) of a glue role's text, split as myst-nb does (default spec "s")."""
    name, sep, fmt = role_body.rpartition(":")
    return (name.strip(), fmt.strip()) if sep else (role_body.strip(), "s")


def _eval_for(match: re.Match) -> str:
    name, fmt = glue_names(match["body"])
    if match["kind"] == "md":
        name, fmt = match["body"].rsplit(":", 1)[0].strip(), "s"  # glue:md: the suffix is a markdown flavour
    args = f'"{name}"' if fmt == "s" else f'"{name}", "{fmt}"'
    return f"{{eval}}`glued({args})`"


def _abbr(text: str, title: str) -> str:
    """MyST's {abbr} role: 'text (title)'; the title may hold no parentheses or backticks."""
    title = " ".join(title.split()).replace("(", "[").replace(")", "]").replace("`", "'")
    text = text.replace("`", "'")
    return f"{{abbr}}`{text} ({title})`"


# --- citations ------------------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def bibliography(path: str = str(BOOK / "references.bib")):
    from pybtex.database import parse_file

    return parse_file(path).entries


def _plain(latex: str) -> str:
    """BibTeX's LaTeX ({\\i}, braces) as plain text, as the book prints it."""
    from pybtex.richtext import Text as RichText

    return RichText.from_latex(latex).render_as("text")


def _last_names(entry) -> list[str]:
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    names = []
    for person in people:
        last = " ".join(person.prelast_names + person.last_names) or " ".join(person.first_names)
        names.append(_plain(last))
    return names


def author_label(entry) -> str:
    """The author part of the book's author_year citations (sphinxcontrib-bibtex's rules)."""
    names = _last_names(entry)
    if not names:
        return str(entry.fields.get("organization") or entry.fields.get("title", "Anonymous")).strip("{}")
    if len(names) > 2:  # "Yang and others" for {Yang, N. and others}: as the book prints it
        return f"{names[0]} et al."
    return " and ".join(names)


def _year(entry) -> str:
    return str(entry.fields.get("year", "n.d."))


def _title(entry) -> str:
    return _plain(str(entry.fields.get("title", "")))


def cite_text(keys: str, kind: str | None = None) -> str:
    """MyST for a {cite} role: readable author-year text, titles as hovers, unknown keys flagged."""
    entries = bibliography()
    parts = []
    for key in [k.strip() for k in keys.split(",") if k.strip()]:
        entry = entries.get(key)
        if entry is None:
            parts.append(f"**(unknown reference: {key})**")
        elif kind == "t":
            parts.append(_abbr(f"{author_label(entry)} [{_year(entry)}]", _title(entry)))
        else:
            parts.append(_abbr(f"{author_label(entry)}, {_year(entry)}", _title(entry)))
    if kind == "t":
        return ", ".join(parts)
    return "[" + "; ".join(parts) + "]"


# --- glossary -------------------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def glossary(path: str = str(BOOK / "glossary.md")) -> dict[str, str]:
    """Glossary term (lower case) -> its definition, from the ```{glossary} block."""
    text = Path(path).read_text()
    block = re.search(r"^(`{3,}|:{3,})\{glossary\}[^\n]*\n(.*?)^\1\s*$", text, re.S | re.M)
    terms: dict[str, str] = {}
    pending: list[str] = []
    definition: list[str] = []

    def flush():
        for term in pending:
            terms[term.lower()] = " ".join(definition)

    for line in (block[2] if block else "").splitlines():
        if not line.strip():
            continue
        if line[0].isspace():
            definition.append(line.strip())
        else:
            if definition:
                flush()
                pending, definition = [], []
            pending.append(line.strip())
    flush()
    return terms


def term_text(body: str) -> str:
    titled = TITLED.match(body)
    text, term = (titled["text"], titled["target"]) if titled else (body, body)
    definition = glossary().get(term.strip().lower())
    if definition is None:
        return f"{text} **(not in the glossary: {term})**"
    return _abbr(text, definition)


def doc_link(body: str) -> str:
    titled = TITLED.match(body)
    text, target = (titled["text"], titled["target"]) if titled else (body, body)
    target = target.strip().removeprefix("/")
    for suffix in (".ipynb", ".md"):
        if (BOOK / (target + suffix)).exists():
            return f"[{text}]({target}{suffix})"
    return f"{text} **(no page {target})**"


# --- quizzes --------------------------------------------------------------------------------

def quiz_markdown(question: str, lines: list[str], indent: str = "") -> str:
    options = [OPTION.match(line) for line in lines if line.strip() and not line.strip().startswith(":")]
    if not options or any(match is None for match in options):
        raise ValueError(f"quiz: every line must look like '- [x] option | feedback': {lines}")
    out = [question, ""]
    for letter, match in zip("ABCDEFGHIJ", options):
        verdict = "**Right.**" if match["mark"].lower() == "x" else "**Not quite.**"
        out += [f":::{{dropdown}} {letter}. {match['text']}", f"{verdict} {match['feedback']}", ":::", ""]
    return "\n".join(indent + line if line else line for line in out).rstrip("\n")


def rewrite_quizzes(source: str) -> str:
    lines = source.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        opening = QUIZ_OPEN.match(lines[i])
        if not opening:
            out.append(lines[i])
            i += 1
            continue
        fence = opening["fence"]
        closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        body: list[str] = []
        i += 1
        while i < len(lines) and not closing.match(lines[i]):
            body.append(lines[i])
            i += 1
        if i == len(lines):
            raise ValueError(f"quiz not closed: {opening['question']}")
        i += 1  # the closing fence
        out.append(quiz_markdown(opening["question"], body, opening["indent"]))
    return "\n".join(out)


# --- the whole notebook ---------------------------------------------------------------------

def markdown_for_the_lab(source: str) -> str:
    source = rewrite_quizzes(source)
    source = GLUE_ROLE.sub(_eval_for, source)
    source = CITE_ROLE.sub(lambda m: cite_text(m["keys"], (m["kind"] or "p")[-1]), source)
    source = TERM_ROLE.sub(lambda m: term_text(m["body"]), source)
    return DOC_ROLE.sub(lambda m: doc_link(m["body"]), source)


def code_for_the_lab(source: str) -> str:
    return GLUE_IMPORT.sub(lambda m: m[1] + LAB_IMPORT, source)


def for_the_lab(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of a chapter that renders in JupyterLab + jupyterlab-myst 2.7 (the input is untouched)."""
    nb = copy.deepcopy(nb)
    uses_glue = False
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            new = markdown_for_the_lab(cell.source)
            uses_glue |= "{eval}`glued(" in new
            cell.source = new
        elif cell.cell_type == "code":
            cell.source = code_for_the_lab(cell.source)
    if uses_glue and not any(LAB_IMPORT in c.source for c in nb.cells if c.cell_type == "code"):
        raise ValueError("the chapter uses glued numbers but no code cell has 'from myst_nb import glue'")
    return nb
