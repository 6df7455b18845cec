"""Hostile inputs: a generated corpus of broken and odd files never stops a batch.

Every good input is processed; every bad one is exactly one clear line in errors.jsonl; the
exit status is 1; nothing like a traceback reaches the terminal. The CLI runs in a
subprocess (``--model blank``: the point is robustness, not extraction quality).
"""

from __future__ import annotations

import gzip
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

SMART = "\u201cWe won,\u201d the candidate said \u2013 the commission\u2019s count agreed."
STORY = "The election commission said turnout reached 61 percent on Sunday."
BIG_BYTES = 10 * 1024 * 1024
LINE_BYTES = 1024 * 1024

# name -> bytes (good inputs: processed into an ok article)
GOOD: dict[str, bytes] = {
    "plain.txt": f"Vote count goes on\n\n{STORY}".encode(),
    "cp1252 smart quotes.txt": SMART.encode("cp1252"),
    "latin1.txt": "Gen\xe8ve: l'\xe9lection a eu lieu dimanche.".encode("latin-1"),
    "utf8-bom.txt": b"\xef\xbb\xbf" + SMART.encode("utf-8"),
    "utf16-bom.txt": SMART.encode("utf-16"),
    "utf16le-nobom.txt": SMART.encode("utf-16-le"),
    "utf16be-nobom.txt": SMART.encode("utf-16-be"),
    "invalid-utf8-mostly-good.txt": "Élection à Genève: “oui” l’emporte.".encode() + b" \xff\xfe broken byte.",
    "with space.txt": STORY.encode(),
    "new\nline.txt": STORY.encode(),
    "quote'\"s.txt": STORY.encode(),
    "élection_選挙.txt": STORY.encode(),
    "list.json": json.dumps([{"text": STORY, "id": "a"}, {"text": SMART, "id": "b"}]).encode(),
    "page.html": (
        b"<html><head><style>p{color:red}</style><script>var leak='SCRIPT-LEAK';</script></head>"
        b"<body><nav>menu</nav><article><h1>Vote</h1><p>" + STORY.encode() + b"</p>"
        b"<script>document.write('SCRIPT-LEAK')</script></article></body></html>"
    ),
    "txt.txt.gz": gzip.compress(STORY.encode()),
    "jsonl.jsonl.gz": gzip.compress(json.dumps({"text": STORY}).encode() + b"\n"),
    "json.json.gz": gzip.compress(json.dumps({"text": STORY}).encode()),
    "html.html.gz": gzip.compress(b"<html><body><p>" + STORY.encode() + b"</p></body></html>"),
}
# name -> words of its error (bad inputs: exactly one errors.jsonl line each)
BAD: dict[str, str] = {
    "empty.txt": "empty",
    "whitespace.txt": "empty",
    "binary.txt": "binary",
    "nul-bytes.txt": "binary",
    "corrupt.txt.gz": "gzip",
    "script-only.html": "no text",
    "header-only.txt": "no article text",
    "wrong-type.json": "got int",
    "no-text.json": "no 'text' field",
    "loop-a.txt": "not a regular file",
    "loop-b.txt": "not a regular file",
    "fifo.txt": "not a regular file",
}
# JSON Lines with good and bad lines: line number -> None (good) or error words
MIXED_JSONL = {
    1: (json.dumps({"text": STORY, "id": "../../etc/passwd"}), None),
    2: ("{not json at all", "invalid JSON line"),
    3: (json.dumps({"text": 5}), "'text' must be a string"),
    4: (json.dumps([1, 2, 3]), "expected a JSON object, got list"),
    5: (json.dumps({"title": "no text here"}), "no 'text' field"),
    6: (json.dumps({"text": SMART, "title": "<script>alert(1)</script>"}), None),
}


