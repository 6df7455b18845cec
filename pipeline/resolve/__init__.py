"""Corpus-level half: entities, events, merged facts, supersession, near-duplicates.

Sees only compact ``Article`` metadata and ``Extraction`` facts, never spaCy Docs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from pipeline.io.spill import ExtractionStore
from pipeline.records import Article, DatasetRecord, EntityRecord, Extraction, in_article_order
from pipeline.resolve.dedup import build_records
from pipeline.resolve.duplicates import near_duplicates
from pipeline.resolve.entities import resolve_entities
from pipeline.resolve.events import link_events


@dataclass(frozen=True)
class Resolved:
    records: tuple[DatasetRecord, ...]
    entities: tuple[EntityRecord, ...]
    duplicate_of: dict[str, str]  # article id -> representative article id


def resolve(
    articles: list[Article],
    extractions: list[Extraction] | ExtractionStore,
    rules_dir=None,
    *,
    texts: Mapping[str, str] | None = None,
    text_edges: Callable[[], Iterable[tuple[str, str]]] | None = None,
) -> Resolved:
    """Deterministic: the output depends on the set of inputs, not on their order.

    ``texts`` reads article texts by id when the articles do not carry them (a run keeps
    them on disk); ``text_edges`` returns the near-duplicate pairs by wording when they are computed
    elsewhere (``duplicates.text_pairs``, run by the engine while this resolves entities).
    """
    ok = sorted((a for a in articles if a.status == "ok"), key=lambda a: (a.date or "9999", a.id))
    by_id = {a.id: a for a in ok}
    if isinstance(extractions, ExtractionStore):  # a run's facts stay on disk: each pass reads them
        extractions = extractions.view(by_id)
    else:
        extractions = in_article_order([e for e in extractions if e.article_id in by_id])
    entities = resolve_entities(ok, extractions, rules_dir=rules_dir, texts=texts)
    events = link_events(ok, extractions, entities)
    duplicates = near_duplicates(ok, extractions, entities, events, texts=texts, text_edges=text_edges)
    # an article that names no election reports the one its near-duplicates name
    records = build_records(ok, extractions, entities, events.borrowing(duplicates))
    return Resolved(tuple(records), tuple(entities.records()), duplicates)

