"""Article texts, wording sketches and extracted facts kept on disk during a run.

The corpus half needs an article's words only for a few checks (near-duplicate candidates,
headline and context of names), its MinHash row only in the near-duplicate pass, and its
facts one pass at a time, so holding any of them in memory would make a run's memory grow
with the corpus. Texts go to one temporary file (memory keeps (offset, length) per id),
signature rows to another (memory keeps the id and shingle count of each row), each
article's facts as JSON lines to a third (memory keeps its id, offset and length); all are
read back where they are needed, texts and rows possibly in another process.
"""

from __future__ import annotations

import json
import mmap
import os
import sys
import tempfile
import typing
from array import array
from collections.abc import Container, Iterator, Mapping
from dataclasses import fields
from functools import cache
from pathlib import Path

import numpy as np

from pipeline.records import ClaimFact, EventFact, Extraction, Mention, NameMention, ResultFact
from pipeline.sketch import NUM_PERM, SIGNATURE_DTYPE

ROW_BYTES = NUM_PERM * SIGNATURE_DTYPE.itemsize
_FACT_KINDS = (("events", EventFact), ("results", ResultFact), ("claims", ClaimFact), ("names", NameMention))
FACT_FIELDS = (*(kind for kind, _ in _FACT_KINDS), "acronyms")  # every field of an Extraction but its id and sketch
_FACT_CLASS = dict(_FACT_KINDS)


class _SpillFile:
    """A temporary file in the output folder (``PREFIX`` names it, so a killed run's
    leftovers can be found), deleted by ``close``."""

    PREFIX = ".spill."
    MODE = "w+b"

    def __init__(self, folder: Path):
        fd, self.path = tempfile.mkstemp(prefix=self.PREFIX, suffix=".tmp", dir=folder)
        self._file = os.fdopen(fd, self.MODE)
        self._end = 0

    def _append(self, data: bytes) -> int:
        """Write ``data`` at the end of the file; its offset."""
        offset = self._end
        self._file.seek(offset)  # (reads through the same handle move the position)
        self._file.write(data)
        self._end += len(data)
        return offset

    def close(self) -> None:
        """Close and delete the file (idempotent)."""
        if not self._file.closed:
            self._file.close()
        if os.path.exists(self.path):
            os.unlink(self.path)


class SpanIndex(Mapping[str, tuple[int, int]]):
    """key -> (offset, length) in a spill file, held as a dict of row numbers and one array
    of spans: about 100 bytes a key where a dict of tuples takes 200."""

    def __init__(self) -> None:
        self._row: dict[str, int] = {}
        self._spans = array("q")

    def add(self, key: str, offset: int, length: int) -> None:
        self._row[key] = len(self._spans) // 2
        self._spans.extend((offset, length))

    def get(self, key: str, default=None):
        row = self._row.get(key)
        return default if row is None else (self._spans[2 * row], self._spans[2 * row + 1])

    def __getitem__(self, key: str) -> tuple[int, int]:
        row = self._row[key]
        return self._spans[2 * row], self._spans[2 * row + 1]

    def __iter__(self) -> Iterator[str]:
        return iter(self._row)

    def __len__(self) -> int:
        return len(self._row)

    def copy(self) -> SpanIndex:
        out = SpanIndex()
        out._row, out._spans = dict(self._row), array("q", self._spans)
        return out


class TextStore(_SpillFile, Mapping[str, str]):
    """A read-back mapping article id -> text over an append-only temporary file."""

    PREFIX = ".texts."

    def __init__(self, folder: Path):
        super().__init__(folder)
        self._where = SpanIndex()

    def put(self, article_id: str, text: str) -> None:
        data = text.encode("utf-8")
        self._where.add(article_id, self._append(data), len(data))

    def __getitem__(self, article_id: str) -> str:
        offset, length = self._where[article_id]
        self._file.seek(offset)
        return self._file.read(length).decode("utf-8")

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)

    def reader(self) -> TextFile:
        """A picklable read-only view of the texts written so far, for another process."""
        self._file.flush()
        return TextFile(self.path, self._where.copy())


class TextFile(Mapping[str, str]):
    """Read-only mapping over a ``TextStore`` file, for another process: each read opens
    the file (no handle to leak or to pickle)."""

    def __init__(self, path: str, where: SpanIndex):
        self.path = path
        self._where = where

    def __getitem__(self, article_id: str) -> str:
        offset, length = self._where[article_id]
        with open(self.path, "rb") as handle:
            handle.seek(offset)
            return handle.read(length).decode("utf-8")

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)


