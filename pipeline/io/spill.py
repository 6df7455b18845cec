"""Article texts kept on disk during a run, read back by id when the resolve step needs one.

The corpus half needs an article's words only for a few checks (near-duplicate candidates,
headline and context of names), so holding every text in memory would make a run's memory
grow with the corpus. Texts go to one temporary file; memory keeps (offset, length) per id.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path


class TextStore(Mapping[str, str]):
    """A read-back mapping article id -> text over an append-only temporary file."""

    def __init__(self, folder: Path):
        fd, self.path = tempfile.mkstemp(prefix=".texts.", suffix=".tmp", dir=folder)
        self._file = os.fdopen(fd, "w+b")
        self._where: dict[str, tuple[int, int]] = {}
        self._end = 0

    def put(self, article_id: str, text: str) -> None:
        data = text.encode("utf-8")
        self._file.seek(self._end)
        self._file.write(data)
        self._where[article_id] = (self._end, len(data))
        self._end += len(data)

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
        return TextFile(self.path, dict(self._where))

    def close(self) -> None:
        """Close and delete the file (idempotent)."""
        if not self._file.closed:
            self._file.close()
        if os.path.exists(self.path):
            os.unlink(self.path)


class TextFile(Mapping[str, str]):
    """Read-only mapping over a ``TextStore`` file, for another process: each read opens
    the file (no handle to leak or to pickle)."""

    def __init__(self, path: str, where: dict[str, tuple[int, int]]):
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
