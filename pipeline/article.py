"""Article stage: wire headers, datelines, titles, and body normalization with a character map.

``build_article(raw)`` is a pure function of the raw document. The normalized body keeps
paragraph breaks (a blank line), unwraps hard-wrapped lines and collapses spaces; the
character map sends every normalized offset back to the raw input.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from pipeline.dates import MONTH_RE, parse_absolute_date
from pipeline.io.readers import RawDoc
from pipeline.records import Article, Dateline, text_id

# ` date 2024-02-08 (MENAFN- Trend News Agency) ` at the very start of the text.
MENAFN_RE = re.compile(r"(?:date\s+(?P<date>\d{4}-\d{2}-\d{2})\s+)?\((?P<publisher>MENAFN)\s*-\s*(?P<agency>[^)\n]{1,60})\)\s*")

_WORD = r"[A-Z][A-Za-z.']*(?:-[A-Za-z.']+)*"  # "Port-au-Prince"; a hyphen only inside a word
_CAPS = r"[A-Z][A-Z.']+(?:-[A-Z.']+)*"  # an all-capitals word: "BAKU", "NEW", "ST."
_PLACE = rf"(?P<place>{_WORD}(?: {_WORD}){{0,3}}(?:,\s+{_WORD}(?: {_WORD}){{0,2}})?)"
_CAPS_PLACE = rf"(?P<place>{_CAPS}(?: {_CAPS}){{0,2}}(?:,\s+{_WORD}(?: {_WORD}){{0,2}})?)"
_DATE = rf"(?P<date>{MONTH_RE}\s*\d{{1,2}}(?:\s*,\s*\d{{4}})?|\d{{1,2}}\s+{MONTH_RE}(?:\s*,?\s*\d{{4}})?)"
_AGENCY = r"\((?P<agency>[A-Za-z0-9][\w.&' \-]{0,40})\)"
_DASH = r"(?:--|-|–|—|_)"
_SEP = rf"\s*(?:{_DASH}|:)?\s*"
_AHEAD = r"(?=[A-Z0-9\"'“‘(])"  # the body goes on with a sentence
_AHEAD_WORD = r"(?=[A-Z\"“‘])"  # ... with a word: "Aliyev (YAP) 92%" is a list line, not a dateline
DATELINE_RES = [
    # MOSCOW, March 18 (TASS) - / WASHINGTON, Feb. 13 (Xinhua) -- / MONROVIA, Nov. 10 , 2005 (Xinhua)
    re.compile(rf"^{_PLACE},\s+{_DATE}\s*,?\s*{_AGENCY}{_SEP}"),
    # BAKU, Azerbaijan, February 8.  /  MOSCOW, March 18. /TASS/.
    re.compile(rf"^{_PLACE},\s+{_DATE}\s*\.(?:\s*/(?P<agency>[A-Za-z][\w.\- ]{{0,30}})/\.?)?\s+"),
    # Baku, April 11, AZERTAC -  /  Baku, February 07, 2024, The Europe Today:
    re.compile(rf"^{_PLACE},\s+{_DATE}\s*,\s*(?P<agency>[A-Z][\w.&'\-]*(?: [A-Z][\w.&'\-]*){{0,3}})\s*(?:{_DASH}|:)\s*"),
    # HOUSTON, April 24 - Texas Commerce ...
    re.compile(rf"^{_PLACE},\s+{_DATE}\s*{_DASH}\s*{_AHEAD}"),
    # Baku, October 9 / Trend, I.Izzet   (agency, then an optional byline, alone on the line)
    re.compile(rf"^{_PLACE},\s+{_DATE}\s*/\s*(?P<agency>[A-Z][\w.&'\-]*(?: [A-Z][\w.&'\-]*){{0,3}})(?:,[^\n,]{{1,40}})?[ \t]*(?=\n|$)"),
    # NEW YORK, Dec 15 , 2005   (alone on its line)
    re.compile(rf"^{_PLACE},\s+{_DATE}[ \t]*(?=\r?\n|$)"),
    # Baku/07.02.24/Turan:
    re.compile(r"^(?P<place>[A-Z][A-Za-z\-]+)/(?P<date>\d{1,2}\.\d{1,2}\.\d{2,4})/(?P<agency>[A-Za-z][\w.\- ]{0,30}):\s*"),
    # BISHKEK (24.kg) -  /  CANBERRA, Australia (AP)_
    re.compile(rf"^{_CAPS_PLACE}\s*{_AGENCY}{_SEP}"),
    # Washington (CNN) Hillary Clinton ...
    re.compile(rf"^(?P<place>{_WORD}(?: {_WORD})?)\s+\((?P<agency>[A-Z][\w.&\-]{{1,20}})\)\s*(?:{_DASH}\s*)?{_AHEAD_WORD}"),
    # RANGOON, Burma - Aung San ...
    re.compile(rf"^{_CAPS_PLACE}\s+{_DASH}\s+{_AHEAD_WORD}"),
    # (Xinhua) -- Prices rose ...   (an agency credit without a place)
    re.compile(rf"^(?P<place>){_AGENCY}\s*(?:--|–|—|-)\s*{_AHEAD_WORD}"),
]
# First words that open a line like a dateline but are labels, not places.
_NOT_PLACES = {"published", "updated", "by", "the", "photo", "video", "update", "breaking", "exclusive", "read", "watch"}

# Closing credits: "..., Trend reports." / "..., Azernews reports, citing Trend." /
# "UNN reports this, citing ..." / "a Vestnik Kavkaza correspondent reports".
_NAME = r"[A-Z][\w.\-]*(?: [A-Z][\w.\-]*){0,3}"
CREDIT_RES = [
    re.compile(rf",\s+(?P<agency>{_NAME}) (?:reports|informs|reported)(?:,\s+citing\b[^.\n]{{0,80}})?\s*[.]"),
    re.compile(rf"(?:^|(?<=[.!?] ))(?P<agency>{_NAME}) (?:reports|informs|reported) this\b", re.M),
    re.compile(rf"\b(?:a|an) (?P<agency>{_NAME}) correspondent (?:reports|reported)"),
]
# A closing copyright line names the publisher: "© News.Az", "Copyright 2024 Outlet".
_COPYRIGHT_RE = re.compile(r"^(?:©|\(c\)|Copyright)\s*(?:\d{4}\s*)?(?P<publisher>[A-Z][\w.&'\-]*(?: [A-Z][\w.&'\-]*){0,3})\.?$", re.I)
# "World | Outlet": a section label and the outlet under a headline.
_SECTION_OUTLET_RE = re.compile(r"^[A-Z][\w&'\-]*(?: [\w&'\-]+){0,3}\s+\|\s+(?P<publisher>[A-Z][\w.&'\-]*(?: [A-Z][\w.&'\-]*){0,3})$")
_YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b")
# A run of blank lines in one match, else one line with its line break.
_LINE_RE = re.compile(r"(?:[^\S\n\r]*(?:\r\n|\n|\r))+|[^\n\r]*(?:\r\n|\n|\r|$)")
_META_LABEL_RE = re.compile(r"^(?:-\s+|Published:\s*|Updated:\s*|Date:\s*)", re.I)
_CLOCK_RE = re.compile(r"\d{1,2}:\d{2}")
_DATE_PIECES_RE = re.compile(rf"\d+|{MONTH_RE}|[\s,./\-]", re.I)
_DOTTED_DATE_RE = re.compile(r"\d{1,2}\.\d{1,2}\.\d{2,4}")
_NAME_SPLIT_RE = re.compile(r"[\s\-]+")
META_LINE_MAX = 200  # metadata lines are short; longer lines are body text

_TIME_RE = re.compile(r"^\d{1,2}:\d{2}(?:\s*\(?UTC\s*[+-]?\s*\d{1,2}(?::?\d{2})?(?:\s+\w+)?\)?)?$", re.I)
_BYLINE_RE = re.compile(r"^By\s+(?P<agency>[A-Z][\w.\-]*(?: [A-Z][\w.\-]*){0,3})$")
_DOMAIN_RE = re.compile(r"^[A-Za-z0-9\-]+\.[A-Za-z]{2,4}$")
_BULLET_RE = re.compile(r"^\s*(?:[-•*–]\s+)")
_SENTENCE_END = ('.', '!', '?', '"', '”', '’', "'", ':', ';', ')')


# --------------------------------------------------------------------------- character map


@dataclass(frozen=True)
class CharMap:
    """Run-length map from normalized offsets to raw offsets (compact for 20 MB articles)."""

    starts: tuple[int, ...]  # normalized start of each segment
    raws: tuple[int, ...]  # raw offset of that start
    linear: tuple[bool, ...]  # True: chars map one to one; False: inserted separator

    def raw_offset(self, i: int) -> int:
        k = max(0, bisect.bisect_right(self.starts, i) - 1)
        if not self.starts:
            return i
        return self.raws[k] + (i - self.starts[k] if self.linear[k] else 0)


class _Builder:
    def __init__(self, raw: str):
        self.raw = raw
        self.parts: list[str] = []
        self.length = 0
        self.starts: list[int] = []
        self.raws: list[int] = []
        self.linear: list[bool] = []

    def copy(self, start: int, end: int) -> None:
        """Append raw[start:end] verbatim, merging with the previous run when contiguous."""
        if start >= end:
            return
        if self.linear and self.linear[-1] and self.raws[-1] + (self.length - self.starts[-1]) == start:
            pass  # continues the previous linear segment
        else:
            self.starts.append(self.length)
            self.raws.append(start)
            self.linear.append(True)
        self.parts.append(self.raw[start:end])
        self.length += end - start

    def insert(self, sep: str, raw_at: int) -> None:
        if self.length and self.raw[raw_at : raw_at + len(sep)] == sep and sep == " ":
            self.copy(raw_at, raw_at + 1)
            return
        self.starts.append(self.length)
        self.raws.append(raw_at)
        self.linear.append(False)
        self.parts.append(sep)
        self.length += len(sep)

    def build(self) -> tuple[str, CharMap]:
        return "".join(self.parts), CharMap(tuple(self.starts), tuple(self.raws), tuple(self.linear))


# --------------------------------------------------------------------------- lines


class _Line(NamedTuple):  # a tuple: cheap to build for every line of a 20 MB article
    start: int  # raw offset of the first non-space char
    end: int  # raw offset after the last non-space char
    text: str

    @property
    def blank(self) -> bool:
        return not self.text


def _lines(raw: str) -> list[_Line]:
    """Stripped lines; a run of blank lines is one blank line (only "a blank line" matters)."""
    out = []
    for m in _LINE_RE.finditer(raw):
        if m.start() == m.end():
            continue
        body = m.group().rstrip("\r\n")
        stripped = body.strip()
        if not stripped:
            out.append(_Line(m.start(), m.start(), ""))
            continue
        lead = len(body) - len(body.lstrip())
        out.append(_Line(m.start() + lead, m.start() + lead + len(stripped), stripped))
    return out


# --------------------------------------------------------------------------- header


@dataclass
class _Header:
    title: str | None = None
    published: str | None = None
    publisher: str | None = None
    agency: str | None = None
    place: str | None = None
    dateline_date: str | None = None
    # Raw (start, end) ranges that are header, not body: title, metadata lines, the dateline.
    skips: list[tuple[int, int]] = field(default_factory=list)


def _meta_line(text: str) -> dict[str, str] | None:
    """Parse a header metadata line ("Published: 7 Feb 2024 | Outlet", "11.04.2018", "By Trend")."""
    if len(text) > META_LINE_MAX:
        return None
    byline = _BYLINE_RE.match(text)
    if byline:
        return {"agency": byline.group("agency")}
    if _DOMAIN_RE.match(text):
        return {"publisher": text}
    found: dict[str, str] = {}
    parts = [p.strip() for p in text.split("|")]
    others = []
    for part in parts:
        part = _META_LABEL_RE.sub("", part).strip()
        if not part:
            continue
        date = _date_part(part)
        if date:
            found.setdefault("published", date)
        elif _TIME_RE.match(part):
            found.setdefault("time", part)
        else:
            others.append(part)
    if not found:
        return None
    if others:
        if any(len(o.split()) > 5 or o.endswith(".") for o in others):
            return None
        found["publisher"] = others[-1]
    return found


def _date_part(part: str) -> str | None:
    """A part that is only a date (and maybe a time), e.g. '7 Feb 2024, 19:55 (UTC+3 MSK)'."""
    time = _CLOCK_RE.search(part)
    cleaned = (part[: time.start()] if time else part).strip(" ,\t")
    date = parse_absolute_date(cleaned) or _us_date(cleaned)
    if not date:
        return None
    leftovers = _DATE_PIECES_RE.sub("", cleaned)
    return date if not leftovers else None


_US_NUMERIC = re.compile(r"(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})")


def _us_date(part: str) -> str | None:
    """'02/13/1998': month first, recognizable when the day cannot be a month."""
    m = _US_NUMERIC.fullmatch(part)
    if not m or int(m.group("d")) <= 12:
        return None
    return parse_absolute_date(f"{m.group('y')}-{m.group('m')}-{m.group('d')}")


def _looks_like_title(line: _Line, following: _Line | None, known_title: str | None) -> bool:
    """A headline: a short line set apart by a blank line, metadata or the dateline."""
    if known_title is not None:  # the input names its title: only that line is the headline
        return line.text.rstrip(".") == known_title.rstrip(".")
    if len(line.text) > 250 or MENAFN_RE.match(line.text) or _match_dateline(line.text[:200]):
        return False
    if following is None:
        return False
    if following.blank or _meta_line(following.text) or _match_dateline(following.text[:200]):
        return not line.text.endswith(".") or len(line.text) < 120
    return False


def _match_dateline(text: str) -> re.Match[str] | None:
    for pattern in DATELINE_RES:
        m = pattern.match(text)
        place = m.group("place") if m else ""
        if m and (not place or place.split(",")[0].split()[0].lower() not in _NOT_PLACES):
            return m
    return None


def _place(raw_place: str) -> str:
    """'BAKU, Azerbaijan' -> 'Baku, Azerbaijan'; keeps mixed-case places as written."""
    parts = [p.strip() for p in raw_place.split(",")]
    return ", ".join(p.title() if p.isupper() and len(p) > 3 else p for p in parts)


HEADER_LINES = 10  # non-blank lines searched for headline, metadata and dateline
LEAD_PARAGRAPHS = 3  # body paragraphs (decks, highlights) a dateline may follow


def parse_header(raw: str, lines: list[_Line], known_title: str | None = None) -> _Header:
    """Headline, metadata lines and the dateline at the top of a text; all become skips."""
    header = _Header()
    seen = body_paragraphs = 0
    for index, line in enumerate(lines):
        if line.blank:
            continue
        seen += 1
        if seen > HEADER_LINES or body_paragraphs > LEAD_PARAGRAPHS:
            break
        following = next((ln for ln in lines[index + 1 : index + 3] if not ln.blank), None)
        nxt = lines[index + 1] if index + 1 < len(lines) else None
        menafn = MENAFN_RE.match(raw, line.start)
        if menafn and menafn.start() == line.start and header.publisher is None:
            header.published = header.published or menafn.group("date")
            header.publisher = menafn.group("publisher")
            header.agency = header.agency or menafn.group("agency").strip()
            header.skips.append((line.start, menafn.end()))
            _parse_dateline(raw, menafn.end(), header)
            break
        meta = _meta_line(line.text)
        if meta:
            header.published = header.published or meta.get("published")
            header.publisher = header.publisher or meta.get("publisher")
            header.agency = header.agency or meta.get("agency")
            header.skips.append((line.start, line.end))
            continue
        if header.title is None and not body_paragraphs and _looks_like_title(line, nxt, known_title):
            header.title = line.text
            header.skips.append((line.start, line.end))
            outlet = _SECTION_OUTLET_RE.match(following.text) if following else None
            if outlet and not header.publisher:
                header.publisher = outlet.group("publisher")
                header.skips.append((following.start, following.end))
            continue
        if (line.start, line.end) in header.skips:
            continue
        if _parse_dateline(raw, line.start, header, bare=not body_paragraphs):
            break
        body_paragraphs += 1
    _complete_dates(raw, header)
    return header


def _parse_dateline(raw: str, start: int, header: _Header, bare: bool = True) -> bool:
    """A dateline at ``start``: fill place, date and agency, skip it; False if there is none.

    ``bare=False`` (a paragraph after the first) wants a date or an agency beside the place.
    """
    while start < len(raw) and raw[start].isspace():
        start += 1
    m = _match_dateline(raw[start : start + 200])
    if not m or not (bare or m.groupdict().get("date") or m.groupdict().get("agency")):
        return False
    header.place = _place(m.group("place")) or None
    date_text = m.groupdict().get("date")
    if date_text:
        if _DOTTED_DATE_RE.fullmatch(date_text):
            header.dateline_date = parse_absolute_date(date_text)
        else:
            year = _year_of(header.published)
            header.dateline_date = parse_absolute_date(date_text, default_year=year)
            if header.dateline_date is None:
                header.dateline_date = _with_lead_year(raw, start + m.end(), date_text)
    agency = (m.groupdict().get("agency") or "").strip()
    if agency and not header.agency:
        header.agency = agency
    header.skips.append((start, start + m.end()))
    return True


def _year_of(iso: str | None) -> int | None:
    return int(iso[:4]) if iso else None


def _with_lead_year(raw: str, start: int, date_text: str) -> str | None:
    """'March 18' in a dateline takes the latest year its lead paragraph names ('the 2024 election')."""
    end = raw.find("\n\n", start)
    lead = raw[start : end if end != -1 else start + 1500][:1500]
    years = [int(y) for y in _YEAR_RE.findall(lead)]
    return parse_absolute_date(date_text, default_year=max(years)) if years else None


def _complete_dates(raw: str, header: _Header) -> None:
    """A wire story is published on its dateline's date when nothing else says so."""
    if header.published is None and header.dateline_date:
        header.published = header.dateline_date