class SketchStore(_SpillFile):
    """Signature rows (``pipeline.sketch``) appended to a temporary file in arrival order."""

    PREFIX = ".sketches."
    MODE = "wb"

    def __init__(self, folder: Path):
        super().__init__(folder)
        self.ids: list[str] = []
        self.sizes = array("q")  # shingle counts, 8 bytes a row

    def add(self, article_id: str, size: int, signature_bytes: bytes) -> None:
        if not signature_bytes:  # too short to judge: no row
            return
        if len(signature_bytes) != ROW_BYTES:  # one bad row would shift every later one
            raise ValueError(f"signature of {len(signature_bytes)} bytes, not {ROW_BYTES}")
        self._append(signature_bytes)
        self.ids.append(article_id)
        self.sizes.append(size)

    def reader(self) -> SketchFile:
        """A picklable read-only view of the rows written so far, for another process."""
        self._file.flush()
        return SketchFile(self.path, list(self.ids), np.asarray(self.sizes, dtype=np.int64))


class SketchFile:
    """Read-only view of a ``SketchStore`` file, for the process that judges pairs."""

    def __init__(self, path: str, ids: list[str], sizes: np.ndarray):
        self.path = path
        self.ids = ids
        self.sizes = sizes

    def ordered(self) -> tuple[list[str], np.ndarray, FileRows]:
        """(ids, sizes, rows) sorted by article id, as ``SketchIndex.ordered``, with the rows
        left on disk (``FileRows``)."""
        order = sorted(range(len(self.ids)), key=self.ids.__getitem__)
        rows = FileRows(self.path, np.asarray(order, dtype=np.intp))
        return [self.ids[i] for i in order], self.sizes[order], rows


class FileRows:
    """Signature rows of a ``SketchStore`` file in the order ``order`` gives, read as needed:
    LSH wants one band's keys of every row, then whole rows of a few candidate pairs.

    Band keys are read ``GROUP`` bands at a time (one pass over the file per group, 4 bytes
    a band per row held). Rows come from memory when the file is at most ``IN_MEMORY``
    bytes, else from a read-only mapping whose pages are released after each read; either
    way no process holds the rows of a large corpus.
    """

    GROUP = 16  # bands per pass over the file: 64 bytes a row held
    CHUNK_ROWS = 4096  # rows read at a time during a pass
    IN_MEMORY = 16 << 20  # files up to this size (16k articles) are read whole: faster, bounded

    def __init__(self, path: str, order: np.ndarray):
        self.path = path
        self.order = order
        self.shape = (len(order), NUM_PERM)
        self._group = -1
        self._keys = np.empty((0, 0), dtype=np.uint32)
        self._map: mmap.mmap | None = None  # large files: mapped by the first ``take``
        self._rows: np.ndarray | None = None

    def band(self, band: int) -> np.ndarray:
        """The uint32 keys (two 16-bit minima) of one band, for every row."""
        group = band // self.GROUP
        if group != self._group:
            self._keys = np.empty((0, 0), dtype=np.uint32)  # the old group goes first
            self._keys, self._group = self._read_group(group), group
        return self._keys[:, band - group * self.GROUP]

    def _read_group(self, group: int) -> np.ndarray:
        n, width = len(self.order), NUM_PERM // 2
        first = group * self.GROUP
        last = min(width, first + self.GROUP)
        place = np.empty(n, dtype=np.intp)  # file row -> sorted position
        place[self.order] = np.arange(n)
        keys = np.empty((n, last - first), dtype=np.uint32)
        with open(self.path, "rb") as handle:
            for lo in range(0, n, self.CHUNK_ROWS):
                hi = min(n, lo + self.CHUNK_ROWS)
                block = np.fromfile(handle, dtype=SIGNATURE_DTYPE, count=(hi - lo) * NUM_PERM)
                keys[place[lo:hi]] = block.reshape(hi - lo, NUM_PERM).view(np.uint32)[:, first:last]
        return keys

    def take(self, index: np.ndarray) -> np.ndarray:
        """Whole rows (sorted positions ``index``), copied out of memory or the mapping."""
        if len(index) == 0 or len(self.order) == 0:
            return np.empty((0, NUM_PERM), dtype=SIGNATURE_DTYPE)
        if self._rows is None:
            self._rows = self._open()
        out = self._rows[self.order[index]]
        if self._map is not None and hasattr(mmap, "MADV_DONTNEED"):  # (not on Windows)
            self._map.madvise(mmap.MADV_DONTNEED)  # the pages read stop counting against this process
        return out

    def _open(self) -> np.ndarray:
        count = self.shape[0] * NUM_PERM
        with open(self.path, "rb") as handle:
            if count * SIGNATURE_DTYPE.itemsize <= self.IN_MEMORY:  # small: one read, no page games
                return np.fromfile(handle, dtype=SIGNATURE_DTYPE, count=count).reshape(self.shape)
            self._map = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        return np.frombuffer(self._map, dtype=SIGNATURE_DTYPE, count=count).reshape(self.shape)

    def close(self) -> None:
        """Drop what was read and unmap the file (a mapped file cannot be deleted on Windows)."""
        self._rows = None  # the mapping's buffer export goes first
        self._keys = np.empty((0, 0), dtype=np.uint32)
        if self._map is not None:
            self._map.close()
            self._map = None


