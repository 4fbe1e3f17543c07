"""Which whole numbers a verbatim quote states — as digits ("1,729", "48/55") or in words ("Ninety-six",
"sixty one", "One hundred and fifty-five") — so that a test can check that every count in data/
is in the quote stored beside it."""

from __future__ import annotations

import re

_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if w != "_"}
_WORD = re.compile(r"[a-z]+")


def _word_numbers(text: str) -> set[int]:
    """Numbers written in English words, below 10,000."""
    found = set()
    words = _WORD.findall(text.lower())
    i = 0
    while i < len(words):
        total, current, used = 0, None, 0
        j = i
        while j < len(words):
            w = words[j]
            if w in _UNITS:
                current = (current or 0) + _UNITS[w]
            elif w in _TENS:
                current = (current or 0) + _TENS[w]
            elif w == "hundred" and current is not None:
                current *= 100
            elif w == "thousand" and current is not None:
                total, current = total + current * 1000, 0
            elif w == "and" and current is not None and j + 1 < len(words) and (words[j + 1] in _UNITS or words[j + 1] in _TENS):
                pass
            else:
                break
            used += 1
            j += 1
        if used and current is not None:
            found.add(total + current)
            i = j
        else:
            i += 1
    return found


def numbers_in(text: str) -> set[int]:
    """Whole numbers stated in ``text`` (digits with thousands separators, or words)."""
    text = text or ""
    digits = {int(m.replace(",", "")) for m in re.findall(r"(?<![\d.])\d{1,3}(?:,\d{3})+(?!\d|\.\d)|(?<![\d.,])\d+(?!\d|\.\d|,\d{3})", text)}
    return digits | _word_numbers(text)


#: Scale words and notations a quote may put after its numbers ("8.82 million", "8823.84 × 103").
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "× 103": 1e3, "x 103": 1e3, "×10^3": 1e3, "× 10^3": 1e3}
_DIGIT_GROUPS = re.compile(r"(?<=\d)[  ](?=\d{3}\b)")  # "5 342" (a space between digit groups)
_DECIMAL = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
_SCIENTIFIC = re.compile(r"\d+(?:\.\d+)?[eE][+-]?\d+")  # "2.123E-01", as tables of coefficients print them


def decimals_in(text: str) -> set[float]:
    """Every number ``text`` states, as floats: digits with thousands separators or grouping
    spaces ("5 342"), decimals with a point or a middle dot ("38·8"), scientific notation
    ("2.123E-01"), whole numbers in words; and,
    when the text names a scale ("million", "× 103"), each number times that scale too (so that
    "619 million (554–694)" states 619e6, 554e6 and 694e6). Permissive on purpose: it answers "is
    this stored value written in the quote?", not "what does the quote mean?"."""
    text = (text or "").replace("·", ".")
    text = _DIGIT_GROUPS.sub("", text)
    found = {float(m.replace(",", "")) for m in _DECIMAL.findall(text)} | {float(n) for n in numbers_in(text)}
    found |= {float(m) for m in _SCIENTIFIC.findall(text)}
    lower = text.lower()
    scales = [factor for word, factor in _SCALES.items() if word in lower]
    return found | {x * factor for x in found for factor in scales}


def states(text: str, value: float) -> bool:
    """Whether ``text`` states ``value`` (its absolute value, to a relative 1e-6; see :func:`decimals_in`)."""
    target = abs(float(value))
    return any(abs(target - x) <= max(1e-9, 1e-6 * x) for x in decimals_in(text))
