"""Percent and number parsing for wire copy.

The percent *spans* are found by the regex rules of ``rules/results.yml`` (label
``RES_PERCENT``); this module turns the matched text into a float. Wire copy writes
the same figure many ways: ``92.05 percent``, ``92.6%``, ``93,9%`` (decimal comma),
``0, 66%`` / ``59. 2 percent`` (a stray space after the separator), ``22.04.%``,
``two percent``, ``Thirty-seven percent``, ``per cent``, ``pct``, and numbers broken
across a line.
"""

from __future__ import annotations

import re

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}

# digits with an optional decimal part; the separator may be followed by one stray space
_NUMERIC = re.compile(r"(\d{1,3})(?:([.,])\s?(\d{1,3}))?")
_UNIT_TAIL = re.compile(r"\s*\.?\s*(?:%|per\s*cent\b|percent(?:age)?\b|pct\b)\s*$", re.IGNORECASE)


def word_number(text: str) -> float | None:
    """'two' -> 2.0, 'Thirty-seven' -> 37.0, 'a hundred' -> 100.0; None when not a number word."""
    words = re.split(r"[\s-]+", text.strip().lower())
    if words and words[0] in {"a", "one"} and words[-1] == "hundred":
        return 100.0
    if words == ["hundred"]:
        return 100.0
    total = 0
    for w in words:
        if w in TENS:
            total += TENS[w]
        elif w in UNITS:
            total += UNITS[w]
        else:
            return None
    return float(total)


def parse_number(text: str) -> float | None:
    """The number at the start of ``text`` ('93,9' -> 93.9, '59. 2' -> 59.2, '1,234' -> 1234.0)."""
    text = text.strip()
    m = _NUMERIC.match(text)
    if not m:
        return word_number(text)
    whole, sep, frac = m.group(1), m.group(2), m.group(3)
    if not sep:
        return float(whole)
    if sep == "," and len(frac) == 3 and " " not in m.group(0):
        return float(whole + frac)  # thousands separator: 1,234
    return float(f"{whole}.{frac}")


def parse_percent(text: str) -> float | None:
    """Value of a percent expression ('92.05 percent', '93,9%', 'two per cent', '22.04.%')."""
    body = _UNIT_TAIL.sub("", text.replace("\n", " ")).strip()
    if not body:
        return None
    value = parse_number(body)
    if value is None or value > 100:
        return None
    return value