def _cut(lines: list[_Line], skips: list[tuple[int, int]]) -> list[_Line]:
    """Drop what the skips cover: whole lines, or the head of a line (a dateline)."""
    if not skips:
        return lines
    ordered = sorted(skips)
    out = []
    for line in lines:
        start = line.start
        dropped = False
        for s, e in ordered:
            if s <= start and line.end <= e and (not line.blank or s < start):
                dropped = True
                break
            if s <= start < e:
                start = e
        if dropped:
            continue
        if start != line.start:
            text = line.text[start - line.start :]
            lead = len(text) - len(text.lstrip())
            line = _Line(start + lead, line.end, text.strip())
            if line.blank:
                continue
        out.append(line)
    return out


# --------------------------------------------------------------------------- body


def _paragraph_breaks(lines: list[_Line]) -> list[bool]:
    """For each non-blank line: does it start a new paragraph?"""
    texts = [ln for ln in lines if not ln.blank]
    has_blank = any(ln.blank for ln in lines)
    long_lines = bool(texts) and sum(len(ln.text) for ln in texts) / len(texts) > 160
    breaks = []
    prev: _Line | None = None
    blank_seen = False
    for line in lines:
        if line.blank:
            blank_seen = True
            continue
        if prev is None:
            breaks.append(False)
        elif blank_seen or long_lines or _BULLET_RE.match(line.text):
            breaks.append(True)
        elif has_blank:
            breaks.append(False)
        else:
            breaks.append(prev.text.endswith(_SENTENCE_END))
        prev = line
        blank_seen = False
    return breaks


