"""The one schema module: every record the pipeline passes between stages or writes.

Records are frozen slotted dataclasses: a run holds facts for every article, and a
``__dict__`` per instance would double the corpus half's memory.

Per-article stages produce *facts* (``EventFact``, ``ResultFact``, ``ClaimFact``) that carry
one ``Mention`` each; the corpus-level resolve step merges facts into dataset *records*
(``EventRecord``, ``ResultRecord``, ``ClaimRecord``) with all their mentions. Every
record has one ``to_dict`` whose key order is the output contract
(``shared/spec/records.md``); the JSONL, Parquet and CSV writers all use it.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields
from typing import Any

_ID_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=str)  # one, not one per id


def stable_id(*parts: Any, length: int = 16) -> str:
    """A short hex id that depends only on ``parts`` (so re-runs give the same ids)."""
    payload = _ID_ENCODER.encode(parts)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:length]


def text_id(text: str) -> str:
    """Article id: first 16 hex of sha256 of the normalized body text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _ordered(obj: Any) -> dict[str, Any]:
    """Fields in declaration order, nested dataclasses converted too."""
    return {f.name: _plain(getattr(obj, f.name)) for f in fields(obj)}


def _plain(value: Any) -> Any:
    if hasattr(value, "__dataclass_fields__"):
        return value.to_dict() if hasattr(value, "to_dict") else _ordered(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


# --------------------------------------------------------------------------- articles


@dataclass(frozen=True, slots=True)
class Dateline:
    place: str | None
    date: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"place": self.place, "date": self.date}


@dataclass(frozen=True, slots=True)
class Article:
    """One input document after reading and normalization.

    ``text`` is the normalized body; every offset written anywhere points into it.
    ``char_map[i]`` is the offset in the raw input of normalized character ``i``.
    """

    id: str
    path: str
    status: str = "ok"
    title: str | None = None
    published: str | None = None
    publisher: str | None = None
    agency: str | None = None
    dateline: Dateline | None = None
    duplicate_of: str | None = None
    text: str = ""
    error: str | None = None
    url: str | None = None
    char_map: Any = field(default=None, repr=False, compare=False)

    @property
    def date(self) -> str | None:
        """The date events are resolved against: published, else the dateline's date."""
        return self.published or (self.dateline.date if self.dateline else None)

    def to_dict(self) -> dict[str, Any]:
        out = {
            "id": self.id,
            "path": self.path,
            "status": self.status,
            "title": self.title,
            "published": self.published,
            "publisher": self.publisher,
            "agency": self.agency,
            "dateline": self.dateline.to_dict() if self.dateline else None,
            "duplicate_of": self.duplicate_of,
        }
        if self.url:
            out["url"] = self.url
        if self.status == "error":
            out["error"] = self.error or "unknown error"
        else:
            out["text"] = self.text
        return out


@dataclass(frozen=True, slots=True)
class ErrorRecord:
    path: str
    stage: str
    error: str

    def to_dict(self) -> dict[str, Any]:
        return _ordered(self)


# --------------------------------------------------------------------------- per-article facts


@dataclass(frozen=True, slots=True)
class Mention:
    article_id: str
    start: int
    end: int
    sentence: str
    rule: str

    def to_dict(self) -> dict[str, Any]:
        return _ordered(self)

    def shifted(self, offset: int) -> Mention:
        return Mention(self.article_id, self.start + offset, self.end + offset, self.sentence, self.rule)


@dataclass(frozen=True, slots=True)
class EventFact:
    kind: str
    office: str | None
    qualifier: str | None
    country: str | None
    date: str | None
    candidates_declared: int | None
    mention: Mention


@dataclass(frozen=True, slots=True)
class ResultFact:
    candidate: str | None
    value: float
    unit: str
    metric: str
    source: str | None
    source_kind: str
    coverage: float | None
    mention: Mention
    # Index into the same article's ``events`` (None when the article names no event).
    event_index: int | None = None


@dataclass(frozen=True, slots=True)
class ClaimFact:
    speaker: str | None
    speaker_role: str | None
    speaker_org: str | None
    text: str
    quote: bool
    cue: str | None
    date: str | None
    mention: Mention