def _filler(size: int, seed: int) -> str:
    """Hard-wrapped paragraphs of plain prose, about ``size`` characters."""
    rng = random.Random(seed)
    words = ["the", "of", "council", "said", "members", "voted", "budget", "road", "school", "water", "report", "city", "week", "plan", "new"]
    paragraphs, total = [], 0
    while total < size:
        sentence_words = [rng.choice(words) for _ in range(rng.randint(8, 20))]
        paragraph = " ".join(" ".join(sentence_words).capitalize() + "." for _ in range(6))
        wrapped = "\n".join(paragraph[i : i + 72] for i in range(0, len(paragraph), 72))
        paragraphs.append(wrapped)
        total += len(paragraph) + 2
    return "\n\n".join(paragraphs)


def make_hostile_corpus(root: Path) -> None:
    for name, data in GOOD.items():
        (root / name).write_bytes(data)
    (root / "big.txt").write_text("A very long council report\n\n" + _filler(BIG_BYTES, 1), encoding="utf-8")
    (root / "one-line.txt").write_text(" ".join(_filler(LINE_BYTES, 2).split()), encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "whitespace.txt").write_bytes(b"  \n\t\r\n   \n")
    (root / "binary.txt").write_bytes(random.Random(3).randbytes(64 * 1024))
    (root / "nul-bytes.txt").write_bytes(b"Votes were\x00 counted\x00 on Sunday.\x00")
    (root / "corrupt.txt.gz").write_bytes(gzip.compress(STORY.encode())[:20] + b"\x00garbage")
    (root / "script-only.html").write_bytes(b"<html><body><script>alert('x')</script><style>a{}</style></body></html>")
    (root / "header-only.txt").write_text("A headline alone\n\n12 Apr 2018 12:13\n")
    (root / "wrong-type.json").write_text(json.dumps({"text": 5}))
    (root / "no-text.json").write_text(json.dumps({"title": "T", "published": "2024-02-08"}))
    (root / "mixed.jsonl").write_text("\n".join(line for line, _ in MIXED_JSONL.values()) + "\n")
    (root / "loop-a.txt").symlink_to(root / "loop-b.txt")
    (root / "loop-b.txt").symlink_to(root / "loop-a.txt")
    (root / "sub").mkdir()
    (root / "sub" / "back-up").symlink_to(root)  # a folder loop: never followed
    os.mkfifo(root / "fifo.txt")  # a special file: reading it would block forever


def run_cli(args: list[str], stdin: bytes | None = None, timeout: int = 900) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        cwd=ROOT, input=stdin, capture_output=True, timeout=timeout, env={**os.environ, "CI": "1"},
    )


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("hostile")
    make_hostile_corpus(corpus)
    out = tmp_path_factory.mktemp("out")
    proc = run_cli(["run", str(corpus), "--out", str(out), "--model", "blank"])
    return corpus, out, proc


def test_exit_status_is_one_and_no_traceback(hostile_run):
    _, _, proc = hostile_run
    stderr = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 1, stderr[-2000:]
    assert "Traceback" not in stderr and 'File "' not in stderr
    assert proc.stdout.decode("utf-8", "replace").strip() == ""  # stdout is no TTY: no progress bar


def test_every_bad_input_is_exactly_one_clear_error_line(hostile_run):
    corpus, out, _ = hostile_run
    errors = read_jsonl(out / "errors.jsonl")
    expected = {str(corpus / name): words for name, words in BAD.items()}
    expected.update({f"{corpus / 'mixed.jsonl'}#L{n}": words for n, (_, words) in MIXED_JSONL.items() if words})
    got = {e["path"]: e["error"] for e in errors}
    assert len(errors) == len(got) == len(expected), sorted(got)
    for path, words in expected.items():
        assert words in got[path], (path, got.get(path))
        assert "\n" not in got[path] and len(got[path]) < 300


