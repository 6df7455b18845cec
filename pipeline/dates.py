"""Date parsing shared by the article stage and the extractors.

*Absolute* forms are parsed by hand, because they are cheap and exact ("7 February 2024",
"Feb. 7, 2024", "07.02.2024", "2024-02-07"). Partial and relative expressions ("February 7",
"on Sunday", "yesterday", "Wednesday's", "the March 15-17") are resolved against the article
date by ``resolve_date``: the common wire forms by hand, the rest with dateparser
(``RELATIVE_BASE`` = article date, preferring the past), one short span at a time.
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

_DIGIT = re.compile(r"\d")
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
    if not text or not _DIGIT.search(text):
        return None  # every absolute form has a digit (most header lines tried have none)
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


WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
_RANGE = re.compile(
    rf"(?P<mon>{MONTH_RE})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:-|–|—|to|through)\s*"
    rf"(?:(?P<mon2>{MONTH_RE})\s+)?(?P<d2>\d{{1,2}})\b(?:\s*,?\s*(?P<y>\d{{4}}))?",
    re.I,
)
_WEEKDAY = re.compile(r"^(?:(?P<rel>last|next|this|past|coming)\s+)?(?P<day>monday|tuesday|wednesday|thursday|friday|saturday|sunday)$")
_DAY_WORDS = {"today": 0, "tonight": 0, "this morning": 0, "this evening": 0, "this afternoon": 0,
              "yesterday": -1, "last night": -1, "the day before yesterday": -2}  # fmt: skip
# Words around a date expression that do not change the day it names.
_NOISE = re.compile(
    r"^(?:(?:on|of|in|the|since|until|from|by|as of|early|late|earlier|later)\s+)+(?=\S)"
    r"|(?:'s|’s|')$|\s+(?:morning|afternoon|evening|night|overnight)$",
    re.I,
)
# Periods coarser than a day ("this year", "last month") name no election date.
_COARSE = re.compile(r"\b(?:years?|months?|decades?|weeks?|season|century|spring|summer|autumn|fall|winter)\b")


FUTURE_COST = 3  # a day ahead of the article date weighs like three days behind it


def nearest_past(month: int, day: int, base: dt.date) -> str | None:
    """The year for a month/day without one: the nearest such date, preferring the past.

    Wire copy mostly reports what happened ("on February 7" in an article of February 8),
    but announces what comes soon ("the second stage will be held on Nov. 20" in an article
    of November 17): a future date wins only when it is much nearer than the past one.
    """
    best: tuple[int, str] | None = None
    for year in (base.year - 1, base.year, base.year + 1):
        iso = _iso(year, month, day)
        if not iso:
            continue
        days = (dt.date.fromisoformat(iso) - base).days
        cost = days * FUTURE_COST if days > 0 else -days
        if best is None or cost < best[0]:
            best = (cost, iso)
    return best[1] if best else None


def _clean(span: str) -> tuple[str, str | None]:
    """Lower-case ``span`` without possessives and leading prepositions; keep a leading last/next."""
    text = " ".join(span.split()).strip(" ,.;:").lower()
    rel = None
    m = re.match(r"^(?:on\s+)?(last|next|this|past|coming)\s+", text)
    if m and _WEEKDAY.match(text[m.start(1):]):
        rel = m.group(1)
    previous = None
    while previous != text:
        previous, text = text, _NOISE.sub("", text).strip(" ,.;:")
    return text, rel


def _relative_day(text: str, rel: str | None, base: dt.date) -> str | None:
    """Weekdays and day words: "Sunday" is the latest Sunday on or before the base date;
    "last Sunday" the latest one before it; "next Sunday" the first one after it."""
    if text in _DAY_WORDS:
        return (base + dt.timedelta(days=_DAY_WORDS[text])).isoformat()
    m = _WEEKDAY.match(text)
    if not m:
        return None
    rel = m.group("rel") or rel
    wanted = WEEKDAYS[m.group("day")]
    if rel in ("next", "coming"):
        ahead = (wanted - base.weekday()) % 7 or 7
        return (base + dt.timedelta(days=ahead)).isoformat()
    back = (base.weekday() - wanted) % 7
    if rel in ("last", "past") and back == 0:
        back = 7
    return (base - dt.timedelta(days=back)).isoformat()


def _range_end(span: str, base: dt.date | None) -> str | None:
    """ "March 15-17" / "March 30-April 4, 2016": the last day (an election is dated by its end)."""
    m = _RANGE.search(span)
    if not m:
        return None
    month = MONTHS[(m.group("mon2") or m.group("mon")).lower().rstrip(".")]
    day = int(m.group("d2"))
    if m.group("y"):
        return _iso(int(m.group("y")), month, day)
    return nearest_past(month, day, base) if base else None


@lru_cache(maxsize=4096)
def resolve_date(span: str, base: str | None) -> str | None:
    """Resolve a date span against the article date ``base`` (ISO), preferring the past.

    Without a base only spans carrying their own year resolve (dateparser would otherwise
    silently use today's date). Memoized: the same span against the same base always gives
    the same answer, so the cache cannot make output depend on processing order.
    """
    base_date = dt.date.fromisoformat(base) if base else None
    ranged = _range_end(span, base_date)
    if ranged:
        return ranged
    absolute = parse_absolute_date(span, default_year=None)
    if absolute:
        return absolute
    if base_date is None:
        return None
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        m = pattern.search(span)
        if m:
            return nearest_past(MONTHS[m.group("mon").lower().rstrip(".")], int(m.group("d")), base_date)
    text, rel = _clean(span)
    if not text or not re.search(r"[a-z]", text) or re.fullmatch(r"\d{4}", text):
        return None  # a bare year names no day
    day = _relative_day(text, rel, base_date)
    if day:
        return day
    if _COARSE.search(text) and not _AGO_OR_LAST_WEEK.search(text):
        return None
    return _ago(text, base_date) or _dateparser_resolve(text, base_date)


_AGO_OR_LAST_WEEK = re.compile(r"\bago\b|\blast week\b")
_AGO_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}  # fmt: skip
_AGO = re.compile(rf"(?P<n>\d{{1,3}}|{'|'.join(_AGO_WORDS)}) (?P<unit>day|week|month|year)s? ago")


def _ago(text: str, base: dt.date) -> str | None:
    """ "38 years ago", "two weeks ago": the base date minus that many units, as dateparser
    computes it (checked equal over 0-120 of each unit, the number words and many base
    dates): the commonest relative form, without loading dateparser (~1 s per process)."""
    m = _AGO.fullmatch(text)
    if not m:
        return None
    from dateutil.relativedelta import relativedelta

    n = _AGO_WORDS.get(m.group("n")) or int(m.group("n"))
    return (base - relativedelta(**{m.group("unit") + "s": n})).isoformat()


def _dateparser_resolve(span: str, base: dt.date) -> str | None:
    import dateparser  # slow import; only needed for the rarer relative expressions

    settings = {
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "STRICT_PARSING": False,
        "RELATIVE_BASE": dt.datetime(base.year, base.month, base.day, 12, 0),
    }
    try:
        parsed = dateparser.parse(span, languages=["en"], settings=settings)
    except Exception:  # dateparser raises assorted errors on odd input; a span is just not a date
        return None
    return parsed.date().isoformat() if parsed else None


@lru_cache(maxsize=1024)
def resolve_announced_date(span: str, base: str | None) -> str | None:
    """Like ``resolve_date`` for a date announced as coming ("will be held on Sunday", "set for
    Dec. 27"): a weekday or a month and day without a year is the next one on or after ``base``."""
    if not base or re.search(r"\b\d{4}\b", span):
        return resolve_date(span, base)
    base_date = dt.date.fromisoformat(base)
    text, _ = _clean(span)
    weekday = _WEEKDAY.match(text)
    if weekday and not weekday.group("rel"):
        return _relative_day("next " + weekday.group("day"), None, base_date)
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        m = pattern.search(span)
        if m and not _RANGE.search(span):
            month, day = MONTHS[m.group("mon").lower().rstrip(".")], int(m.group("d"))
            for year in (base_date.year, base_date.year + 1):
                iso = _iso(year, month, day)
                if iso and iso >= base:
                    # half a year ahead at most: beyond that the cue was about something else
                    if (dt.date.fromisoformat(iso) - base_date).days <= 183:
                        return iso
                    break
    return resolve_date(span, base)
