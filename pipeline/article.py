"""Article stage: wire headers, datelines, titles, and body normalization with a character map.

``build_article(raw)`` is a pure function of the raw document. The normalized body keeps
paragraph breaks (a blank line), unwraps hard-wrapped lines and collapses spaces; the
character map sends every normalized offset back to the raw input.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from pipeline.dates import MONTH_RE, parse_absolute_date
from pipeline.io.readers import RawDoc
from pipeline.records import Article, Dateline, text_id

# ` date 2024-02-08 (MENAFN- Trend News Agency) ` at the very start of the text.
MENAFN_RE = re.compile(r"(?:date\s+(?P<date>\d{4}-\d{2}-\d{2})\s+)?\((?P<publisher>MENAFN)\s*-\s*(?P<agency>[^)]{1,60})\)\s*")

_PLACE = r"(?P<place>[A-Z][A-Za-z.'\-]*(?:[ -][A-Z][A-Za-z.'\-]*){0,3}(?:,\s+[A-Z][A-Za-z.'\-]*(?: [A-Z][A-Za-z.'\-]*){0,2})?)"
_DATE = rf"(?P<date>{MONTH_RE}\s*\d{{1,2}}(?:\s*,\s*\d{{4}})?|\d{{1,2}}\s+{MONTH_RE}(?:\s*,?\s*\d{{4}})?)"
_AGENCY = r"\((?P<agency>[A-Za-z][\w.&' \-]{0,40})\)"
_SEP = r"\s*(?:--|-|–|—|:)?\s*"
DATELINE_RES = [
    # MOSCOW, March 18 (TASS) - / WASHINGTON, Feb. 13 (Xinhua) -- / MONROVIA, Nov. 10 , 2005 (Xinhua)
    re.compile(rf"^{_PLACE},\s+{_DATE}\s*,?\s*{_AGENCY}{_SEP}"),
    # BAKU, Azerbaijan, February 8.  /  MOSCOW, March 18. /TASS/.
    re.compile(rf"^{_PLACE},\s+{_DATE}\s*\.(?:\s*/(?P<agency>[A-Za-z][\w.\- ]{{0,30}})/\.?)?\s+"),
    # Baku, April 11, AZERTAC -  /  Baku, February 07, 2024, The Europe Today:
    re.compile(rf"^{_PLACE},\s+{_DATE}\s*,\s*(?P<agency>[A-Z][\w.&'\-]*(?: [A-Z][\w.&'\-]*){{0,3}})\s*(?:--|-|–|—|:)\s*"),
    # Baku/07.02.24/Turan:
    re.compile(r"^(?P<place>[A-Z][A-Za-z\-]+)/(?P<date>\d{1,2}\.\d{1,2}\.\d{2,4})/(?P<agency>[A-Za-z][\w.\- ]{0,30}):\s*"),
    # BISHKEK (24.kg) -
    re.compile(rf"^(?P<place>[A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+){{0,2}})\s*{_AGENCY}{_SEP}"),
]

# Closing credits: "..., Trend reports." / "a Vestnik Kavkaza correspondent reports".
CREDIT_RES = [
    re.compile(r",\s+(?P<agency>[A-Z][\w.\-]*(?: [A-Z][\w.\-]*){0,3}) (?:reports|informs|reported)\s*[.]"),
    re.compile(r"\b(?:a|an) (?P<agency>[A-Z][\w.\-]*(?: [A-Z][\w.\-]*){0,3}) correspondent (?:reports|reported)"),
]

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


@dataclass(frozen=True)
class _Line:
    start: int  # raw offset of the first non-space char
    end: int  # raw offset after the last non-space char
    text: str

    @property
    def blank(self) -> bool:
        return not self.text


def _lines(raw: str) -> list[_Line]:
    out = []
    for m in re.finditer(r"[^\n\r]*(?:\r\n|\n|\r|$)", raw):
        if m.start() == m.end():
            continue
        body = m.group().rstrip("\r\n")
        stripped = body.strip()
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
    body_start: int = 0  # raw offset where the body begins


def _meta_line(text: str) -> dict[str, str] | None:
    """Parse a header metadata line ("Published: 7 Feb 2024 | Outlet", "11.04.2018", "By Trend")."""
    byline = _BYLINE_RE.match(text)
    if byline:
        return {"agency": byline.group("agency")}
    if _DOMAIN_RE.match(text):
        return {"publisher": text}
    found: dict[str, str] = {}
    parts = [p.strip() for p in text.split("|")]
    others = []
    for part in parts:
        part = re.sub(r"^(?:-\s+|Published:\s*|Updated:\s*|Date:\s*)", "", part, flags=re.I).strip()
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
    cleaned = re.sub(r"[,\s]*\d{1,2}:\d{2}.*$", "", part).strip(" ,")
    date = parse_absolute_date(cleaned)
    if not date:
        return None
    leftovers = re.sub(rf"\d+|{MONTH_RE}|[\s,./\-]", "", cleaned, flags=re.I)
    return date if not leftovers else None


def _looks_like_title(line: _Line, following: _Line | None) -> bool:
    if len(line.text) > 250 or MENAFN_RE.match(line.text) or _match_dateline(line.text):
        return False
    if following is None:
        return False
    if following.blank or _meta_line(following.text):
        return not line.text.endswith(".") or len(line.text) < 120
    return False


def _match_dateline(text: str) -> re.Match[str] | None:
    for pattern in DATELINE_RES:
        m = pattern.match(text)
        if m:
            return m
    return None


def _place(raw_place: str) -> str:
    """'BAKU, Azerbaijan' -> 'Baku, Azerbaijan'; keeps mixed-case places as written."""
    parts = [p.strip() for p in raw_place.split(",")]
    return ", ".join(p.title() if p.isupper() and len(p) > 3 else p for p in parts)


def parse_header(raw: str, lines: list[_Line]) -> _Header:
    header = _Header()
    index = 0
    while index < len(lines) and index < 12:
        line = lines[index]
        nxt = lines[index + 1] if index + 1 < len(lines) else None
        if line.blank:
            index += 1
            continue
        menafn = MENAFN_RE.match(raw, line.start)
        if menafn and menafn.start() == line.start:
            header.published = header.published or menafn.group("date")
            header.publisher = header.publisher or menafn.group("publisher")
            header.agency = header.agency or menafn.group("agency").strip()
            header.body_start = menafn.end()
            break
        meta = _meta_line(line.text)
        if meta and (header.title or index > 0 or header.published):
            header.published = header.published or meta.get("published")
            header.publisher = header.publisher or meta.get("publisher")
            header.agency = header.agency or meta.get("agency")
            index += 1
            header.body_start = line.end
            continue
        if meta and index == 0 and "published" in meta:
            header.published = meta.get("published")
            header.publisher = header.publisher or meta.get("publisher")
            index += 1
            header.body_start = line.end
            continue
        if header.title is None and not header.published and _looks_like_title(line, nxt):
            header.title = line.text
            index += 1
            header.body_start = line.end
            continue
        header.body_start = line.start
        break
    _parse_dateline(raw, header)
    return header


def _parse_dateline(raw: str, header: _Header) -> None:
    """Consume a dateline at the start of the body, filling place, date and agency."""
    while header.body_start < len(raw) and raw[header.body_start].isspace():
        header.body_start += 1
    m = _match_dateline(raw[header.body_start : header.body_start + 200])
    if not m:
        return
    place = m.group("place")
    if place.split(",")[0].strip().lower() in {"published", "updated", "by", "the"}:
        return
    header.place = _place(place)
    year = int(header.published[:4]) if header.published else None
    date_text = m.groupdict().get("date")
    if date_text:
        if re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{2,4}", date_text):
            header.dateline_date = parse_absolute_date(date_text)
        else:
            header.dateline_date = parse_absolute_date(date_text, default_year=year)
    agency = (m.groupdict().get("agency") or "").strip()
    if agency and not header.agency:
        header.agency = agency
    header.body_start += m.end()


# --------------------------------------------------------------------------- body


def _body_lines(raw: str, start: int) -> list[_Line]:
    lines = _lines(raw[start:])
    return [_Line(ln.start + start, ln.end + start, ln.text) for ln in lines]


def _paragraph_breaks(lines: list[_Line]) -> list[bool]:
    """For each line after the first: does it start a new paragraph?"""
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


def normalize_body(raw: str, start: int = 0) -> tuple[str, CharMap]:
    """Unwrap hard-wrapped lines, keep paragraph breaks, collapse spaces; map back to raw."""
    builder = _Builder(raw)
    lines = [ln for ln in _body_lines(raw, start)]
    breaks = _paragraph_breaks(lines)
    content = [ln for ln in lines if not ln.blank]
    prev: _Line | None = None
    for line, new_paragraph in zip(content, breaks):
        if prev is not None:
            if new_paragraph:
                builder.insert("\n\n", prev.end)
            elif prev.text.endswith("-") and len(prev.text) > 1 and prev.text[-2].isalpha():
                pass  # a word split across lines: join without a space
            else:
                builder.insert(" ", prev.end)
        _copy_collapsed(builder, raw, line)
        prev = line
    return builder.build()


_WORDS = re.compile(r"\S+")


def _copy_collapsed(builder: _Builder, raw: str, line: _Line) -> None:
    previous_end = None
    for m in _WORDS.finditer(raw, line.start, line.end):
        if previous_end is not None:
            builder.insert(" ", previous_end)
        builder.copy(m.start(), m.end())
        previous_end = m.end()


# --------------------------------------------------------------------------- article


def _agency_from_credits(text: str) -> str | None:
    head = text[:3000]
    for pattern in CREDIT_RES:
        m = pattern.search(head)
        if m:
            return m.group("agency")
    return None


def _clean_meta(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def build_article(raw: RawDoc) -> Article:
    """Normalize one raw document into an Article (pure; raises nothing on odd text)."""
    text = raw.text
    lines = _lines(text)
    header = parse_header(text, lines) if raw.origin == "text" else _Header()
    body, char_map = normalize_body(text, header.body_start)
    meta = raw.meta
    published = parse_absolute_date(str(meta["published"])) if meta.get("published") else None
    published = published or header.published
    agency = _clean_meta(meta.get("agency")) or header.agency or _agency_from_credits(body)
    dateline = None
    if header.place or header.dateline_date:
        dateline = Dateline(place=header.place, date=header.dateline_date)
    return Article(
        id=text_id(body),
        path=raw.path,
        title=_clean_meta(meta.get("title")) or header.title,
        published=published,
        publisher=_clean_meta(meta.get("publisher")) or header.publisher,
        agency=agency,
        dateline=dateline,
        text=body,
        url=_clean_meta(meta.get("url")),
        char_map=char_map,
    )


def error_article(path: str, error: str) -> Article:
    """The articles.jsonl line of an input that could not be processed."""
    return Article(id=text_id("\x00error\x00" + path), path=path, status="error", error=error)
