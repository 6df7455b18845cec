"""Atomic writers: every output file appears whole or not at all (temp file, then rename)."""

from __future__ import annotations

import contextlib
import glob
import json
import os
import tempfile
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO


def dumps(obj: dict[str, Any]) -> str:
    """One JSON line: keys in the record's own order, no NaN, UTF-8 kept readable."""
    return json.dumps(obj, ensure_ascii=False, allow_nan=False)


@contextmanager
def atomic_open(path: Path):
    """Write to a temporary file beside ``path``, then rename it into place on success."""
    path.parent.mkdir(parents=True, exist_ok=True)
    clear_stale_temps(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        _sync_dir(path.parent)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def clear_stale_temps(path: Path) -> None:
    """Remove the temporary files a killed run left beside ``path`` (its rename never came)."""
    for leftover in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            leftover.unlink()


def _sync_dir(folder: Path) -> None:
    """Make the rename itself durable (a crash right after it keeps the new file)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some filesystems refuse fsync on folders; the rename is still atomic
    finally:
        os.close(fd)


def write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> int:
    count = 0
    with atomic_open(path) as handle:
        count = write_lines(handle, rows)
    return count


def write_lines(handle: TextIO, rows: Iterable[dict[str, Any]]) -> int:
    count = 0
    for row in rows:
        handle.write(dumps(row))
        handle.write("\n")
        count += 1
    return count


def write_json(path: Path, obj: dict[str, Any]) -> None:
    with atomic_open(path) as handle:
        handle.write(json.dumps(obj, ensure_ascii=False, indent=2, allow_nan=False))
        handle.write("\n")


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    """Tables hold scalars: nested lists and objects become JSON strings."""
    return {k: (json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v) for k, v in row.items()}


def write_table_copies(jsonl_path: Path, formats: Iterable[str]) -> list[Path]:
    """Parquet/CSV copies of a JSONL file, via pandas (pyarrow for Parquet)."""
    import pandas as pd

    wanted = [f for f in formats if f in {"parquet", "csv"}]
    if not wanted:
        return []
    with jsonl_path.open(encoding="utf-8") as handle:
        rows = [_flat(json.loads(line)) for line in handle if line.strip()]
    frame = pd.DataFrame(rows)
    written = []
    for fmt in wanted:
        target = jsonl_path.with_suffix(f".{fmt}")
        clear_stale_temps(target)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.close(fd)
        try:
            if fmt == "parquet":
                frame.to_parquet(tmp, index=False, engine="pyarrow")
            else:
                frame.to_csv(tmp, index=False)
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        written.append(target)
    return written