def _hyphen_end(line: _Line) -> bool:
    """'Johnson-' at a line end: the word goes on on the next line, with no space."""
    text = line.text
    return len(text) > 1 and text.endswith("-") and text[-2].isalpha()


def _split_word(line: _Line, following: _Line) -> bool:
    """'elec-' + 'tion': a word hyphenated only to wrap it (a lower-case letter goes on)."""
    return _hyphen_end(line) and following.text[:1].islower()


def normalize_body(
    raw: str, start: int = 0, skips: list[tuple[int, int]] | None = None, lines: list[_Line] | None = None
) -> tuple[str, CharMap]:
    """Unwrap hard-wrapped lines, keep paragraph breaks, collapse spaces; map back to raw.

    ``skips`` are raw ranges left out (header lines, the dateline).
    """
    builder = _Builder(raw)
    if lines is None:
        lines = _lines(raw)
    lines = _cut([ln for ln in lines if ln.start >= start or ln.end > start], [(0, start), *(skips or [])])
    breaks = _paragraph_breaks(lines)
    content = [ln for ln in lines if not ln.blank]
    for index, (line, new_paragraph) in enumerate(zip(content, breaks)):
        if index:
            prev = content[index - 1]
            if new_paragraph:
                builder.insert("\n\n", prev.end)
            elif not _hyphen_end(prev):
                builder.insert(" ", prev.end)
        end = line.end
        if not new_paragraph_after(breaks, index) and index + 1 < len(content) and _split_word(line, content[index + 1]):
            end -= 1  # drop the line-end hyphen of a split word
        _copy_collapsed(builder, raw, line.start, end)
    return builder.build()


