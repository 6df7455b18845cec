"""Readers: turn INPUT arguments (files, folders, ``-``) into raw documents or read errors.

Every failure is a value (``ReadError``), never an exception, so one bad file never stops
a batch. Files are visited in sorted order so runs are deterministic.
"""

from __future__ import annotations

import codecs
import fnmatch
import gzip
import io
import json
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MAX_FILE_BYTES = 64 * 1024 * 1024  # larger inputs are refused, not half-read
TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
JSON_SUFFIXES = {".jsonl", ".json", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | JSON_SUFFIXES | HTML_SUFFIXES
META_KEYS = ("id", "title", "published", "publisher", "agency", "url")


@dataclass(frozen=True)
class RawDoc:
    path: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    # "html" when the text was extracted from markup (paragraphs are already known).
    origin: str = "text"


@dataclass(frozen=True)
class ReadError:
    path: str
    error: str
    stage: str = "read"


class InputError(Exception):
    """A problem with one input that becomes one line in errors.jsonl."""


# --------------------------------------------------------------------------- discovery


def iter_documents(inputs: Iterable[str], glob: str | None = None) -> Iterator[RawDoc | ReadError]:
    """Yield every document named by ``inputs``: files, folders (recursive) or ``-``."""
    for spec in inputs:
        if spec == "-":
            yield from _read_stdin()
            continue
        path = Path(spec)
        if path.is_dir():
            for file in _walk(path, glob):
                yield from read_file(file)
        elif path.exists() or path.is_symlink():
            yield from read_file(path)
        else:
            yield ReadError(spec, "no such file or directory")


def _walk(root: Path, glob: str | None) -> Iterator[Path]:
    """Files below ``root`` in sorted order; symlinked folders are not followed (no loops)."""
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False, onerror=None):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            if glob and not fnmatch.fnmatch(name, glob):
                continue
            if not glob and not _looks_like_article(name):
                continue
            yield Path(dirpath) / name


def _looks_like_article(name: str) -> bool:
    """Without --glob, read files of known article formats (gold files are not articles)."""
    lower = name.lower()
    if lower.endswith(".gold.json") or lower in {"aliases.json", "duplicates.json"}:
        return False
    suffix = _inner_suffix(lower)
    return suffix in KNOWN_SUFFIXES and suffix != ""


def _inner_suffix(name: str) -> str:
    lower = name.lower()
    if lower.endswith(".gz"):
        lower = lower[:-3]
    return os.path.splitext(lower)[1]


# --------------------------------------------------------------------------- one file


def read_file(path: Path) -> Iterator[RawDoc | ReadError]:
    shown = str(path)
    try:
        data = _read_bytes(path)
    except InputError as exc:
        yield ReadError(shown, str(exc))
        return
    yield from parse_bytes(shown, data)


def _read_bytes(path: Path) -> bytes:
    try:
        if not path.is_file():
            raise InputError("not a regular file (broken link, loop or special file)")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(f"file too large ({size} bytes; limit {MAX_FILE_BYTES})")
        data = path.read_bytes()
    except InputError:
        raise
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}") from None
    if path.name.lower().endswith(".gz"):
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as gz:
                data = gz.read(MAX_FILE_BYTES + 1)
        except (OSError, EOFError, zlib.error) as exc:  # zlib.error is no OSError
            raise InputError(f"corrupt gzip data: {exc}") from None
        if len(data) > MAX_FILE_BYTES:
            raise InputError(f"decompressed file too large (limit {MAX_FILE_BYTES} bytes)")
    return data


def parse_bytes(path: str, data: bytes) -> Iterator[RawDoc | ReadError]:
    """Dispatch on the (inner) suffix; unknown suffixes are sniffed as text."""
    suffix = _inner_suffix(os.path.basename(path))
    try:
        text = decode_bytes(data)
    except InputError as exc:
        yield ReadError(path, str(exc))
        return
    sniff = suffix == "" or suffix not in KNOWN_SUFFIXES  # no telling suffix: look at the content
    if suffix in JSON_SUFFIXES or (sniff and text.lstrip().startswith("{")):
        yield from _parse_json_text(path, text, suffix)
    elif suffix in HTML_SUFFIXES or (sniff and _sniff_html(text)):
        yield _html_doc(path, text)
    else:
        yield _text_doc(path, text)


def _read_stdin() -> Iterator[RawDoc | ReadError]:
    data = sys.stdin.buffer.read()
    yield from parse_bytes("-", data)


# --------------------------------------------------------------------------- decoding


def decode_bytes(data: bytes) -> str:
    """Decode text whatever its encoding: BOMs, UTF-16 without BOM, UTF-8, cp1252, latin-1.

    Raises InputError for empty or binary data.
    """
    if not data.strip():
        raise InputError("empty file")
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return _checked(data.decode(encoding, errors="replace"))
    bomless = _sniff_utf16(data)
    if bomless:
        return _checked(data.decode(bomless, errors="replace"))
    if b"\x00" in data:
        raise InputError("binary file (contains NUL bytes)")
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    lenient = data.decode("utf-8", errors="replace")
    if _mostly_utf8(lenient):
        return _checked(lenient)  # UTF-8 with a few broken bytes: keep the good characters
    try:
        return _checked(data.decode("cp1252"))
    except UnicodeDecodeError:
        return _checked(data.decode("latin-1"))


