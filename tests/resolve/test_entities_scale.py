"""The compact, fast forms of entity resolution agree with the plain ones they replace."""

from __future__ import annotations

import gc
import re

import pytest

from pipeline.records import Article, Extraction, NameMention, stable_id
from pipeline.resolve.entities import (
    _CAP_WORD,
    _CAPITALIZED_RUN,
    EntityIndex,
    _close_surname_pairs,
    _given_compatible,
    _surname_match,
    resolve_entities,
)
from pipeline.resolve.names import clean, trim

# the patterns as first written (word boundary first; runs of one word or more)
PLAIN_CAP_WORD = re.compile(r"\b[A-Z][\w'-]{3,}\b")
PLAIN_RUN = re.compile(r"\b[A-Z][\w’'.-]*(?:[ \t]+(?:(?:of|for|the|on)[ \t]+)*[A-Z][\w’'.-]*)*")

TEXTS = [
    "Japarov won. O'Brien Party and McDonald Group met x-Yes Party; 1A B, _A B, É Party.",
    "The U.S. Agency for Aid said Party of the People, Party of the people, Ann-Marie’s Cafe Co.",
    "X  \t Y of Z of, A.B. C.D. aBC Def Party\nNew Line Movement",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_capital_first_word_pattern_finds_the_same_words(text: str) -> None:
    assert [m.span() for m in _CAP_WORD.finditer(text)] == [m.span() for m in PLAIN_CAP_WORD.finditer(text)]


@pytest.mark.parametrize("text", TEXTS)
def test_capitalized_runs_are_the_multiword_runs(text: str) -> None:
    plain = [m.span() for m in PLAIN_RUN.finditer(text) if len(m.group(0).split()) >= 2]
    assert [m.span() for m in _CAPITALIZED_RUN.finditer(text)] == plain


def _brute_pairs(members: list[tuple]) -> set[tuple]:
    return {
        (a, b)
        for i, a in enumerate(members)
        for b in members[i + 1 :]
        if _given_compatible(a[1], b[1]) and _surname_match(a[2], b[2])
    }


@pytest.mark.parametrize("size", [3, 12, 40, 108])
def test_block_candidates_keep_every_matching_pair(size: int) -> None:
    surnames = ["shaidalbekova", "shildabekova", "shaidalbekov", "shamsudinov", "shamsudinova", "sharipov"]
    givens = ["natalia", "natalja", "n", "nadia", "nina", "nurlan"]
    members = sorted({("P", g, s + end) for g in givens for s in surnames for end in ("", "a", "ov")})[:size]
    found = {(a, b) for a, b in _close_surname_pairs(members) if _given_compatible(a[1], b[1]) and _surname_match(a[2], b[2])}
    assert found == _brute_pairs(members)


@pytest.mark.parametrize("root", [("P", "ilham", "aliev"), ("O", "central election commission", "Azerbaijan"), ("G", "georgia")])
def test_stable_id_is_the_sha256_of_sorted_json(root: tuple) -> None:
    """Ids stay what they were when stable_id began to reuse one JSON encoder."""
    import hashlib
    import json

    payload = json.dumps(("entity", "ORG", root), ensure_ascii=False, sort_keys=True, default=str)
    assert stable_id("entity", "ORG", root) == hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


@pytest.mark.parametrize(
    ("name", "article", "expected"),
    [
        ("Aliyev", "a1", "Ilham Aliyev"),  # the article's own reading
        ("Aliyev", "a2", "Heydar Aliyev"),  # no reading of its own: the corpus-wide one
        ("Aliyev", None, "Heydar Aliyev"),
        ("the Aliyev", "a1", "Ilham Aliyev"),  # through the clean form
        ("“Aliyev”", None, "Heydar Aliyev"),
        ("Nobody", "a1", "Nobody"),
        (None, "a1", None),
    ],
)
def test_canonical_reads_article_then_corpus(name: str | None, article: str | None, expected: str | None) -> None:
    index = EntityIndex(canonical_of={"Aliyev": "Heydar Aliyev"}, local_of={("a1", "Aliyev"): "Ilham Aliyev"})
    assert index.canonical(name, "PERSON", article) == expected


@pytest.mark.parametrize("surface", ["Ilham Aliyev", "the CEC", "“Rey” Monitoring Center"])
def test_unchanged_forms_are_the_surface_itself(surface: str) -> None:
    cleaned, trimmed = clean(surface), trim(surface)
    assert clean(cleaned) is cleaned
    assert trim(trimmed) is trimmed


def test_run_restores_the_collector_and_empties_name_memos() -> None:
    articles = [Article(id="a1", path="a1.txt", text="Ilham Aliyev won.")]
    names = (NameMention("Ilham Aliyev", "PERSON", 0, 12),)
    clean("Ilham Aliyev")
    assert gc.isenabled()
    resolve_entities(articles, [Extraction("a1", names=names)])
    assert gc.isenabled()
    assert clean.cache_info().currsize == 0


def test_texts_mapping_stands_for_the_article_texts() -> None:
    text = "Ilham Aliyev won the vote. Aliyev thanked voters."
    extractions = [Extraction("a1", names=(NameMention("Ilham Aliyev", "PERSON", 0, 12),))]
    own = resolve_entities([Article(id="a1", path="a1.txt", text=text)], extractions)
    mapped = resolve_entities([Article(id="a1", path="a1.txt")], extractions, texts={"a1": text})
    assert mapped.records() == own.records()
    assert mapped.canonical("Aliyev", "PERSON", "a1") == "Ilham Aliyev"  # the lone surname, read from the text
