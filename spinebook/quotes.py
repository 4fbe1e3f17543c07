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