@dataclass(frozen=True, slots=True)
class NameMention:
    """A PERSON/ORG/GPE surface form seen in an article, for corpus-level entity resolution."""

    text: str
    label: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything the per-article half hands to the corpus half: compact, no spaCy objects."""

    article_id: str
    events: tuple[EventFact, ...] = ()
    results: tuple[ResultFact, ...] = ()
    claims: tuple[ClaimFact, ...] = ()
    names: tuple[NameMention, ...] = ()
    # (short form, long form) pairs defined in the text, e.g. ("CEC", "Central Election Commission").
    acronyms: tuple[tuple[str, str], ...] = ()
    # Wording sketch for near-duplicates (``pipeline.sketch``): shingle count and MinHash
    # signature bytes, empty when the text is too short to judge or was not sketched.
    shingles: int = 0
    signature: bytes = b""

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["signature"] = base64.b64encode(self.signature).decode("ascii")  # JSON-able
        return out


def in_article_order(extractions: Iterable[Extraction]) -> Iterable[Extraction]:
    """``extractions`` sorted by article id. A sequence that already is (it says so with
    ``ordered``, as a run's extractions read back from disk do) is returned as it is, so
    that it stays lazy."""
    if getattr(extractions, "ordered", False):
        return extractions
    return sorted(extractions, key=lambda e: e.article_id)


def reading(extractions: Iterable[Extraction], *kinds: str) -> Iterable[Extraction]:
    """``extractions`` for a pass that reads only the fact fields ``kinds`` ("results",
    "names", ...): a run's extractions read back from disk then decode no other field (those
    read as empty); anything else is returned as it is."""
    only = getattr(extractions, "only", None)
    return extractions if only is None else only(kinds)


# --------------------------------------------------------------------------- dataset records


@dataclass(frozen=True, slots=True)
class EventRecord:
    id: str
    articles: tuple[str, ...]
    mentions: tuple[Mention, ...]
    kind: str
    office: str | None
    qualifier: str | None
    country: str | None
    date: str | None
    candidates_declared: int | None
    # Each record states only what its articles say; the records of one election point to its
    # main record (the one results link to) with ``same_as``, null on the main record itself.
    same_as: str | None = None
    type: str = "event"

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "id": self.id,
            "kind": self.kind,
            "office": self.office,
            "qualifier": self.qualifier,
            "country": self.country,
            "date": self.date,
            "candidates_declared": self.candidates_declared,
            "same_as": self.same_as,
            "articles": list(self.articles),
            "mentions": [m.to_dict() for m in self.mentions],
        }


@dataclass(frozen=True, slots=True)
class ResultRecord:
    id: str
    articles: tuple[str, ...]
    mentions: tuple[Mention, ...]
    event_id: str | None
    candidate: str | None
    value: float
    unit: str
    metric: str
    source: str | None
    source_kind: str
    coverage: float | None
    as_of: str | None
    status: str = "current"
    superseded_by: str | None = None
    type: str = "result"

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "id": self.id,
            "event_id": self.event_id,
            "candidate": self.candidate,
            "value": self.value,
            "unit": self.unit,
            "metric": self.metric,
            "source": self.source,
            "source_kind": self.source_kind,
            "coverage": self.coverage,
            "as_of": self.as_of,
            "status": self.status,
            "superseded_by": self.superseded_by,
            "articles": list(self.articles),
            "mentions": [m.to_dict() for m in self.mentions],
        }


@dataclass(frozen=True, slots=True)
class ClaimRecord:
    id: str
    articles: tuple[str, ...]
    mentions: tuple[Mention, ...]
    speaker: str | None
    speaker_role: str | None
    speaker_org: str | None
    text: str
    quote: bool
    cue: str | None
    date: str | None
    type: str = "claim"

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "id": self.id,
            "speaker": self.speaker,
            "speaker_role": self.speaker_role,
            "speaker_org": self.speaker_org,
            "text": self.text,
            "quote": self.quote,
            "cue": self.cue,
            "date": self.date,
            "articles": list(self.articles),
            "mentions": [m.to_dict() for m in self.mentions],
        }


@dataclass(frozen=True, slots=True)
class EntityRecord:
    id: str
    name: str
    label: str
    variants: tuple[str, ...]
    articles: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "label": self.label,
            "variants": list(self.variants),
            "articles": list(self.articles),
        }


DatasetRecord = EventRecord | ResultRecord | ClaimRecord
