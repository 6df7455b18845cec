"""The ``wf_dates`` component: find date expressions and resolve them against the article date.

Candidates are the DATE_EXPR rule matches (``rules/dates.yml``) and the model's DATE entities
that name a day (a month and day, a weekday, "yesterday", "... ago"). Each span is resolved
alone with ``pipeline.dates.resolve_date`` (memoized, hand-parsed forms first, dateparser for
the rest); nothing ever parses a whole article. Output: ``doc._.wf_dates`` =
``[(start_char, end_char, iso), ...]`` sorted by offset, non-overlapping.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.components import article_context, doc_ents, doc_text, rule_spans
from pipeline.dates import resolve_announced_date, resolve_date

DATE_LABEL = "DATE_EXPR"
FUTURE_LABEL = "DATE_FUTURE_CUE"
_FINAL_PERIOD = re.compile(r"[A-Za-z]{5,}\.$|\d\.$")
FUTURE_REACH = 6  # tokens between a future cue and the weekday it announces
# A model DATE entity is worth resolving only when it names a day, not "2005" or "months".
_DAY_CUE = re.compile(
    r"\b(?:\d{1,2}\b.*\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight|ago\b)",
    re.I,
)


@Language.factory("wf_dates", default_config={"rules_dir": ""})
def make_component(nlp: Language, name: str, rules_dir: str) -> DateStage:
    return DateStage()


def date_candidates(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of date expressions: rule matches first, then non-overlapping DATE entities."""
    spans = sorted(
        {(s.start_char, s.end_char) for s in rule_spans(doc).get(DATE_LABEL, ())},
        key=lambda se: (se[0], -se[1]),
    )
    chosen: list[tuple[int, int]] = []
    for start, end in spans:  # longest first at each start; drop spans inside a kept one
        if chosen and start < chosen[-1][1]:
            continue
        chosen.append((start, end))
    for ent in doc_ents(doc):
        if ent.label_ != "DATE" or not _DAY_CUE.search(ent.text):
            continue
        if any(s < ent.end_char and ent.start_char < e for s, e in chosen):
            continue
        chosen.append((ent.start_char, ent.end_char))
    return sorted(chosen)


def _announced(doc: Doc, start: int, cues: list[Span]) -> bool:
    """A future cue shortly before the date in its sentence ("will be held on Sunday")."""
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None:
        return False
    first = span.sent.start if doc.has_annotation("SENT_START") else 0
    return any(first <= c.start and c.end <= span.start and span.start - c.end <= FUTURE_REACH for c in cues)


def resolve_dates(doc: Doc, base: str | None) -> list[tuple[int, int, str]]:
    cues = rule_spans(doc).get(FUTURE_LABEL, [])
    out = []
    full = doc_text(doc)
    for start, end in date_candidates(doc):
        text = full[start:end]
        # A sentence-final period is no part of the date ("on 20 November."; "Feb." keeps its dot).
        if _FINAL_PERIOD.search(text):
            end -= 1
        text = full[start:end]
        # Dates resolve to the past unless announced: "vote on Wednesday" in a Tuesday article.
        announced = bool(cues) and _announced(doc, start, cues)
        iso = resolve_announced_date(text, base) if announced else resolve_date(text, base)
        if iso:
            out.append((start, end, iso))
    return out


class DateStage:
    def __call__(self, doc: Doc) -> Doc:
        doc._.wf_dates = resolve_dates(doc, article_context(doc).get("date"))
        return doc
