"""Near-duplicate articles: copies and rewrites by text, updates and parallel reports by facts.

Three signals, joined transitively into clusters:

1. **Text**: MinHash signatures of word 5-shingles (``pipeline.sketch``, computed per
   article) with LSH banding find candidate pairs; a pair is a near-duplicate when the shared shingles cover at
   least ``CONTAINMENT`` of the shorter article (a republished copy, or a roundup embedding
   the first report) and ``JACCARD`` of both. Chosen on dev and real-dev: gold pairs have
   containment >= 0.29 (Jaccard >= 0.10), other stories on one election <= 0.18.
2. **Story**: wire updates ("with 54 % counted", then "with 93 %") and different agencies'
   reports of one announcement share little wording but lead with the same fact. An
   article's *lead* is its first attributed fact, a result (its source) or a claim (its
   speaker), skipping agencies credited as wires; its election is the one the fact names
   or the first its article names. Two articles on one election tell the same story when
   - they lead with the same actor in the same known year (an undated "CEC count" could be
     any election's, an undated candidate's remarks any of his stories: undated, they must
     share wording too), or
   - they report the same count: several candidates' figures in common, and each leads with
     a result, with a claim about the count, or with a speaker for its source (an observer's
     verdict with the count as background is another story), or
   - dated, their claims quote the same numbers ("63 of the 125 seats": one statement relayed).
3. **Figures**: articles with no election facts (an inflation release) that print the same
   decimal figures within days of each other.

``duplicate_of`` maps every clustered article to the cluster's earliest article (article
date, undated last, ties by id); deterministic whatever the input order.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Protocol

import numpy as np

from pipeline.records import Article, Extraction, in_article_order, reading
from pipeline.resolve.events import EventLinks, article_rank, compatible, rank_of, year_of
from pipeline.sketch import MAX_SHINGLES, MIN_SHINGLES, NUM_PERM, SketchIndex, shingle_hashes

if TYPE_CHECKING:
    from pipeline.io.spill import SketchFile

# LSH bands of 2 rows: a pair with Jaccard 0.1 (a roundup embedding a short report) becomes a
# candidate with p = 1 - (1 - 0.1**2)**256 = 0.92, unrelated text (0.01) with p = 0.03.
LSH_BANDS = (256, 2)
CONTAINMENT = 0.25
JACCARD = 0.05
SHARED_FIGURES = 3  # figures two reports of one count (or one release) have in common
SHARED_SAID = 2  # numbers two relays of one statement have in common
# word-pair Jaccard of two reports led by one actor when one is undated (dev: one story
# >= 0.063, one commission's counts of two elections <= 0.032)
UNDATED_BIGRAMS = 0.06
SHARED_SHARE = 0.3  # ... and at least this share of the smaller article's figures
MAX_DAYS_APART = 3
MAX_POSTING = 200  # candidate lists longer than this are too common to mean anything
SHINGLE_CACHE = 1_000_000  # shingle hashes (8 MB) kept while candidate pairs are verified
BIGRAM_CACHE = 4096  # articles whose word pairs are kept while story pairs are verified
PAIR_CHUNK = 4096  # candidate pairs a band yields at once ...
ROW_BLOCK = 1024  # ... and compared at once: 1 MB of signature rows a side, read as needed
_WORD = re.compile(r"\w+")
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?(?!\w)")
_YEAR = re.compile(r"(?:19|20)\d\d")
_PERCENT = re.compile(r"\d\s*(?:%|per\s?cent)", re.IGNORECASE)
_DECIMAL = re.compile(r"(?<![\d.,])\d{1,3}[.,]\d{1,2}(?![\d.,]*\d)")


def near_duplicates(
    articles: list[Article],
    extractions: Iterable[Extraction],
    entities=None,
    events: EventLinks | None = None,
    *,
    texts: Mapping[str, str] | None = None,
    text_edges: Callable[[], Iterable[tuple[str, str]]] | None = None,
) -> dict[str, str]:
    """article id -> representative id, for every article in a cluster of two or more.

    ``texts`` reads an article's text by id (default: the articles' own ``text``);
    ``text_edges`` returns ``text_pairs`` computed elsewhere (the engine runs it alongside
    from the sketches its workers made); without it they are computed here from the texts.
    """
    texts = texts if texts is not None else {a.id: a.text for a in articles}
    ids = sorted({a.id for a in articles})
    groups = _UnionFind(ids)
    # Only connectivity matters: a pair whose articles are already joined needs no check.
    if entities is not None and events is not None:
        pairs = story_pairs(articles, extractions, entities, events, texts) | figure_pairs(articles, extractions, texts)
        for a, b in sorted(pairs):
            groups.union(a, b)
    for a, b in text_edges() if text_edges is not None else _text_pairs_of(articles, texts):
        groups.union(a, b)
    return groups.clusters(article_rank(articles))


# --------------------------------------------------------------------------- text


def similar_hashes(a: np.ndarray, b: np.ndarray) -> bool:
    """Near-duplicates by wording, over sorted unique shingle hashes
    (``pipeline.sketch.shingle_hashes``): shared shingles cover CONTAINMENT of the shorter
    text and JACCARD of both."""
    if len(a) < MIN_SHINGLES or len(b) < MIN_SHINGLES:
        return False
    shared = len(np.intersect1d(a, b, assume_unique=True))
    return shared / min(len(a), len(b)) >= CONTAINMENT and shared / (len(a) + len(b) - shared) >= JACCARD


def may_be_similar(agree, size_a, size_b):
    """Cheap test before the exact one: the MinHash estimates of Jaccard and containment are
    within reach of the thresholds. Same-template stories (weather, markets) share buckets
    by the thousand with containment around 0.1; the margins (half of each threshold) are
    over 2.5 standard errors of the estimates at 512 permutations near the thresholds.

    Takes numbers or numpy arrays of them (one answer per pair)."""
    jaccard = np.asarray(agree, dtype=np.float64) / NUM_PERM
    shared = jaccard * (np.add(size_a, size_b)) / (1 + jaccard)
    answer = (jaccard >= JACCARD / 2) & (shared / np.minimum(size_a, size_b) >= CONTAINMENT * 0.5)
    return answer if answer.ndim else bool(answer)


def _text_pairs_of(articles: list[Article], texts: Mapping[str, str]) -> list[tuple[str, str]]:
    sketches = SketchIndex()
    for article in articles:
        sketches.add_text(article.id, texts.get(article.id, ""))
    return text_pairs(*sketches.ordered(), texts)


def text_pairs_in(sketches: SketchFile, texts: Mapping[str, str], bands: range | None = None) -> list[tuple[str, str]]:
    """``text_pairs`` over a run's spilled sketches, in whichever process judges the pairs:
    the rows stay on disk (``FileRows``)."""
    ids, sizes, rows = sketches.ordered()
    try:
        return text_pairs(ids, sizes, rows, texts, bands)
    finally:
        rows.close()


# Signature rows from which the bands are cut between the cores. Below, one process judges
# every band in about the time the main process's resolve step takes to need the pairs, and a
# second would share that process's core (bench, 2 cores: at 10,000 articles one part waits
# 0.33 s and two 0.77 s; at 25,000 one waits 6.8 s and two 5.4 s).
SPLIT_ROWS = 15_000


def parts_worth_cutting(rows: int, cores: int) -> int:
    """How many runs of ``text_pairs`` (``band_parts``) a corpus of ``rows`` is worth."""
    return cores if rows >= SPLIT_ROWS else 1


def band_parts(parts: int) -> list[range]:
    """The LSH bands cut into ``parts`` runs of ``text_pairs`` (``parts_worth_cutting``). The
    pairs of the parts together connect the same clusters as the pairs of one run: every
    candidate pair is judged in each part where it collides (a pair colliding in two parts
    is judged twice), so only which pairs are returned differs, not what they join."""
    total = LSH_BANDS[0]
    parts = max(1, min(parts, total))
    cuts = [total * k // parts for k in range(parts + 1)]
    return [range(lo, hi) for lo, hi in zip(cuts, cuts[1:])]


class Rows(Protocol):
    """Signature rows in article-id order, as ``text_pairs`` reads them."""

    def band(self, band: int) -> np.ndarray: ...  # one band's uint32 keys, every row

    def take(self, index: np.ndarray) -> np.ndarray: ...  # whole rows at these positions


class _ArrayRows:
    """Signature rows held in memory, read the way ``FileRows`` reads them from disk."""

    def __init__(self, rows: np.ndarray):
        self._rows = np.ascontiguousarray(rows)
        self._keys = self._rows.view(np.uint32)  # (articles x bands): row pairs as one key

    def band(self, band: int) -> np.ndarray:
        return self._keys[:, band]

    def take(self, index: np.ndarray) -> np.ndarray:
        return self._rows[index]


def text_pairs(
    ids: list[str], sizes: np.ndarray, rows: np.ndarray | Rows, texts: Mapping[str, str], bands: range | None = None
) -> list[tuple[str, str]]:
    """Pairs of articles whose wording makes them near-duplicates: MinHash LSH candidates,
    the signature pre-test, then the exact test on the shingles re-computed from the texts.

    ``ids``, ``sizes`` and ``rows`` are ``SketchIndex.ordered()`` (rows as an array) or
    ``SketchFile.ordered()`` (rows on disk). A pure function of them (the engine runs it in a
    worker while the main process resolves entities). Pairs whose articles are already
    joined through earlier pairs are not judged: the pairs returned connect the same
    clusters as every near-duplicate pair would.

    Vectorized band by band: a band's key is its two 16-bit rows read as one uint32. A pair
    is judged in the first band where it collides only (an earlier band's equal key means
    it was judged there), so no set of judged pairs is held; shingle hashes live in a
    bounded cache while candidate pairs are checked.
    """
    joined: list[tuple[str, str]] = []
    if len(ids) < 2:
        return joined
    if isinstance(rows, np.ndarray):
        rows = _ArrayRows(rows)
    cache: dict[int, np.ndarray] = {}
    cached = [0]  # shingle hashes held in the cache

    def shingled(k: int) -> np.ndarray:
        if k not in cache:
            items = shingle_hashes(texts.get(ids[k], ""), limit=MAX_SHINGLES)
            while cache and cached[0] + len(items) > SHINGLE_CACHE:
                cached[0] -= len(cache.pop(next(iter(cache))))  # the oldest first
            cache[k] = items
            cached[0] += len(items)
        return cache[k]

    label = np.arange(len(ids))  # each row's cluster (its smallest row), to skip joined pairs
    # judged[row, band // 8] bit band % 8: the row's bucket in that band was small enough to
    # be judged; a pair that collided in an earlier band only through an oversized bucket is
    # still unjudged. Bits, not bools: 32 bytes a row.
    judged = np.zeros((len(ids), (LSH_BANDS[0] + 7) // 8), dtype=np.uint8)
    for band in range(LSH_BANDS[0]) if bands is None else bands:
        pieces, small = _band_pairs(rows.band(band))
        judged[:, band >> 3] |= small.astype(np.uint8) << np.uint8(7 - (band & 7))  # packbits order
        for x, y in pieces:
            for lo in range(0, len(x), ROW_BLOCK):
                bx, by = x[lo : lo + ROW_BLOCK], y[lo : lo + ROW_BLOCK]
                apart = label[bx] != label[by]  # (pairs joined by an earlier block: no rows read)
                for i, j in _hopeful_pairs(bx[apart], by[apart], band, rows, sizes, judged):
                    if label[i] != label[j] and similar_hashes(shingled(i), shingled(j)):
                        joined.append((ids[i], ids[j]))
                        keep, drop = sorted((label[i], label[j]))
                        label[label == drop] = keep
    return joined


def _hopeful_pairs(x: np.ndarray, y: np.ndarray, band: int, rows: Rows, sizes: np.ndarray, judged: np.ndarray):
    """The pairs (x, y) that collide in ``band`` for the first time where they were judged,
    and whose signatures are close enough for the exact test (``may_be_similar``)."""
    row_x, row_y = rows.take(x), rows.take(y)
    if band:  # judged already in an earlier band where they collided (one bucket: x's bit says)
        met = row_x.view(np.uint32)[:, :band] == row_y.view(np.uint32)[:, :band]
        fresh = ~(met & np.unpackbits(judged[x], axis=1, count=band).astype(bool)).any(axis=1)
        x, y, row_x, row_y = x[fresh], y[fresh], row_x[fresh], row_y[fresh]
    hopeful = may_be_similar(np.count_nonzero(row_x == row_y, axis=1), sizes[x], sizes[y])
    return zip(x[hopeful].tolist(), y[hopeful].tolist(), strict=True)


def _band_pairs(column: np.ndarray) -> tuple[Iterator[tuple[np.ndarray, np.ndarray]], np.ndarray]:
    """Every pair (x < y) of rows sharing a key in one band, buckets of 2..MAX_POSTING rows
    (a key shared by more says nothing), in pieces of at most about PAIR_CHUNK pairs (a band
    of template-heavy text holds hundreds of thousands); and, per row, whether its bucket
    was within that size. Vectorized per bucket size; pieces come lazily, in a fixed order."""
    order = np.argsort(column, kind="stable")
    ordered = column[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    sizes = np.diff(np.r_[starts, len(order)])
    small = np.empty(len(order), dtype=bool)
    small[order] = np.repeat(sizes <= MAX_POSTING, sizes)

    def pieces() -> Iterator[tuple[np.ndarray, np.ndarray]]:
        for size in np.unique(sizes[(sizes > 1) & (sizes <= MAX_POSTING)]).tolist():
            tx, ty = np.triu_indices(size, 1)
            firsts = starts[sizes == size]
            step = max(1, PAIR_CHUNK // len(tx))  # buckets per piece
            for lo in range(0, len(firsts), step):
                first = firsts[lo : lo + step, None]
                for at in range(0, len(tx), PAIR_CHUNK):  # a big bucket in several pieces
                    a, b = order[first + tx[at : at + PAIR_CHUNK]], order[first + ty[at : at + PAIR_CHUNK]]
                    yield np.minimum(a, b).ravel(), np.maximum(a, b).ravel()

    return pieces(), small


# --------------------------------------------------------------------------- story


@dataclass(frozen=True, slots=True)
class Lead:
    """What an article leads with, and the figures it reports.

    ``actor`` is the source of a leading result or the speaker of a leading claim; ``org``
    the organization behind it (the source itself, or the speaker's organization).
    ``on_count`` says a leading claim is itself about the count (it names a figure or one
    of the article's candidates), as when a commission chairman announces who won.
    """

    article_id: str
    by: str  # "result" or "claim"
    actor: str
    org: str | None
    on_count: bool
    event: tuple | None  # (kind, country, office, date); None when the article names none
    year: str | None
    published: str | None  # the article date
    figures: frozenset[tuple[str, float]]  # (candidate, value)
    sources: frozenset[str]
    said: frozenset[str] = frozenset()  # numbers stated in the article's claims ("63 of the 125 seats")
    # the lead fact's own election and the one its article names first: (kind, country, office, date, year)
    elections: tuple[tuple, ...] = ()
    bigrams: frozenset[str] = frozenset()  # word pairs of the article, for undated leads


@dataclass(frozen=True, slots=True)
class _Fact:
    start: int
    by: str
    actor: str | None
    org: str | None
    event_ids: tuple[str, ...]  # the fact's own election first, then its article's first
    text: str


def lead_of(
    ext: Extraction, entities, events: EventLinks, credits: Iterable[str | None] = (), published: str | None = None
) -> Lead | None:
    """The article's first result or claim (by position) whose actor is known.

    ``credits`` are the agencies and outlets credited for articles: "Trend reports" names
    the wire, not the source of the story."""
    aid = ext.article_id
    skip = {_norm(c) for c in credits if c}
    facts: list[_Fact] = []
    for r in ext.results:
        source = entities.canonical(r.source, "ORG", aid) if r.source else None
        # the story is about the election the result names, or the one its article names first
        # (a count of a referendum held alongside is still the presidential count's story)
        own = tuple(e for e in (events.for_result(aid, r.event_index), events.first_event(aid)) if e)
        facts.append(_Fact(r.mention.start, "result", source, source, tuple(dict.fromkeys(own)), ""))
    for c in ext.claims:
        speaker = entities.canonical(c.speaker, "PERSON_OR_ORG", aid) if c.speaker else None
        org = entities.canonical(c.speaker_org, "ORG", aid) if c.speaker_org else None
        first = events.first_event(aid)
        facts.append(_Fact(c.mention.start, "claim", speaker, org, (first,) if first else (), c.text))
    facts.sort(key=lambda f: (f.start, f.by != "result", f.actor or "", f.event_ids))
    lead = next((f for f in facts if f.actor and _norm(f.actor) not in skip), None)
    if lead is None:
        return None
    records = [r for r in (events.record(e) for e in lead.event_ids) if r is not None]
    record = records[0] if records else None
    figures = set()
    surfaces = set()
    for r in ext.results:
        if r.candidate:
            figures.add((_norm(entities.canonical(r.candidate, "PERSON_OR_ORG", aid)), round(r.value, 2)))
            surfaces.add(r.candidate.split()[-1].casefold())
    sources = {_norm(entities.canonical(r.source, "ORG", aid)) for r in ext.results if r.source}
    said = {n.replace(",", ".") for c in ext.claims for n in _NUMBER.findall(c.text) if not _YEAR.fullmatch(n)}
    words = set(_WORD.findall(lead.text.casefold()))
    on_count = lead.by == "claim" and (bool(_PERCENT.search(lead.text)) or bool(words & surfaces))
    return Lead(
        aid, lead.by, _norm(lead.actor or ""), _norm(lead.org) if lead.org else None, on_count,
        (record.kind, record.country, record.office, record.date) if record else None,
        events.years.get(record.id) if record else year_of(published), published,
        frozenset(figures), frozenset(sources), frozenset(said),
        tuple((r.kind, r.country, r.office, r.date, events.years.get(r.id)) for r in records),
    )


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def bigrams(text: str) -> frozenset[str]:
    words = _WORD.findall(text.casefold())
    return frozenset(f"{x} {y}" for x, y in zip(words, words[1:], strict=False))


def _norm(name: str) -> str:
    return " ".join(_WORD.findall(name.casefold()))


def same_election(a: Lead, b: Lead) -> bool:
    """Same kind and country; office, date and year agree where both are known.

    An article that names no election (the extractor found none) may be about the other's
    when they were published within days of each other."""
    if a.event is None or b.event is None:
        return _days_apart(a.published, b.published) <= MAX_DAYS_APART
    return any(
        kind_a == kind_b
        and country_a == country_b
        and compatible((office_a, date_a), (office_b, date_b))
        and (year_a is None or year_b is None or year_a == year_b)
        for kind_a, country_a, office_a, date_a, year_a in a.elections
        for kind_b, country_b, office_b, date_b, year_b in b.elections
    )


def same_story(a: Lead, b: Lead) -> bool:
    """Same election, and the same lead actor, or the same count.

    Without a known year on both sides a shared actor is not enough (an undated "CEC count"
    could be any election's): the figures must agree too. Different agencies relaying one
    announcement quote its numbers ("63 of the 125 seats"). A story that leads with a claim
    shares a count only when the claim is about it or the speaker speaks for its source;
    otherwise the count is background to another story (an observer's verdict).
    """
    if not same_election(a, b):
        return False
    # Undated, one speaker on one election is one story only if the wording overlaps too (a
    # candidate leads many stories, a commission counts many elections); dated, it is, and so
    # are the numbers of one announcement relayed by several agencies.
    dated = a.year is not None and a.year == b.year
    undated = a.year is None or b.year is None
    if a.actor == b.actor and undated and _jaccard(a.bigrams, b.bigrams) >= UNDATED_BIGRAMS:
        return a.event is not None and b.event is not None
    if dated and a.actor == b.actor:
        # without a named election, only reports dated days apart share a lead
        return (a.event is not None and b.event is not None) or (bool(a.published) and bool(b.published))
    if dated and a.event is not None and b.event is not None and len(a.said & b.said) >= SHARED_SAID:
        return True
    shared = a.figures & b.figures
    # one count: several candidates' figures (not one candidate's figures from several polls)
    if len({c for c, _ in shared}) < SHARED_FIGURES or len(shared) < SHARED_SHARE * min(len(a.figures), len(b.figures)):
        return False
    return all(lead.by == "result" or lead.on_count or lead.org in lead.sources for lead in (a, b))


def story_pairs(
    articles: list[Article],
    extractions: Iterable[Extraction],
    entities,
    events: EventLinks,
    texts: Mapping[str, str] | None = None,
) -> set[tuple[str, str]]:
    by_id = {a.id: a for a in articles}
    # Any wire or outlet credited in the corpus is a credit when it appears as a source.
    credits = sorted({c for a in articles for c in (a.agency, a.publisher) if c})
    leads = {}
    for ext in in_article_order(reading(extractions, "results", "claims")):
        article = by_id.get(ext.article_id)
        lead = lead_of(ext, entities, events, credits, article.date if article else None)
        if lead is not None:
            leads[ext.article_id] = lead
    # Candidates share the lead actor or a figure.
    index: dict[tuple, list[str]] = defaultdict(list)
    for aid, lead in leads.items():
        index[("actor", lead.actor)].append(aid)
        for number in lead.said:
            index[("said", number)].append(aid)
        for figure in lead.figures:
            index[("figure", *figure)].append(aid)
    ids = list(leads)  # in article-id order
    candidates, _ = _shared_postings(ids, index.values())
    # Word pairs are needed only for undated leads of one actor: computed for those pairs
    # only (bounded cache), never held for the whole corpus.
    cache: dict[str, frozenset[str]] = {}

    def worded(aid: str) -> Lead:
        lead = leads[aid]
        article = by_id.get(aid)
        if article is None:
            return lead
        if aid not in cache:
            if len(cache) >= BIGRAM_CACHE:
                cache.clear()
            cache[aid] = bigrams(texts.get(aid, "") if texts is not None else article.text)
        return replace(lead, bigrams=cache[aid])

    pairs = set()
    for a, b in _decoded(ids, candidates):
        lead_a, lead_b = leads[a], leads[b]
        if lead_a.actor == lead_b.actor and (lead_a.year is None or lead_b.year is None):
            lead_a, lead_b = worded(a), worded(b)
        if same_story(lead_a, lead_b):
            pairs.add((a, b))
    return pairs


# --------------------------------------------------------------------------- articles without election facts


def figure_pairs(
    articles: list[Article], extractions: Iterable[Extraction], texts: Mapping[str, str] | None = None
) -> set[tuple[str, str]]:
    """Articles with no election facts (economy, polls on other things) that report the same
    decimal figures within a few days of each other tell the same story."""
    factless = {e.article_id for e in reading(extractions, "events", "results") if not e.events and not e.results}
    figures = {}
    for a in sorted(articles, key=lambda a: a.id):
        if a.id in factless:
            text = texts.get(a.id, "") if texts is not None else a.text
            found = frozenset(m.replace(",", ".") for m in _DECIMAL.findall(text))
            if len(found) >= SHARED_FIGURES:
                figures[a.id] = (found, a.date)
    ids = sorted(figures)
    index: dict[str, list[str]] = defaultdict(list)
    for aid in ids:
        for figure in figures[aid][0]:
            index[figure].append(aid)
    codes, counts = _shared_postings(ids, index.values())  # a figure everybody prints tells nothing
    return {
        (a, b)
        for a, b in _decoded(ids, codes[counts >= SHARED_FIGURES])
        if _days_apart(figures[a][1], figures[b][1]) <= MAX_DAYS_APART
    }


def _shared_postings(ids: list[str], postings: Iterable[list[str]]) -> tuple[np.ndarray, np.ndarray]:
    """Every pair of ids listed together in a posting list of 2..MAX_POSTING members, as
    sorted unique codes ``i * len(ids) + j`` (positions in ``ids``, i < j), with the number
    of lists naming each pair. Arrays: 8 bytes a pair, where a tuple in a set costs about
    100 (a corpus of 50,000 articles has hundreds of thousands of candidate pairs)."""
    n = len(ids)
    position = {aid: k for k, aid in enumerate(ids)}
    codes = []
    for members in postings:
        if 2 <= len(members) <= MAX_POSTING:
            at = np.fromiter((position[m] for m in members), dtype=np.int64, count=len(members))
            x, y = np.triu_indices(len(at), 1)
            codes.append(np.minimum(at[x], at[y]) * n + np.maximum(at[x], at[y]))
    if not codes:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    return np.unique(np.concatenate(codes), return_counts=True)


def _decoded(ids: list[str], codes: np.ndarray, chunk: int = 65_536) -> Iterator[tuple[str, str]]:
    """The id pairs of ``_shared_postings`` codes, in code order (a few at a time)."""
    n = len(ids)
    for lo in range(0, len(codes), chunk):
        for code in codes[lo : lo + chunk].tolist():
            yield ids[code // n], ids[code % n]


def _days_apart(a: str | None, b: str | None) -> int:
    if not a or not b:
        return 0
    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)
    except ValueError:
        return 0


# --------------------------------------------------------------------------- clusters


class _UnionFind:
    """Clusters of article ids; the representative is chosen by rank at the end."""

    def __init__(self, ids: Iterable[str]):
        self.parent = {i: i for i in ids}

    def find(self, x: str) -> str:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def connected(self, a: str, b: str) -> bool:
        return self.find(a) == self.find(b)

    def union(self, a: str, b: str) -> None:
        if a in self.parent and b in self.parent:
            ra, rb = self.find(a), self.find(b)
            if ra != rb:
                self.parent[max(ra, rb)] = min(ra, rb)

    def clusters(self, rank: dict[str, tuple]) -> dict[str, str]:
        groups: dict[str, list[str]] = {}
        for i in sorted(self.parent):
            groups.setdefault(self.find(i), []).append(i)
        out: dict[str, str] = {}
        for members in groups.values():
            if len(members) < 2:
                continue
            rep = min(members, key=lambda m: rank_of(rank, m))
            for m in members:
                out[m] = rep
        return out


def clusters(ids: list[str], pairs: set[tuple[str, str]], rank: dict[str, tuple]) -> dict[str, str]:
    groups = _UnionFind(ids)
    for a, b in sorted(pairs):
        groups.union(a, b)
    return groups.clusters(rank)
