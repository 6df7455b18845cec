"""Wording sketch of an article for near-duplicate detection, computed in the per-article half.

Word 5-shingles of the normalized body as 64-bit hashes, and their MinHash signature
(512 seeded multiply-shift hash functions, in numpy: datasketch's MinHash would pull in
scipy, 40 MB per process, for a few lines here). Computing it where the article is extracted
keeps the hashing parallel and lets the corpus half hold one compact row per article instead
of its text. Only the low 16 bits of each minimum are kept: two rows of a band then make a
32-bit LSH key, and unrelated articles agree on a 16-bit value with p = 2**-16, far below
the agreement rates the near-duplicate test reads (`pipeline.resolve.duplicates`).
"""

from __future__ import annotations

import re
import zlib
from functools import cache

import numpy as np

SHINGLE = 5
NUM_PERM = 512
MIN_SHINGLES = 10  # too little text to judge by wording
MAX_SHINGLES = 20_000  # shingles per article judged (the first ones): bounds time on huge inputs
SIGNATURE_DTYPE = np.dtype("<u2")
_WORD = re.compile(r"\w+")


_FOLD = np.uint64(0x9E3779B97F4A7C15)  # odd 64-bit multiplier: shingle hash from word hashes


def shingle_hashes(text: str, k: int = SHINGLE, limit: int | None = None) -> np.ndarray:
    """The text's word k-shingles (all its words when fewer than k) as sorted unique 64-bit
    hashes: crc32 per word, folded over each window. 8 bytes a shingle instead of a string
    object; distinct shingles collide with p ~ 2**-64. With ``limit``, only the shingles of
    the first ``limit + k - 1`` words (a 10 MB article would cost a minute of hashing)."""
    words = _WORD.findall(text.casefold())
    if limit is not None:
        words = words[: limit + k - 1]
    hashes = np.fromiter((zlib.crc32(w.encode("utf-8")) for w in words), dtype=np.uint64, count=len(words))
    if len(hashes) < k:  # one shingle of all the words
        k = len(hashes)
    if k == 0:
        return hashes
    out = hashes[: len(hashes) - k + 1].copy()
    for j in range(1, k):
        out = out * _FOLD + hashes[j : len(hashes) - k + 1 + j]
    return np.unique(out)


@cache
def permutations() -> tuple[np.ndarray, np.ndarray]:
    """The hash functions h_i(x) = (a_i * x + b_i) mod 2**64 >> 32 (multiply-shift: a
    universal family needing no modulo), from a fixed seed so signatures compare across runs,
    processes and machines (numpy's legacy RandomState stream never changes)."""
    gen = np.random.RandomState(1)
    a = gen.randint(1, 1 << 63, size=NUM_PERM, dtype=np.uint64) | np.uint64(1)  # odd multipliers
    b = gen.randint(0, 1 << 63, size=NUM_PERM, dtype=np.uint64)
    return a, b


_SHIFT = np.uint64(32)


def signature(hashes: np.ndarray) -> np.ndarray:
    """MinHash signature of a shingle set (``shingle_hashes``) under NUM_PERM hash functions,
    as uint32: per function, the smallest hash over the set."""
    a, b = permutations()
    hv = hashes >> _SHIFT  # the well-mixed top 32 bits of each folded shingle hash
    out = np.full(NUM_PERM, np.iinfo(np.uint32).max, dtype=np.uint64)
    for chunk in range(0, len(hv), 512):  # bounded temporaries for long articles
        out = np.minimum(out, ((hv[chunk : chunk + 512, None] * a + b) >> _SHIFT).min(axis=0))
    return out.astype(np.uint32)


def sketch(text: str) -> tuple[int, bytes]:
    """(number of shingles, signature as little-endian uint16 bytes); no signature for
    texts too short to judge."""
    hashes = shingle_hashes(text, limit=MAX_SHINGLES)
    if len(hashes) < MIN_SHINGLES:
        return len(hashes), b""
    return len(hashes), signature(hashes).astype(SIGNATURE_DTYPE).tobytes()


class SketchIndex:
    """The corpus half's wording state: one signature row per article in one growable
    uint16 array (1 KB per article), plus its id and shingle count."""

    def __init__(self) -> None:
        self._rows = np.empty((0, NUM_PERM), dtype=SIGNATURE_DTYPE)
        self.ids: list[str] = []
        self.sizes: list[int] = []

    def add(self, article_id: str, size: int, signature_bytes: bytes) -> None:
        if not signature_bytes:
            return
        if len(self.ids) == len(self._rows):  # grow by half: amortized O(1), bounded slack
            grown = np.empty((max(64, len(self._rows) * 3 // 2), NUM_PERM), dtype=SIGNATURE_DTYPE)
            grown[: len(self._rows)] = self._rows
            self._rows = grown
        self._rows[len(self.ids)] = np.frombuffer(signature_bytes, dtype=SIGNATURE_DTYPE)
        self.ids.append(article_id)
        self.sizes.append(size)

    def add_text(self, article_id: str, text: str) -> None:
        self.add(article_id, *sketch(text))

    def ordered(self) -> tuple[list[str], np.ndarray, np.ndarray]:
        """(ids, sizes, rows) sorted by article id, so state never depends on input order."""
        order = sorted(range(len(self.ids)), key=self.ids.__getitem__)
        rows = self._rows[: len(self.ids)][order]
        return [self.ids[i] for i in order], np.asarray(self.sizes, dtype=np.int64)[order], rows
