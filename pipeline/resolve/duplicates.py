"""Near-duplicate articles: copies and rewrites by text, updates and parallel reports by facts.

Two signals, joined transitively into clusters:

1. **Text**: MinHash/LSH over word 5-shingles of the normalized body finds candidate pairs;
   a pair is a near-duplicate when the shared shingles cover at least ``CONTAINMENT`` of
   the shorter article (a republished copy, or a roundup that embeds the first report) and
   ``JACCARD`` of both. Thresholds chosen on the dev corpora: gold pairs have containment
   >= 0.29, unrelated stories on one election <= 0.18.
2. **Story**: wire updates ("with 54 % counted" then "with 93 % counted") and different
   agencies' reports of one announcement share little wording but lead with the same
   fact. An article's *lead* is its first attributed fact: a result (who published which
   count, of which election) or a claim (who said it, about which election). Articles whose
   leads agree on election and source or speaker tell the same story. Stories that only
   repeat the figures further down (an observer's comments with the count as background)
   lead with something else and stay apart.

``duplicate_of`` maps every clustered article to the cluster's earliest article (article
date, undated last, ties by id); deterministic whatever the input order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from datasketch import MinHash, MinHashLSH

from pipeline.records import Article, Extraction
from pipeline.resolve.events import EventLinks, article_rank

SHINGLE = 5
NUM_PERM = 128
LSH_THRESHOLD = 0.05  # candidate generation only; the exact test below decides
CONTAINMENT = 0.25
JACCARD = 0.05
MIN_SHINGLES = 10  # too little text to judge by wording
_WORD = re.compile(r"\w+")


def near_duplicates(
    articles: list[Article], extractions: list[Extraction], entities=None, events: EventLinks | None = None
) -> dict[str, str]:
    """article id -> representative id, for every article in a cluster of two or more."""
    ids = sorted({a.id for a in articles})
    pairs = text_pairs(articles)
    if entities is not None and events is not None:
        pairs |= story_pairs(extractions, entities, events)
    return clusters(ids, pairs, article_rank(articles))


# --------------------------------------------------------------------------- text


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    words = _WORD.findall(text.casefold())
    if len(words) < k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


def _minhash(items: Iterable[str]) -> MinHash:
    m = MinHash(num_perm=NUM_PERM, seed=1)
    m.update_batch([s.encode("utf-8") for s in sorted(items)])
    return m


def similar(a: set[str], b: set[str]) -> bool:
    if len(a) < MIN_SHINGLES or len(b) < MIN_SHINGLES:
        return False
    shared = len(a & b)
    return shared / min(len(a), len(b)) >= CONTAINMENT and shared / len(a | b) >= JACCARD


def text_pairs(articles: list[Article]) -> set[tuple[str, str]]:
    sets = {a.id: shingles(a.text) for a in sorted(articles, key=lambda a: a.id)}
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    hashes = {}
    for aid, items in sets.items():
        if len(items) < MIN_SHINGLES or aid in hashes:
            continue
        hashes[aid] = _minhash(items)
        lsh.insert(aid, hashes[aid])
    pairs = set()
    for aid, m in hashes.items():
        for other in lsh.query(m):
            if other > aid and similar(sets[aid], sets[other]):
                pairs.add((aid, other))
    return pairs


# --------------------------------------------------------------------------- story


@dataclass(frozen=True, order=True)
class Lead:
    """What an article leads with: ("result", event, source) or ("claim", event, speaker)."""

    kind: str
    event_id: str
    actor: str


def lead_of(ext: Extraction, entities, events: EventLinks) -> Lead | None:
    """The first result or claim of the article (by position), when election and actor are known."""
    facts: list[tuple[int, int, Lead | None]] = []
    aid = ext.article_id
    for r in ext.results:
        event = events.for_result(aid, r.event_index)
        source = entities.canonical(r.source, "ORG", aid) if r.source else None
        lead = Lead("result", event, _norm(source)) if event and source else None
        facts.append((r.mention.start, 0, lead))
    for c in ext.claims:
        event = events.main_event(aid)
        speaker = entities.canonical(c.speaker, "PERSON_OR_ORG", aid) if c.speaker else None
        lead = Lead("claim", event, _norm(speaker)) if event and speaker else None
        facts.append((c.mention.start, 1, lead))
    if not facts:
        return None
    facts.sort(key=lambda f: (f[0], f[1], f[2] is None, f[2] or Lead("", "", "")))
    return facts[0][2]


def _norm(name: str) -> str:
    return " ".join(_WORD.findall(name.casefold()))


def story_pairs(extractions: list[Extraction], entities, events: EventLinks) -> set[tuple[str, str]]:
    by_lead: dict[Lead, list[str]] = {}
    for ext in sorted(extractions, key=lambda e: e.article_id):
        lead = lead_of(ext, entities, events)
        if lead is not None:
            by_lead.setdefault(lead, []).append(ext.article_id)
    pairs = set()
    for members in by_lead.values():
        members = sorted(set(members))
        pairs.update((a, b) for i, a in enumerate(members) for b in members[i + 1 :])
    return pairs


# --------------------------------------------------------------------------- clusters


def clusters(ids: list[str], pairs: set[tuple[str, str]], rank: dict[str, tuple]) -> dict[str, str]:
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in sorted(pairs):
        if a in parent and b in parent:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = {}
    for i in ids:
        groups.setdefault(find(i), []).append(i)
    out: dict[str, str] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        rep = min(members, key=lambda m: rank.get(m, (1, "", m)))
        for m in members:
            out[m] = rep
    return out
