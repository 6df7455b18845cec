"""Read a run's output folder (the files of the output contract)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any


class OutputError(Exception):
    """The folder is not a wirefacts output folder."""


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    if not path.exists():
        raise OutputError(f"{path} not found: is {path.parent} the --out folder of a wirefacts run?")
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def dataset(out_dir: Path) -> list[dict[str, Any]]:
    return list(read_jsonl(out_dir / "dataset.jsonl"))


def entities(out_dir: Path) -> list[dict[str, Any]]:
    return list(read_jsonl(out_dir / "entities.jsonl"))


def articles(out_dir: Path) -> list[dict[str, Any]]:
    return list(read_jsonl(out_dir / "articles.jsonl"))