def new_paragraph_after(breaks: list[bool], index: int) -> bool:
    return index + 1 < len(breaks) and breaks[index + 1]


_ODD_SPACE = re.compile(r"\s{2,}|[^\S ]")  # whitespace other than one plain space


def _copy_collapsed(builder: _Builder, raw: str, start: int, end: int) -> None:
    """Copy raw[start:end] (no outer whitespace), each inner whitespace run as one space."""
    pos = start
    for m in _ODD_SPACE.finditer(raw, start, end):
        builder.copy(pos, m.start())
        builder.insert(" ", m.start())
        pos = m.end()
    builder.copy(pos, end)


# --------------------------------------------------------------------------- article


def _agency_from_credits(text: str) -> str | None:
    head = text[:3000]
    for pattern in CREDIT_RES:
        m = pattern.search(head)
        if m:
            return m.group("agency")
    return None


def _publisher_from_copyright(text: str) -> str | None:
    """'© Outlet' on one of the last lines."""
    for line in text[-600:].splitlines()[-3:]:
        m = _COPYRIGHT_RE.match(line.strip())
        if m:
            return m.group("publisher")
    return None


def _short_name(publisher: str | None, credit: str | None) -> str | None:
    """The name the story itself uses for its publisher: 'Xinhua' for 'Xinhua News Agency',
    'AFP' for 'Agence France-Presse' (the credit is the first word or the initials)."""
    if not publisher or not credit or len(credit) < 2 or credit == publisher:
        return publisher
    words = [w for w in _NAME_SPLIT_RE.split(publisher) if w]
    initials = "".join(w[0] for w in words if w[0].isupper())
    if len(words) > 1 and (credit == words[0] or credit == initials):
        return credit
    return publisher


