"""Entity resolution (placeholder: every surface form is its own entity)."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.records import Article, EntityRecord, Extraction, stable_id


@dataclass
class EntityIndex:
    """Maps surface names to canonical names; lists entities with variants."""

    canonical_of: dict[tuple[str, str], str] = field(default_factory=dict)
    entities: dict[str, EntityRecord] = field(default_factory=dict)

    def canonical(self, name: str | None, label: str = "", article_id: str | None = None) -> str | None:
        """Canonical name of ``name`` as used in ``article_id`` (surnames resolve per article)."""
        if name is None:
            return None
        return self.canonical_of.get((label, name), self.canonical_of.get(("", name), name))

    def records(self) -> list[EntityRecord]:
        return [self.entities[k] for k in sorted(self.entities)]


def resolve_entities(articles: list[Article], extractions: list[Extraction], rules_dir=None) -> EntityIndex:
    index = EntityIndex()
    seen: dict[tuple[str, str], set[str]] = {}
    for ext in extractions:
        for name, label in _record_names(ext):
            seen.setdefault((name, label), set()).add(ext.article_id)
    for (name, label), arts in sorted(seen.items()):
        eid = stable_id("entity", label, name)
        index.entities[eid] = EntityRecord(eid, name, label, (name,), tuple(sorted(arts)))
    return index


def _record_names(ext: Extraction):
    for r in ext.results:
        if r.candidate:
            yield r.candidate, "PERSON_OR_ORG"
        if r.source:
            yield r.source, "ORG"
    for c in ext.claims:
        if c.speaker:
            yield c.speaker, "PERSON_OR_ORG"
        if c.speaker_org:
            yield c.speaker_org, "ORG"
    for e in ext.events:
        if e.country:
            yield e.country, "GPE"
