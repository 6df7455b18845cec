"""Incremental runs: per-article results cached under ``OUT/.cache/``.

An entry holds what the per-article half produced for one input document (the normalized
article and its ``Extraction``, or a normalization error). Its key is the hash of the raw
document (text, metadata, format) inside a folder named by the *extraction fingerprint*:
the rule files, the model and its version, spaCy's version and the package's own code.
So an unchanged article under unchanged rules and code is never extracted twice, while a
rule edit moves every lookup to a new folder (the old one is deleted at the next run).
Alias tables are not in the fingerprint: they only feed the corpus-level resolve step,
which always runs.

Writes are atomic (temp file + rename in the same folder), so a run killed at any moment
leaves only whole entries behind, and the next run resumes from them.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import hashlib
import json
import os
import shutil
import tempfile
import types
import typing
from functools import cache
from pathlib import Path
from typing import Any

from pipeline.io.readers import RawDoc
from pipeline.records import Article, Dateline, ErrorRecord, Extraction

CACHE_DIRNAME = ".cache"
FORMAT_VERSION = "2"  # 2: extractions carry a wording sketch
# Files under rules/ that only the resolve step reads (changing them re-runs resolve only).
RESOLVE_ONLY_FILES = {"aliases.yml", "aliases.yaml"}


# --------------------------------------------------------------------------- keys


def raw_key(raw: RawDoc) -> str:
    """Hash of everything normalization and extraction read from one input document."""
    payload = json.dumps([raw.text, sorted(raw.meta.items()), raw.origin], ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


# Package code that never runs in the per-article half (its changes keep the cache valid).
CORPUS_ONLY_CODE = ("resolve/", "report/", "evaluate.py", "cli.py", "rules_cli.py", "__main__.py", "io/writers.py", "distributed.py")


@cache
def code_fingerprint() -> str:
    """Hash of the per-article half's sources: a code change must not reuse stale results."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        if path.relative_to(root).as_posix().startswith(CORPUS_ONLY_CODE):
            continue
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def rules_fingerprint(rules_dir: Path) -> str:
    """Hash of every file under ``rules_dir`` the per-article stages may read."""
    digest = hashlib.sha256()
    for path in sorted(p for p in Path(rules_dir).rglob("*") if p.is_file()):
        if path.name in RESOLVE_ONLY_FILES or any(part.startswith(".") for part in path.parts[-1:]):
            continue
        digest.update(str(path.relative_to(rules_dir)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def extraction_fingerprint(rules_dir: Path, model_version: str) -> str:
    from pipeline import __version__
    from pipeline.models import spacy_version

    parts = [FORMAT_VERSION, __version__, spacy_version(), model_version, rules_fingerprint(rules_dir), code_fingerprint()]
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:20]


# --------------------------------------------------------------------------- encoding


def encode(article: Article, extraction: Extraction | None, error: ErrorRecord | None) -> dict[str, Any]:
    """A JSON-able entry; the path is left out (the same text under a new name is a hit)."""
    fields = {f.name: getattr(article, f.name) for f in dataclasses.fields(Article) if f.name not in ("path", "char_map")}
    if article.dateline is not None:
        fields["dateline"] = article.dateline.to_dict()
    return {
        "article": fields,
        "extraction": extraction.to_dict() if extraction is not None else None,
        "error": {"stage": error.stage, "error": error.error} if error is not None else None,
    }


def decode(entry: dict[str, Any], path: str) -> tuple[Article, Extraction | None, ErrorRecord | None]:
    fields = dict(entry["article"])
    if fields.get("dateline") is not None:
        fields["dateline"] = Dateline(**fields["dateline"])
    article = Article(path=path, **fields)
    extraction = from_plain(Extraction, entry["extraction"]) if entry.get("extraction") is not None else None
    error = ErrorRecord(path, entry["error"]["stage"], entry["error"]["error"]) if entry.get("error") else None
    return article, extraction, error


def from_plain(hint: Any, value: Any) -> Any:
    """Rebuild a value of type ``hint`` from its JSON form (dataclasses, tuples, optionals).

    Driven by the records' type hints, so fields added to the schema round-trip without
    changes here; lists become tuples where the schema says tuple (facts stay hashable).
    """
    if value is None:
        return None
    if hint is bytes and isinstance(value, str):
        return base64.b64decode(value)
    origin = typing.get_origin(hint)
    if dataclasses.is_dataclass(hint):
        hints = _hints(hint)
        return hint(**{k: from_plain(hints.get(k, Any), v) for k, v in value.items()})
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return from_plain(args[0], value) if len(args) == 1 else value
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_plain(args[0], v) for v in value)
        if args:
            return tuple(from_plain(a, v) for a, v in zip(args, value))
        return tuple(value)
    if origin is list:
        (arg,) = typing.get_args(hint) or (Any,)
        return [from_plain(arg, v) for v in value]
    if origin is dict:
        return dict(value)
    return value


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


# --------------------------------------------------------------------------- the store


class ExtractionCache:
    """One JSON file per entry under ``root/<fingerprint>/<key[:2]>/<key>.json``."""

    def __init__(self, out_dir: Path, fingerprint: str):
        self.root = Path(out_dir) / CACHE_DIRNAME
        self.folder = self.root / fingerprint
        self.hits = 0
        self.misses = 0

    def prune_stale(self) -> None:
        """Delete entries of other fingerprints (older rules, model or code)."""
        if not self.root.is_dir():
            return
        for child in self.root.iterdir():
            if child.is_dir() and child != self.folder:
                shutil.rmtree(child, ignore_errors=True)
        for leftover in self.folder.glob("*/.*.tmp"):  # entries a killed run was writing
            with contextlib.suppress(OSError):
                leftover.unlink()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str, path: str) -> tuple[Article, Extraction | None, ErrorRecord | None] | None:
        try:
            data = self._path(key).read_text(encoding="utf-8")
            found = decode(json.loads(data), path)
        except (OSError, ValueError, KeyError, TypeError):
            # Missing, or unreadable (never partial: writes are atomic): extract again.
            self.misses += 1
            return None
        self.hits += 1
        return found

    def put(self, key: str, article: Article, extraction: Extraction | None, error: ErrorRecord | None) -> None:
        target = self._path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        payload = json.dumps(encode(article, extraction, error), ensure_ascii=False, allow_nan=False)
        fd, tmp = tempfile.mkstemp(prefix=f".{key}.", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(payload)
            os.replace(tmp, target)  # atomic: a reader sees the old state or the whole entry
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
