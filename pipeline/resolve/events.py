"""Merge per-article event mentions into corpus events, and link results to them.

Two event facts name the same election when they have the same kind and country, the
same year, and their dates and offices agree where both are known. Compatibility with
an unknown field is not transitive ("the presidential election" fits both a first round
and a runoff), so facts are clustered in passes from the most specific to the least:
a vaguer fact joins a more specific cluster only when exactly one cluster fits it.
Facts with no known year (no event date, no article date) never merge across articles:
nothing tells two undated "presidential elections in X" apart. Before that, a vague mention
("the vote") takes the fields its own article's specific mentions agree on.

Each record states only what its articles say: within an election, articles stating the same
(office, date, qualifier, candidates declared) share a record; the main record (most known
fields, then most articles, then the oldest article) is the one results link to, and the
others point to it with ``same_as``.

Results link to their own event (``ResultFact.event_index``), else to the article's only
event, else, when the article names no election at all, to the one its near-duplicates name.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from pipeline.records import Article, EventFact, EventRecord, Extraction, Mention, reading, stable_id


@dataclass(frozen=True)
class _Fact:
    article_id: str
    index: int  # position in the article's ``events``
    fact: EventFact
    country: str | None
    office: str | None
    date: str | None
    year: str | None

    @property
    def known(self) -> int:
        return (self.country is not None) + (self.office is not None) + (self.date is not None)

    def fits(self, other: _Fact) -> bool:
        """Same kind; country, office and date agree where both are known."""
        return self.fact.kind == other.fact.kind and all(
            x is None or y is None or x == y
            for x, y in ((self.country, other.country), (self.office, other.office), (self.date, other.date))
        )


@dataclass(frozen=True)
class EventLinks:
    """Corpus events plus the map from (article id, event index) to event record id."""

    records: tuple[EventRecord, ...]
    event_of: dict[tuple[str, int], str]
    # article id -> ids of the distinct events it names, in order of first mention
    article_events: dict[str, tuple[str, ...]]
    # event id -> its year (None when neither the event nor its articles are dated)
    years: dict[str, str | None]
    by_id: dict[str, EventRecord] = field(default_factory=dict)
    # article id -> event its near-duplicates name, for articles that name none themselves
    borrowed: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_id.update((r.id, r) for r in self.records)

    def for_result(self, article_id: str, event_index: int | None) -> str | None:
        """The event a result belongs to: its own index, else the article's only event, else
        (the article names no election at all) the one election its near-duplicates name."""
        if event_index is not None:
            return self.event_of.get((article_id, event_index))
        events = self.article_events.get(article_id, ())
        if not events:
            return self.borrowed.get(article_id)
        return events[0] if len(events) == 1 else None

    def borrowing(self, duplicate_of: dict[str, str]) -> EventLinks:
        """A copy in which articles naming no election take the one their story cluster names."""
        clusters: dict[str, list[str]] = {}
        for aid, rep in sorted(duplicate_of.items()):
            clusters.setdefault(rep, []).append(aid)
        borrowed = {}
        for members in clusters.values():
            named = {e for m in members for e in self.article_events.get(m, ())}
            if len(named) == 1:
                (event,) = named
                borrowed.update((m, event) for m in members if not self.article_events.get(m))
        return replace(self, by_id={}, borrowed=borrowed)

    def record(self, event_id: str) -> EventRecord | None:
        return self.by_id.get(event_id)

    def first_event(self, article_id: str) -> str | None:
        """The event the article names first."""
        events = self.article_events.get(article_id, ())
        return events[0] if events else None


def year_of(date: str | None) -> str | None:
    return date[:4] if date and len(date) >= 4 and date[:4].isdigit() else None


def compatible(a: tuple[str | None, str | None], b: tuple[str | None, str | None]) -> bool:
    """(office, date) pairs agree where both are known."""
    return all(x is None or y is None or x == y for x, y in zip(a, b, strict=True))


def link_events(articles: list[Article], extractions: Iterable[Extraction], entities) -> EventLinks:
    """Cluster every event fact of the corpus; deterministic whatever the input order."""
    article_date = {a.id: a.date for a in articles}
    rank = article_rank(articles)
    facts: list[_Fact] = []
    for ext in reading(extractions, "events"):
        own = []
        for i, ev in enumerate(ext.events):
            country = entities.canonical(ev.country, "GPE", ext.article_id) if ev.country else None
            own.append(_Fact(ext.article_id, i, ev, country, ev.office, ev.date, None))
        for f in complete_within_article(own):
            facts.append(replace(f, year=year_of(f.date) or year_of(article_date.get(f.article_id))))
    facts.sort(key=lambda f: (rank.get(f.article_id, (1, "", "")), f.index))

    groups: dict[tuple, list[_Fact]] = defaultdict(list)
    for f in facts:
        # No known year: only facts of the same article may merge.
        scope = f.year if f.year is not None else f"article:{f.article_id}"
        groups[(f.fact.kind, f.country, scope)].append(f)

    event_of: dict[tuple[str, int], str] = {}
    years: dict[str, str | None] = {}
    records: list[EventRecord] = []
    order: dict[str, tuple] = {}
    for (kind, country, scope), members in sorted(groups.items(), key=lambda kv: _sort_key(kv[0])):
        for founder, cluster in _cluster(members):
            stated = _statements((kind, country, scope, founder), cluster, rank)
            main = stated[0]
            for record in stated:
                years[record.id] = None if scope.startswith("article:") else scope
                # an election's records side by side, its main record first
                order[record.id] = (*_record_key(main), record.same_as is not None, *_record_key(record))
            records.extend(stated)
            for f in cluster:  # results of every article merge under the election's main record
                event_of[(f.article_id, f.index)] = main.id
    records.sort(key=lambda r: order[r.id])

    article_events: dict[str, tuple[str, ...]] = {}
    for ext in reading(extractions, "events"):
        order = sorted(range(len(ext.events)), key=lambda i: (ext.events[i].mention.start, i))
        ids = [event_of[(ext.article_id, i)] for i in order]
        article_events[ext.article_id] = tuple(dict.fromkeys(ids))
    return EventLinks(tuple(records), event_of, article_events, years)


def article_rank(articles: Iterable[Article]) -> dict[str, tuple]:
    """Oldest first by article date (undated last), ties by id."""
    return {a.id: (0 if a.date else 1, a.date or "", a.id) for a in articles}


def rank_of(rank: dict[str, tuple], article_id: str) -> tuple:
    """An article's place in ``article_rank`` order; articles it does not know go last."""
    return rank.get(article_id, (1, "", article_id))


