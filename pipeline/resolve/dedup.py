"""One record per fact, with every place it was found; newer snapshots supersede older ones.

- results: one record per (event, source, candidate, metric, coverage, value); snapshots of
  one series (event, source, candidate, metric) supersede each other by the rules of
  ``shared/spec/records.md`` (highest stated coverage, then newest article date, then
  stated coverage over unstated on the same date).
  Before keying, three repairs keep one fact in one record when an article names it twice
  or the extractor carried context too far: a coverage belongs to one count (one source),
  a surname with the same figure as a full name in the article is that candidate, and a
  candidate written with a qualifier ("X of the Y party", "X: N votes") is candidate X.
- claims: one record per (speaker, statement), near-identical wordings merged, and a claim
  inside another claim of its speaker (a quoted phrase in reported speech) is that claim.
- events: see ``events.py``.

Everything is sorted by stable keys, so the output does not depend on input order.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from rapidfuzz import fuzz, process

from pipeline.records import (
    Article,
    ClaimFact,
    ClaimRecord,
    DatasetRecord,
    Extraction,
    ResultFact,
    ResultRecord,
    reading,
    stable_id,
)
from pipeline.resolve.events import EventLinks, article_rank, link_events, rank_of, sort_mentions

# Two wordings of one statement: token-sort similarity (0-100) at least this high.
CLAIM_SIMILARITY = 90.0
# Figures equal to this many decimals are the same figure ("2" and "2.0", "0.80" and "0.8").
DECIMALS = 4
# Coverage within this of the top stated coverage counts as the top (rounding in reports).
COVERAGE_TOLERANCE = 0.005


def build_records(
    articles: list[Article], extractions: Iterable[Extraction], entities, events: EventLinks | None = None
) -> list[DatasetRecord]:
    """Events, results and claims of the corpus, merged and ordered (events, results, claims)."""
    if events is None:
        events = link_events(articles, extractions, entities)
    rank = article_rank(articles)
    dates = {a.id: a.date for a in articles}
    results = build_results(extractions, entities, events, rank, dates)
    claims = build_claims(extractions, entities, rank)
    return [*events.records, *results, *claims]


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class _Result:
    article_id: str
    fact: ResultFact
    event_id: str | None
    candidate: str | None
    source: str | None

    @property
    def series(self) -> tuple:
        # A result with no event is only comparable within its own article.
        scope = self.event_id if self.event_id is not None else f"article:{self.article_id}"
        return (scope, self.source, self.candidate, self.fact.metric)

    @property
    def key(self) -> tuple:
        return (*self.series, _num(self.fact.coverage), _num(self.fact.value), self.fact.unit)


def _num(value: float | None) -> float | None:
    return None if value is None else round(float(value), DECIMALS)


def build_results(
    extractions: Iterable[Extraction], entities, events: EventLinks, rank: dict, dates: dict[str, str | None]
) -> list[ResultRecord]:
    groups: dict[tuple, list[_Result]] = defaultdict(list)
    collected: list[_Result] = []
    for ext in reading(extractions, "results"):
        aid = ext.article_id
        items = [
            _Result(
                aid,
                r,
                events.for_result(aid, r.event_index),
                entities.canonical(r.candidate, "PERSON_OR_ORG", aid) if r.candidate else None,
                entities.canonical(r.source, "ORG", aid) if r.source else None,
            )
            for r in ext.results
        ]
        collected.extend(_same_figure_same_name(_one_coverage_one_count(items)))
    for item in _strip_qualifiers(collected):
        groups[item.key].append(item)

    by_series: dict[tuple, list[ResultRecord]] = defaultdict(list)
    for key in sorted(groups, key=_key_order):
        items = sorted(groups[key], key=lambda i: (rank_of(rank, i.article_id), i.fact.mention.start))
        record = _result_record(key, items, rank, dates)
        by_series[items[0].series].append(record)

    out: list[ResultRecord] = []
    for series in sorted(by_series, key=_key_order):
        out.extend(supersede(by_series[series]))
    return out


def _one_coverage_one_count(items: list[_Result]) -> list[_Result]:
    """A share of ballots processed describes one count: when an article's results from
    several sources carry the same coverage, it is the coverage of the source with most of
    them (ties: the first stated), and the other named sources (exit polls after the count)
    have none. Results without a named source keep theirs."""
    by_coverage: dict[float, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i in items:
        if i.fact.coverage is not None and i.source:
            by_coverage[_num(i.fact.coverage)][i.source].append(i.fact.mention.start)
    owner = {
        cov: min(sources, key=lambda src: (-len(sources[src]), min(sources[src]), src))
        for cov, sources in by_coverage.items()
    }
    return [
        replace(i, fact=replace(i.fact, coverage=None))
        if i.fact.coverage is not None and i.source and owner[_num(i.fact.coverage)] != i.source
        else i
        for i in items
    ]


def _same_figure_same_name(items: list[_Result]) -> list[_Result]:
    """Within one article, "Tokayev" with the same figure as "Kassym-Jomart Tokayev" from the
    same source is that candidate (a surname the entity index did not resolve)."""
    by_figure: dict[tuple, set[str]] = defaultdict(set)
    for i in items:
        if i.candidate:
            by_figure[(i.series[0], i.source, i.fact.metric, _num(i.fact.value), _num(i.fact.coverage))].add(i.candidate)
    out = []
    for i in items:
        names = by_figure.get((i.series[0], i.source, i.fact.metric, _num(i.fact.value), _num(i.fact.coverage)), set())
        words = set(_name_words(i.candidate)) if i.candidate else set()
        fuller = sorted((n for n in names if n != i.candidate and words and words < set(_name_words(n))), key=lambda n: (-len(n), n))
        out.append(replace(i, candidate=fuller[0]) if fuller else i)
    return out


# What may follow a name without making it another name: "Nikolay Kharitonov of the Communist
# Party", "Marcel Ciolacu: 1.769.636 votes", "Zahid Oruj, a self-nominee", "X (YAP)".
_QUALIFIER = re.compile(r"^(?:\s+of\s|\s*[:,(]|\s+\d)")


def _strip_qualifiers(items: list[_Result]) -> list[_Result]:
    """A candidate written as another candidate of the same election plus a qualifier is that
    candidate (the count of one report must meet the same name's count in another)."""
    names: dict[str, set[str]] = defaultdict(set)  # per election (or per article without one)
    for i in items:
        if i.candidate:
            names[i.series[0]].add(i.candidate)
    rename: dict[tuple[str, str], str] = {}
    for event, found in names.items():
        for name in found:
            cores = [c for c in found if c != name and len(c.split()) >= 2 and name.startswith(c)
                     and _QUALIFIER.match(name[len(c):])]
            if cores:
                rename[(event, name)] = max(cores, key=lambda c: (len(c), c))
    return [replace(i, candidate=rename.get((i.series[0], i.candidate), i.candidate)) if i.candidate else i for i in items]


def _name_words(name: str) -> list[str]:
    return re.findall(r"\w+", name.casefold())


def _key_order(key: tuple) -> tuple:
    """None-safe sort key for tuples of str/float/None."""
    return tuple((0, "") if k is None else (1, k) if isinstance(k, str) else (2, f"{k:020.6f}") for k in key)


def _result_record(key: tuple, items: list[_Result], rank: dict, dates: dict[str, str | None]) -> ResultRecord:
    first = items[0]
    articles = tuple(dict.fromkeys(i.article_id for i in items))  # items are oldest first
    known = [dates.get(a) for a in articles if dates.get(a)]
    return ResultRecord(
        id=stable_id("result", *key),
        articles=articles,
        mentions=sort_mentions((i.fact.mention for i in items), rank),
        event_id=first.event_id,
        candidate=first.candidate,
        value=float(first.fact.value),
        unit=first.fact.unit,
        metric=first.fact.metric,
        source=first.source,
        source_kind=_source_kind(i.fact.source_kind for i in items),
        coverage=first.fact.coverage,
        as_of=max(known) if known else None,
    )


def _source_kind(kinds: Iterable[str]) -> str:
    """Most frequent known kind ("unknown" only when nothing says more); ties: first seen."""
    counted = Counter(k for k in kinds if k and k != "unknown")
    if not counted:
        return "unknown"
    best = max(counted.values())
    return next(k for k in counted if counted[k] == best)


def supersede(records: list[ResultRecord]) -> list[ResultRecord]:
    """Mark the snapshots of one series current or superseded (records.md rules 1-3).

    1. a stated coverage below the highest stated coverage is superseded, whatever the dates;
    2. among the rest, the newest article date wins; on that date a stated coverage beats an
       unstated one;
    3. an older article repeating the current figure is already part of the current record.
    Several records may tie for current (conflicting figures on one date): all stay current,
    and the others point to the first of them.
    """
    if len(records) < 2:
        return list(records)
    stated = [r.coverage for r in records if r.coverage is not None]
    top = max(stated) if stated else None
    alive = [r for r in records if r.coverage is None or top is None or r.coverage >= top - COVERAGE_TOLERANCE]
    newest = max(r.as_of or "" for r in alive)
    best = [r for r in alive if (r.as_of or "") == newest]
    if any(r.coverage is not None for r in best):
        best = [r for r in best if r.coverage is not None]
    best.sort(key=lambda r: (-(r.coverage or 0.0), -len(r.articles), r.id))
    winner = best[0].id
    current = {r.id for r in best}
    return [r if r.id in current else replace(r, status="superseded", superseded_by=winner) for r in records]


# --------------------------------------------------------------------------- claims

_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "«": '"', "»": '"', "„": '"'})
_NON_WORD = re.compile(r"[^\w%]+")


