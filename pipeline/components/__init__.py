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


TITLE_CHARS = 300  # a headline longer than this is not one


def title_doc(nlp, doc: Doc) -> Doc | None:
    """The article's headline run through the pipes before the fact stages (tokenizer, model,
    rule spans), parsed at most once per article whichever stage asks first. Only the first
    chunk of a long article reads the title; None when there is no title or no pipeline."""
    if "wf_title_doc" in doc.user_data:
        return doc.user_data["wf_title_doc"]
    article = article_context(doc)
    title = article.get("title")
    tdoc = None
    if nlp is not None and title and not article.get("offset"):
        tdoc = nlp.make_doc(str(title)[:TITLE_CHARS])
        tdoc._.wf_article = {**article, "title": None}
        for name, proc in nlp.pipeline:
            if name.startswith("wf_") and name not in ("wf_rules", "wf_regex_rules"):
                break
            tdoc = proc(tdoc)
    doc.user_data["wf_title_doc"] = tdoc
    return tdoc


register_extensions()