def _sort_key(key: tuple) -> tuple:
    return tuple("" if k is None else str(k) for k in key)


def complete_within_article(facts: list[_Fact]) -> list[_Fact]:
    """A vague mention ("the election", "the vote") means the election its article names:
    take a missing country, office or date from the article's more specific mentions when
    they all state it and agree; leave it unknown otherwise. Most specific first, so that
    each completed mention can complete the vaguer ones."""
    done: dict[int, _Fact] = {}
    for f in sorted(facts, key=lambda f: (-f.known, f.index)):
        richer = [g for g in done.values() if g.known > f.known and g.fits(f)]
        filled = f
        for name in ("country", "office", "date"):
            values = {getattr(g, name) for g in richer}
            if getattr(f, name) is None and len(values) == 1 and None not in values:
                filled = replace(filled, **{name: values.pop()})
        done[f.index] = filled
    return [done[f.index] for f in facts]


def _cluster(members: list[_Fact]) -> list[tuple[tuple, list[_Fact]]]:
    """Most specific first: (office, date) known, then one known, then neither."""
    clusters: dict[tuple[str | None, str | None], list[_Fact]] = {}

    def place(f: _Fact) -> None:
        key = (f.office, f.date)
        if key in clusters:
            clusters[key].append(f)
            return
        fits = [k for k in clusters if compatible(k, key)]
        if len(fits) == 1:
            clusters[fits[0]].append(f)
        else:
            clusters[key] = [f]

    def known(f: _Fact) -> int:
        return (f.office is not None) + (f.date is not None)

    for level in (2, 1, 0):
        for f in members:
            if known(f) == level:
                place(f)
    return [(k, clusters[k]) for k in sorted(clusters, key=_sort_key)]


def _common(values: Iterable):
    """Most frequent non-null value; ties go to the first seen (callers pass sorted facts)."""
    counted = Counter(v for v in values if v is not None)
    if not counted:
        return None
    best = max(counted.values())
    for v in counted:
        if counted[v] == best:
            return v
    return None


def _statements(cluster_key: tuple, cluster: list[_Fact], rank: dict) -> list[EventRecord]:
    """One record per distinct statement of the election: what each article of the cluster
    says of it (office, date, qualifier, candidates declared; the article's most frequent
    value). Articles saying the same share a record. The main record, first, states most,
    then has most articles, then the oldest one; the others point to it with ``same_as``."""
    kind, country, _scope, _founder = cluster_key
    by_article: dict[str, list[_Fact]] = defaultdict(list)
    for f in cluster:  # ``cluster`` is sorted by article rank, then position
        by_article[f.article_id].append(f)
    said: dict[tuple, list[str]] = {}
    for aid, own in by_article.items():
        statement = (
            _common(f.office for f in own),
            _common(f.date for f in own),
            _common(f.fact.qualifier for f in own),
            _common(f.fact.candidates_declared for f in own),
        )
        said.setdefault(statement, []).append(aid)

    def preference(statement: tuple) -> tuple:
        known = sum(v is not None for v in statement)
        return (-known, -len(said[statement]), min(rank_of(rank, a) for a in said[statement]))

    records: list[EventRecord] = []
    for statement in sorted(said, key=preference):
        office, date, qualifier, declared = statement
        articles = tuple(sorted(said[statement], key=lambda a: rank_of(rank, a)))
        mentions = sort_mentions((f.fact.mention for a in articles for f in by_article[a]), rank)
        eid = stable_id("event", *cluster_key, *statement)
        same_as = records[0].id if records else None
        records.append(EventRecord(eid, articles, mentions, kind, office, qualifier, country, date, declared, same_as))
    return records


def _record_key(r: EventRecord) -> tuple:
    return (r.kind, r.country or "", r.date or "", r.office or "", r.id)


def sort_mentions(mentions: Iterable[Mention], rank: dict) -> tuple[Mention, ...]:
    """Unique mentions, oldest article first, then by position."""
    unique = set(mentions)
    return tuple(sorted(unique, key=lambda m: (rank_of(rank, m.article_id), m.start, m.end, m.rule, m.sentence)))