def test_every_good_input_is_processed(hostile_run):
    corpus, out, _ = hostile_run
    articles = {a["path"]: a for a in read_jsonl(out / "articles.jsonl")}
    good = [str(corpus / name) + ("#L1" if ".jsonl" in name else "") for name in GOOD if name != "list.json"]
    good += [f"{corpus / 'list.json'}#1", f"{corpus / 'list.json'}#2", str(corpus / "big.txt"), str(corpus / "one-line.txt")]
    good += [f"{corpus / 'mixed.jsonl'}#L{n}" for n, (_, words) in MIXED_JSONL.items() if words is None]
    for path in good:
        assert articles[path]["status"] == "ok", (path, articles[path].get("error"))
        assert articles[path]["text"].strip()
    bad = [a for a in articles.values() if a["status"] == "error"]
    assert len(bad) == len(read_jsonl(out / "errors.jsonl"))
    assert len(articles) == len(good) + len(bad)


@pytest.mark.parametrize(
    "name, fragment",
    [
        ("cp1252 smart quotes.txt", SMART),
        ("utf16-bom.txt", SMART),
        ("utf16le-nobom.txt", SMART),
        ("utf16be-nobom.txt", SMART),
        ("utf8-bom.txt", SMART),
        ("latin1.txt", "Genève: l'élection"),
        ("invalid-utf8-mostly-good.txt", "Élection à Genève: “oui” l’emporte."),
        ("html.html.gz", STORY),
    ],
)
def test_encodings_are_decoded_correctly(hostile_run, name, fragment):
    corpus, out, _ = hostile_run
    article = next(a for a in read_jsonl(out / "articles.jsonl") if a["path"] == str(corpus / name))
    assert fragment in article["text"]


def test_big_articles_are_whole(hostile_run):
    corpus, out, _ = hostile_run
    articles = {a["path"]: a for a in read_jsonl(out / "articles.jsonl")}
    assert len(articles[str(corpus / "big.txt")]["text"]) > 0.95 * BIG_BYTES
    assert len(articles[str(corpus / "one-line.txt")]["text"]) > 0.95 * LINE_BYTES


def test_html_scripts_and_styles_are_dropped(hostile_run):
    corpus, out, _ = hostile_run
    article = next(a for a in read_jsonl(out / "articles.jsonl") if a["path"] == str(corpus / "page.html"))
    assert article["text"] == STORY
    assert "SCRIPT-LEAK" not in (out / "articles.jsonl").read_text(encoding="utf-8")


def test_output_lines_are_whole_json(hostile_run):
    _, out, _ = hostile_run
    for name in ("articles.jsonl", "dataset.jsonl", "entities.jsonl", "errors.jsonl"):
        raw = (out / name).read_bytes()
        assert raw == b"" or raw.endswith(b"\n")
        read_jsonl(out / name)  # every line parses


@pytest.mark.parametrize(
    "data, code, status",
    [(STORY.encode(), 0, "ok"), (b"", 1, "error"), (b"\x00\x01\x02" * 100, 1, "error"), (SMART.encode("utf-16"), 0, "ok")],
)
def test_stdin_input(tmp_path, data, code, status):
    proc = run_cli(["run", "-", "--out", str(tmp_path), "--model", "blank", "--quiet"], stdin=data, timeout=300)
    assert proc.returncode == code and b"Traceback" not in proc.stderr
    (article,) = read_jsonl(tmp_path / "articles.jsonl")
    assert (article["path"], article["status"]) == ("-", status)


def test_unreadable_file_costs_one_error_line(tmp_path, refuse_reading):
    from pipeline.engine import read_articles

    (tmp_path / "locked.txt").write_text(STORY)
    (tmp_path / "open.txt").write_text(STORY)
    refuse_reading("locked.txt")
    articles, errors = read_articles([str(tmp_path)])
    assert [(e.path, e.error) for e in errors] == [(str(tmp_path / "locked.txt"), "permission denied")]
    assert [a.status for a in articles] == ["error", "ok"]


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads chmod 000 files")
def test_chmod_000_file_is_an_error(tmp_path):
    from pipeline.engine import read_articles

    locked = tmp_path / "locked.txt"
    locked.write_text(STORY)
    locked.chmod(0)
    try:
        _, errors = read_articles([str(tmp_path)])
    finally:
        locked.chmod(0o644)
    assert [e.error for e in errors] == ["permission denied"]