def normalize_claim(text: str) -> str:
    """Case, quotes, punctuation and spacing do not make a different statement."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return " ".join(_NON_WORD.sub(" ", text).split())


@dataclass(frozen=True)
class _Claim:
    article_id: str
    fact: ClaimFact
    speaker: str | None
    norm: str


def build_claims(extractions: Iterable[Extraction], entities, rank: dict) -> list[ClaimRecord]:
    items: list[_Claim] = []
    for ext in reading(extractions, "claims"):
        aid = ext.article_id
        for c in ext.claims:
            speaker = entities.canonical(c.speaker, "PERSON_OR_ORG", aid) if c.speaker else None
            items.append(_Claim(aid, c, speaker, normalize_claim(c.text)))
    # containers before what they contain: same start, longer first
    items.sort(key=lambda i: (rank_of(rank, i.article_id), i.fact.mention.start, -i.fact.mention.end, i.norm))
    container = _containers(items)

    # Per speaker, each claim joins the earlier cluster it most nearly repeats (exact first);
    # a claim inside another claim of its speaker (a quoted phrase within reported speech) is that claim.
    clusters: dict[str | None, list[list[_Claim]]] = defaultdict(list)
    exact: dict[tuple[str | None, str], list[_Claim]] = {}
    cluster_of: dict[int, list[_Claim]] = {}
    for n, item in enumerate(items):
        cluster = cluster_of.get(container[n]) if n in container else exact.get((item.speaker, item.norm))
        if cluster is None:
            reps = [c[0].norm for c in clusters[item.speaker]]
            match = process.extractOne(item.norm, reps, scorer=fuzz.token_sort_ratio, score_cutoff=CLAIM_SIMILARITY)
            if match is not None and item.norm:
                cluster = clusters[item.speaker][match[2]]
            else:
                cluster = []
                clusters[item.speaker].append(cluster)
            exact[(item.speaker, item.norm)] = cluster
        cluster.append(item)
        cluster_of[n] = cluster

    out = [_claim_record(c, entities, rank) for groups in clusters.values() for c in groups]
    out.sort(key=lambda r: (r.speaker or "", normalize_claim(r.text), r.id))
    return out


def _containers(items: list[_Claim]) -> dict[int, int]:
    """index -> index of the widest other claim of the same article and speaker spanning it."""
    out: dict[int, int] = {}
    by_key: dict[tuple, list[int]] = defaultdict(list)
    for n, item in enumerate(items):
        by_key[(item.article_id, item.speaker)].append(n)
    for members in by_key.values():
        for n in members:
            m = items[n].fact.mention
            spans = [
                k for k in members
                if k < n and items[k].fact.mention.start <= m.start and m.end <= items[k].fact.mention.end
            ]
            if spans:
                out[n] = out.get(spans[0], spans[0])
    return out


def same_statement(a: str, b: str) -> bool:
    if a == b:
        return True
    if not a or not b:
        return False
    return fuzz.token_sort_ratio(a, b) >= CLAIM_SIMILARITY


def _claim_record(cluster: list[_Claim], entities, rank: dict) -> ClaimRecord:
    first = cluster[0]
    role = next((c.fact.speaker_role for c in cluster if c.fact.speaker_role), None)
    org_item = next((c for c in cluster if c.fact.speaker_org), None)
    org = entities.canonical(org_item.fact.speaker_org, "ORG", org_item.article_id) if org_item else None
    return ClaimRecord(
        id=stable_id("claim", first.speaker, first.norm),
        articles=tuple(dict.fromkeys(c.article_id for c in cluster)),
        mentions=sort_mentions((c.fact.mention for c in cluster), rank),
        speaker=first.speaker,
        speaker_role=role,
        speaker_org=org,
        text=first.fact.text,
        quote=first.fact.quote,
        cue=first.fact.cue,
        date=first.fact.date or None,
    )