_NON_ASCII = re.compile("[^\x00-\x7f]")


def _mostly_utf8(text: str) -> bool:
    """More well-formed non-ASCII UTF-8 characters than broken bytes."""
    sample = text[:200_000]
    broken = sample.count("\ufffd")
    return len(_NON_ASCII.findall(sample)) - broken > broken


def _sniff_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII-heavy text has a NUL in every other byte."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


# C0 control characters other than the whitespace ones (\t \n \v \f \r): binary data.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f]")


def _checked(text: str) -> str:
    if not text.strip():
        raise InputError("empty file (only whitespace)")
    sample = text[:8192]
    controls = len(_CONTROLS.findall(sample))
    if controls > 0.02 * len(sample) or "\x00" in sample:
        raise InputError("binary file (control characters)")
    return text


# --------------------------------------------------------------------------- formats


def _text_doc(path: str, text: str) -> RawDoc:
    return RawDoc(path=path, text=text)


def _parse_json_text(path: str, text: str, suffix: str) -> Iterator[RawDoc | ReadError]:
    stripped = text.strip()
    if suffix == ".json" or (stripped.startswith("[") and suffix != ".jsonl"):
        try:
            value = json.loads(stripped)
        except json.JSONDecodeError as exc:
            # A .json file may still be JSON Lines.
            if suffix == ".json" and "\n" in stripped:
                yield from _parse_json_lines(path, text)
                return
            yield ReadError(path, f"invalid JSON: {exc.msg} at line {exc.lineno}")
            return
        items = value if isinstance(value, list) else [value]
        multi = isinstance(value, list)
        for index, item in enumerate(items, start=1):
            shown = f"{path}#{index}" if multi else path
            yield _json_doc(shown, item)
        return
    yield from _parse_json_lines(path, text)


def _parse_json_lines(path: str, text: str) -> Iterator[RawDoc | ReadError]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        shown = f"{path}#L{number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ReadError(shown, f"invalid JSON line: {exc.msg}")
            continue
        yield _json_doc(shown, item)


def _json_doc(path: str, item: Any) -> RawDoc | ReadError:
    if not isinstance(item, dict):
        return ReadError(path, f"expected a JSON object, got {type(item).__name__}")
    text = item.get("text")
    if text is None:
        return ReadError(path, "JSON object has no 'text' field")
    if not isinstance(text, str):
        return ReadError(path, f"'text' must be a string, got {type(text).__name__}")
    if not text.strip():
        return ReadError(path, "'text' is empty")
    meta = {k: item[k] for k in META_KEYS if isinstance(item.get(k), str) and item[k].strip()}
    if "\x00" in text:
        return ReadError(path, "'text' contains NUL characters")
    return RawDoc(path=path, text=text, meta=meta)


def _sniff_html(text: str) -> bool:
    head = text.lstrip()[:512].lower()
    return head.startswith("<!doctype html") or head.startswith("<html") or "<body" in head


BOILERPLATE_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg")


def _html_doc(path: str, text: str) -> RawDoc | ReadError:
    """Main text from HTML: drop scripts and page chrome, keep one paragraph per block."""
    from bs4 import BeautifulSoup

    try:
        soup = BeautifulSoup(text, "lxml")
    except Exception as exc:  # lxml raises several types on hostile markup
        return ReadError(path, f"cannot parse HTML: {exc}", stage="read")
    meta: dict[str, Any] = {}
    title_tag = soup.find("h1") or soup.find("title")
    if title_tag and title_tag.get_text(strip=True):
        meta["title"] = " ".join(title_tag.get_text(" ", strip=True).split())
    for name in ("article:published_time", "date", "pubdate", "publish-date", "dc.date"):
        tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
        if tag and tag.get("content"):
            meta["published"] = str(tag["content"])[:10]
            break
    for tag in soup(BOILERPLATE_TAGS):
        tag.decompose()
    root = soup.find("article") or soup.find("main") or soup.body or soup
    if meta.get("title"):
        heading = root.find("h1")
        if heading:
            heading.decompose()
    paragraphs = []
    for block in root.find_all(["p", "li", "blockquote", "h2", "h3", "pre"]):
        words = " ".join(block.get_text(" ", strip=True).split())
        if words:
            paragraphs.append(words)
    if not paragraphs:
        paragraphs = [p for p in (" ".join(line.split()) for line in root.get_text("\n").splitlines()) if p]
    body = "\n\n".join(paragraphs)
    if not body.strip():
        return ReadError(path, "HTML page has no text")
    return RawDoc(path=path, text=body, meta=meta, origin="html")
