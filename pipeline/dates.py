"""Absolute date parsing shared by the article stage and the extractors.

Only *absolute* forms are parsed here, by hand, because they are cheap and exact
("7 February 2024", "Feb. 7, 2024", "07.02.2024", "2024-02-07"). Relative and partial
expressions ("on Sunday", "February 7") are resolved against the article date by
``resolve_date`` with dateparser (``RELATIVE_BASE``), one short span at a time.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
MONTH_RE = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"

_ISO = re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})")
_NUMERIC = re.compile(r"(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>\d{4}|\d{2})\b")
_DAY_MONTH = re.compile(rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon>{MONTH_RE}),?\s*(?P<y>\d{{4}})?", re.I)
_MONTH_DAY = re.compile(rf"(?P<mon>{MONTH_RE})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*,\s*(?P<y>\d{{4}}))?", re.I)


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _year(text: str | None, default: int | None) -> int | None:
    if not text:
        return default
    year = int(text)
    return year + 2000 if year < 100 else year


def parse_absolute_date(text: str, default_year: int | None = None) -> str | None:
    """ISO date of the first absolute date in ``text`` (a short span), or None.

    A day and month without a year take ``default_year`` (None: not absolute).
    """
    if not text:
        return None
    for pattern in (_ISO, _NUMERIC):
        m = pattern.search(text)
        if m:
            year = _year(m.group("y"), default_year)
            return _iso(year, int(m.group("m")), int(m.group("d"))) if year else None
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        m = pattern.search(text)
        if m:
            month = MONTHS[m.group("mon").lower().rstrip(".")]
            year = _year(m.group("y"), default_year)
            return _iso(year, month, int(m.group("d"))) if year else None
    return None


def nearest_past(month: int, day: int, base: dt.date) -> str | None:
    """The date with this month/day on or before ``base`` (wire copy reports the past)."""
    for year in (base.year, base.year - 1):
        iso = _iso(year, month, day)
        if iso and iso <= base.isoformat():
            return iso
    return _iso(base.year, month, day)


@lru_cache(maxsize=4096)
def resolve_date(span: str, base: str | None) -> str | None:
    """Resolve a date span against the article date ``base`` (ISO), preferring the past.

    Memoized: the same span against the same base always gives the same answer, so the
    cache cannot make output depend on processing order.
    """
    base_date = dt.date.fromisoformat(base) if base else None
    absolute = parse_absolute_date(span, default_year=None)
    if absolute:
        return absolute
    if base_date:
        for pattern in (_DAY_MONTH, _MONTH_DAY):
            m = pattern.search(span)
            if m:
                return nearest_past(MONTHS[m.group("mon").lower().rstrip(".")], int(m.group("d")), base_date)
    return _dateparser_resolve(span, base_date)


def _dateparser_resolve(span: str, base: dt.date | None) -> str | None:
    import dateparser  # slow import; only needed for relative expressions

    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False, "STRICT_PARSING": False}
    if base:
        settings["RELATIVE_BASE"] = dt.datetime(base.year, base.month, base.day, 12, 0)
    try:
        parsed = dateparser.parse(span, languages=["en"], settings=settings)
    except Exception:  # dateparser raises assorted errors on odd input; a span is just not a date
        return None
    return parsed.date().isoformat() if parsed else None
