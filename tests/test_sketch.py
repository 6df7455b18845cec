"""Wording sketches for near-duplicates (pipeline/sketch.py)."""

from __future__ import annotations

import re

import numpy as np
import pytest

from pipeline.sketch import (
    MIN_SHINGLES,
    NUM_PERM,
    SketchIndex,
    permutations,
    shingle_hashes,
    signature,
    sketch,
)


def shingles(text: str, k: int = 5, limit: int | None = None) -> set[str]:
    """Reference: the word k-shingles as strings (all the words when fewer than k)."""
    words = re.findall(r"\w+", text.casefold())
    if limit is not None:
        words = words[: limit + k - 1]
    if len(words) < k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


STORY = (
    "Voting has ended in the parliamentary elections and the electoral commission will publish the "
    "preliminary count overnight. More than six million voters were registered at some six thousand "
    "polling stations across the country, and about ninety thousand observers followed the vote."
)
OTHER = (
    "Consumer prices rose faster than expected last month as shelter and food costs kept climbing, "
    "the statistics office said on Tuesday. Economists had forecast a smaller increase."
)


def _words(n: int, start: int = 0) -> str:
    return " ".join(f"w{i}" for i in range(start, start + n))


@pytest.mark.parametrize(
    ("a", "b"),
    [(_words(300), _words(300)), (_words(300), _words(300, 150)), (_words(300), _words(300, 250)), (_words(200), _words(200, 500))],
)
def test_signature_agreement_estimates_jaccard(a, b):
    # the share of equal minima is an unbiased estimate of the Jaccard similarity
    sa, sb = shingle_hashes(a), shingle_hashes(b)
    jaccard = len(np.intersect1d(sa, sb)) / len(np.union1d(sa, sb))
    agree = np.count_nonzero(signature(sa) == signature(sb)) / NUM_PERM
    assert abs(agree - jaccard) < 0.06


def test_signature_is_deterministic_and_32_bit():
    first = signature(shingle_hashes(STORY))
    assert first.dtype == np.uint32
    permutations.cache_clear()  # the hash functions drawn again: the same ones
    assert np.array_equal(first, signature(shingle_hashes(STORY)))
    assert len(set(first.tolist())) > NUM_PERM * 0.9  # the hash functions differ


@pytest.mark.parametrize(("words", "limit", "expected"), [(100, 10, 10), (100, None, 96), (8, 10, 4)])
def test_shingles_are_capped(words, limit, expected):
    text = " ".join(f"w{i}" for i in range(words))
    assert len(shingle_hashes(text, limit=limit)) == expected


@pytest.mark.parametrize(
    ("text", "size", "has_signature"),
    [(STORY, len(shingles(STORY)), True), ("too short to judge", 1, False), ("", 0, False)],
)
def test_sketch_keeps_the_low_16_bits_of_the_signature(text, size, has_signature):
    count, data = sketch(text)
    assert count == size
    assert bool(data) is has_signature
    if has_signature:
        row = np.frombuffer(data, dtype="<u2")
        assert len(row) == NUM_PERM
        assert np.array_equal(row, signature(shingle_hashes(text)).astype(np.uint16))


def test_sketch_index_rows_are_ordered_by_id_whatever_the_arrival():
    index = SketchIndex()
    for aid, text in [("b", OTHER), ("short", "a b c"), ("a", STORY)]:
        index.add_text(aid, text)
    ids, sizes, rows = index.ordered()
    assert ids == ["a", "b"]  # too-short texts hold no row
    assert sizes.tolist() == [len(shingles(STORY)), len(shingles(OTHER))]
    assert np.array_equal(rows[0], np.frombuffer(sketch(STORY)[1], dtype="<u2"))
    assert sizes.min() >= MIN_SHINGLES


def test_sketch_index_grows_past_its_first_block():
    index = SketchIndex()
    for i in range(200):
        index.add_text(f"{i:03d}", f"{STORY} {i}")
    ids, _, rows = index.ordered()
    assert len(ids) == 200 == len(rows)
    assert np.array_equal(rows[199], np.frombuffer(sketch(f"{STORY} 199")[1], dtype="<u2"))


@pytest.mark.parametrize(
    ("text", "limit"),
    [(STORY, None), (OTHER, None), (STORY, 7), ("two words", None), ("", None), ("Ça ÇA ça va va va va", None)],
)
def test_shingle_hashes_count_the_same_shingles(text, limit):
    hashes = shingle_hashes(text, limit=limit)
    assert len(hashes) == len(shingles(text, limit=limit))
    assert np.all(np.diff(hashes.astype(np.float64)) >= 0)  # sorted, as the exact test assumes


def test_shingle_hashes_agree_on_shared_wording():
    a, b = shingle_hashes(STORY), shingle_hashes("A new lead. " + STORY)
    shared = len(shingles(STORY) & shingles("A new lead. " + STORY))
    assert len(np.intersect1d(a, b, assume_unique=True)) == shared
