"""spaCy components of the per-article half, one module per stage.

Each stage is a registered factory reading the rule spans (``doc.spans["wf_rules"]``,
written by the SpanRuler built from ``rules/``) and writing plain facts
(``pipeline.records``) to a Doc extension. Context the stages need (article id and date,
dateline place) is put on ``doc._.wf_article`` before the pipeline runs.
"""

from __future__ import annotations

from spacy.tokens import Doc

RULE_SPANS = "wf_rules"  # doc.spans key holding every rule match (span.id_ = rule id)

EXTENSIONS = {
    "wf_article": None,  # dict: id, date (ISO or None), place, title
    "wf_events": None,  # list[EventFact]
    "wf_results": None,  # list[ResultFact]
    "wf_claims": None,  # list[ClaimFact]
    "wf_dates": None,  # list[tuple[start_char, end_char, iso]]: resolved date spans
}


def register_extensions() -> None:
    """Idempotent: spaCy extensions are process-wide, declared once with None defaults."""
    for name, default in EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


def article_context(doc: Doc) -> dict:
    return doc._.wf_article or {"id": "unknown", "date": None, "place": None, "title": None}


register_extensions()