class ExtractionStore(_SpillFile):
    """Extractions (their facts, not their wording sketch) in an append-only temporary file,
    one row per ``put`` as a list of them would hold (two copies of one article included).
    The facts of an extraction without any (most articles of a general news feed) are not
    written: its row reads back as an empty extraction."""

    PREFIX = ".extractions."

    def __init__(self, folder: Path):
        super().__init__(folder)
        self._ids: list[str] = []  # per row: its article id ...
        self._spans = array("q")  # ... and its offset and length in the file (0, 0: no facts)

    def put(self, extraction: Extraction) -> None:
        self._ids.append(extraction.article_id)
        if not any(getattr(extraction, kind) for kind in FACT_FIELDS):
            self._spans.extend((0, 0))
            return
        data = encode_facts(extraction)
        self._spans.extend((self._append(data), len(data)))

    def view(self, article_ids: Container[str]) -> StoredExtractions:
        """The rows of ``article_ids`` so far, sorted by id (stable: one id's rows in the order
        they came, as sorting a list would leave them), read lazily on each pass."""
        self._file.flush()
        ids = self._ids
        rows = sorted((i for i in range(len(ids)) if ids[i] in article_ids), key=ids.__getitem__)
        return StoredExtractions(self.path, ids, self._spans, array("q", rows))


class StoredExtractions:
    """A re-iterable, id-ordered sequence of extractions read from an ``ExtractionStore``
    file as each pass needs them: a pass holds one article's facts at a time."""

    ordered = True  # by article id (``pipeline.records.in_article_order`` keeps it lazy)

    def __init__(self, path: str, ids: list[str], spans: array, rows: array, kinds: tuple[str, ...] = FACT_FIELDS):
        self.path = path
        self._ids = ids
        self._spans = spans
        self._rows = rows
        self.kinds = kinds

    def only(self, kinds: tuple[str, ...]) -> StoredExtractions:
        """The same rows with only the fact fields ``kinds`` decoded (the others read empty):
        a pass over results does not parse every name."""
        return StoredExtractions(self.path, self._ids, self._spans, self._rows, kinds)

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[Extraction]:
        ids, spans, kinds = self._ids, self._spans, self.kinds
        with open(self.path, "rb", buffering=0) as handle:  # (reads jump: no read-ahead buffer)
            for row in self._rows:
                length = spans[2 * row + 1]
                if not length:
                    yield Extraction(ids[row])
                    continue
                handle.seek(spans[2 * row])
                yield decode_facts(ids[row], handle.read(length), kinds)


# An extraction's facts are stored as one JSON array per fact field, in FACT_FIELDS order,
# on lines of their own (JSON escapes every newline inside a value), so that a pass decodes
# only the fields it reads. A fact is the array of its field values in declaration order
# (a Mention as an array of its own): JSON, not pickle (nothing read back can run code),
# rebuilt by position because every pass of the resolve step decodes them (FACT_FIELDS,
# _FACT_KINDS above).


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


@cache
def _mention_field(cls: type) -> int | None:
    """Position of the Mention among a fact's fields (one at most), None without one."""
    hints = typing.get_type_hints(cls)
    return next((i for i, name in enumerate(_field_names(cls)) if hints[name] is Mention), None)


def _row(obj) -> list:
    return [_row(v) if isinstance(v, Mention) else v for v in map(obj.__getattribute__, _field_names(type(obj)))]


def encode_facts(extraction: Extraction) -> bytes:
    """The fact fields of ``extraction`` (not its id or wording sketch), one line each."""
    lines = [[_row(f) for f in getattr(extraction, kind)] for kind, _ in _FACT_KINDS]
    lines.append(extraction.acronyms)
    return "\n".join(json.dumps(line, ensure_ascii=False) for line in lines).encode("utf-8")


def decode_facts(article_id: str, data: bytes, kinds: tuple[str, ...] = FACT_FIELDS) -> Extraction:
    """The extraction ``encode_facts`` wrote, with only the fact fields ``kinds`` read."""
    lines = data.split(b"\n")
    facts: dict = {}
    sentences: dict[str, str] = {}  # one copy of a sentence several facts come from
    for kind in kinds:
        rows = json.loads(lines[FACT_FIELDS.index(kind)])
        cls = _FACT_CLASS.get(kind)
        if cls is None:  # acronyms: pairs of strings
            facts[kind] = tuple(map(tuple, rows))
            continue
        at = _mention_field(cls)
        if at is not None:
            for row in rows:
                # records keep these mentions to the end: the article's own id, one string per
                # rule id and per sentence rather than a decoded copy each (~7 MB at 50k articles)
                written_in, start, end, sentence, rule = row[at]
                written_in = article_id if written_in == article_id else written_in
                rule = sys.intern(rule) if isinstance(rule, str) else rule
                row[at] = Mention(written_in, start, end, sentences.setdefault(sentence, sentence), rule)
        facts[kind] = tuple(cls(*row) for row in rows)
    return Extraction(article_id, **facts)
