"""spaCy components of the per-article half, one module per stage.

Each stage is a registered factory reading the rule spans (``doc.spans["wf_rules"]``,
written by the SpanRuler built from ``rules/``) and writing plain facts
(``pipeline.records``) to a Doc extension. Context the stages need (article id and date,
dateline place) is put on ``doc._.wf_article`` before the pipeline runs.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span

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


_TEXT_KEY = "wf_text"
_SPANS_KEY = "wf_rule_spans"
_ENTS_KEY = "wf_ents"
_STARTS_KEY = "wf_token_starts"


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc: spaCy joins every token's text on each access, and
    every stage needs the text (kept in ``doc.user_data``; a Doc's text never changes)."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def remember_text(doc: Doc, text: str) -> Doc:
    """Record the text a Doc was made from (equal to ``doc.text``: spaCy's tokenizer is
    lossless), so that ``doc_text`` never rebuilds it from the tokens."""
    doc.user_data[_TEXT_KEY] = text
    return doc


def token_starts(doc: Doc) -> list[int]:
    """Each token's start offset (``token.idx``), read from the Doc's array at C speed
    once per Doc instead of a Token object per token per read. Read-only."""
    starts = doc.user_data.get(_STARTS_KEY)
    if starts is None:
        starts = doc.user_data[_STARTS_KEY] = doc.to_array("IDX").tolist() if len(doc) else []
    return starts


def doc_ents(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, built once per Doc (spaCy makes a new Span per entity on each access).
    For the stages after NER: nothing sets entities after the model."""
    ents = doc.user_data.get(_ENTS_KEY)
    if ents is None:
        ents = doc.user_data[_ENTS_KEY] = tuple(doc.ents)
    return ents


def rule_spans(doc: Doc) -> dict[str, list[Span]]:
    """The rule matches (``doc.spans["wf_rules"]``) by label, each list in stored order.

    Every read of a SpanGroup makes new Span objects, so the grouping is made once per span
    group and shared by the stages (rebuilt when the group is replaced or grows). Read-only:
    callers copy a list before changing it."""
    group = doc.spans.get(RULE_SPANS)
    if group is None:
        return {}
    cached = doc.user_data.get(_SPANS_KEY)
    if cached is not None and cached[0] is group and cached[1] == len(group):
        return cached[2]
    by_label: dict[str, list[Span]] = {}
    for span in group:
        by_label.setdefault(span.label_, []).append(span)
    doc.user_data[_SPANS_KEY] = (group, len(group), by_label)
    return by_label


def article_context(doc: Doc) -> dict:
    return doc._.wf_article or {"id": "unknown", "date": None, "place": None, "title": None}


TITLE_CHARS = 300  # a headline longer than this is not one
_TITLE_KEY = "wf_title_doc"


def title_doc(nlp, doc: Doc) -> Doc | None:
    """The article's headline run through the pipes before the fact stages (tokenizer, model,
    rule spans), parsed at most once per article whichever stage asks first. Only the first
    chunk of a long article reads the title; None when there is no title or no pipeline."""
    if _TITLE_KEY not in doc.user_data:
        parse_titles(nlp, [doc])
    return doc.user_data[_TITLE_KEY]


def has_title_doc(doc: Doc) -> bool:
    """Whether ``title_doc`` has been settled for ``doc`` (parsed, or known to be None)."""
    return _TITLE_KEY in doc.user_data


def parse_titles(nlp, docs: Iterable[Doc]) -> None:
    """``title_doc`` for several docs at once: the headlines go through each pipe as one batch
    (a model call per headline costs several times its share of a batched call)."""
    todo: list[tuple[Doc, Doc]] = []
    queued: set[int] = set()
    for doc in docs:
        if _TITLE_KEY in doc.user_data or id(doc) in queued:
            continue
        queued.add(id(doc))
        article = article_context(doc)
        title = article.get("title")
        if nlp is not None and title and not article.get("offset"):
            tdoc = nlp.make_doc(str(title)[:TITLE_CHARS])
            tdoc._.wf_article = {**article, "title": None}
            todo.append((doc, tdoc))
        else:
            doc.user_data[_TITLE_KEY] = None
    if not todo:
        return
    tdocs = [tdoc for _, tdoc in todo]
    for name, proc in nlp.pipeline:
        if name.startswith("wf_") and name not in ("wf_rules", "wf_regex_rules"):
            break
        tdocs = list(proc.pipe(tdocs)) if hasattr(proc, "pipe") else [proc(tdoc) for tdoc in tdocs]
    for (doc, _), tdoc in zip(todo, tdocs):
        doc.user_data[_TITLE_KEY] = tdoc


register_extensions()