def _clean_meta(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def build_article(raw: RawDoc) -> Article:
    """Normalize one raw document into an Article (pure; raises nothing on odd text)."""
    text = raw.text
    lines = _lines(text)
    meta = raw.meta
    known_title = _clean_meta(meta.get("title"))
    header = parse_header(text, lines, known_title) if raw.origin == "text" else _Header()
    body, char_map = normalize_body(text, 0, header.skips, lines)
    published = parse_absolute_date(str(meta["published"])) if meta.get("published") else None
    published = published or header.published
    agency = _clean_meta(meta.get("agency")) or header.agency or _agency_from_credits(body)
    publisher = _clean_meta(meta.get("publisher")) or header.publisher or _publisher_from_copyright(body)
    dateline = None
    if header.place or header.dateline_date:
        dateline = Dateline(place=header.place, date=header.dateline_date)
    return Article(
        id=text_id(body),
        path=raw.path,
        title=known_title or header.title,
        published=published,
        publisher=_short_name(publisher, header.agency),
        agency=agency,
        dateline=dateline,
        text=body,
        url=_clean_meta(meta.get("url")),
        char_map=char_map,
    )


def error_article(path: str, error: str) -> Article:
    """The articles.jsonl line of an input that could not be processed."""
    return Article(id=text_id("\x00error\x00" + path), path=path, status="error", error=error)
