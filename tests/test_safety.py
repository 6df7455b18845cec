"""Safety: rule and alias files are parsed safely, outputs stay inside --out, article text is
escaped in HTML, and no regex of the article stage or the readers backtracks catastrophically."""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys

import pytest
import yaml

from pipeline.rules import RuleError, load_rules
from tests.conftest import ROOT

# --------------------------------------------------------------------------- YAML and code

PAYLOADS = [
    "!!python/object/apply:os.system ['touch {marker}']",
    "!!python/object/new:subprocess.check_output [['touch', '{marker}']]",
    "!!python/name:os.system",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_rule_file_with_python_tag_is_rejected(tmp_path, payload):
    marker = tmp_path / "pwned"
    rules = tmp_path / "rules"
    rules.mkdir()
    body = payload.format(marker=marker)
    (rules / "evil.yml").write_text(
        f"rules:\n  - id: evil.rule\n    label: EVIL\n    kind: phrase\n    terms: {body}\n", encoding="utf-8"
    )
    with pytest.raises(RuleError) as info:
        load_rules(rules)
    assert "evil.yml" in "\n".join(info.value.messages)
    assert not marker.exists()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_alias_file_with_python_tag_is_rejected(tmp_path, payload):
    from pipeline.resolve.entities_table import parse_alias_table

    marker = tmp_path / "pwned"
    text = f"entities:\n  - name: {payload.format(marker=marker)}\n    variants: [a]\n"
    with pytest.raises((RuleError, yaml.YAMLError)):
        parse_alias_table(text)
    assert not marker.exists()


def test_invalid_regex_in_a_rule_is_reported_before_use(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "bad.yml").write_text(
        "rules:\n  - id: bad.regex\n    label: BAD\n    kind: regex\n    regex: '(unclosed'\n"
        "    examples:\n      match: ['(unclosed']\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleError):
        load_rules(rules)


def _calls(tree: ast.AST) -> list[tuple[str, ast.Call]]:
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            owner = func.value.id if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) else ""
            out.append((f"{owner}.{name}" if owner else name, node))
    return out


@pytest.mark.parametrize("path", sorted((ROOT / "pipeline").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_eval_pickle_or_unsafe_yaml_in_the_package(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for name, call in _calls(tree):
        assert name not in {"eval", "exec", "compile", "yaml.unsafe_load", "yaml.full_load", "marshal.loads"}, name
        assert not name.startswith("pickle."), name
        if name == "yaml.load":
            loader = next((k.value for k in call.keywords if k.arg == "Loader"), None)
            assert loader is not None and "Safe" in ast.unparse(loader) or "_LineLoader" in ast.unparse(loader), name


# --------------------------------------------------------------------------- output paths

HOSTILE_IDS = ["../../etc/x.txt", "/etc/passwd", "..", "a/../../b", "C:\\Windows\\x", "\x00", "~root/.ssh/k"]


def test_output_paths_never_escape_out(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "..dir").mkdir(parents=True)
    rows = [
        {"text": f"Article number {i} about the vote.", "id": hostile, "title": hostile, "url": f"file://{hostile}"}
        for i, hostile in enumerate(HOSTILE_IDS)
    ]
    (corpus / "..dir" / "..jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    (corpus / "name with ..%2F.txt").write_text("Another article.", encoding="utf-8")
    out = tmp_path / "deep" / "out"
    before = {p for p in tmp_path.parent.rglob("*") if not p.is_relative_to(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", str(corpus), "--out", str(out), "--model", "blank", "--quiet"],
        cwd=ROOT, capture_output=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    after = {p for p in tmp_path.parent.rglob("*") if not p.is_relative_to(tmp_path)}
    assert after == before  # nothing written beside this test's folder
    inside = [p for p in tmp_path.rglob("*") if not p.is_relative_to(corpus)]
    for p in inside:
        assert p.resolve().is_relative_to(out.resolve()) or p in (out, out.parent), p
    articles = [json.loads(line) for line in (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    assert all(re.fullmatch(r"[0-9a-f]{16}", a["id"]) for a in articles)


def test_html_report_escapes_article_text(tmp_path):
    pytest.importorskip("pipeline.report.html")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    evil = "<script>alert('wf')</script><img src=x onerror=alert(1)>"
    row = {"text": f"BAKU, Feb 8 (Reuters) - {evil} Ilham Aliyev received 92.1 percent of the vote.", "title": evil}
    (corpus / "a.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    run = [sys.executable, "-m", "pipeline", "run", str(corpus), "--out", str(out), "--model", "blank", "--quiet"]
    assert subprocess.run(run, cwd=ROOT, capture_output=True, timeout=600).returncode == 0
    report = subprocess.run(
        [sys.executable, "-m", "pipeline", "report", str(out), "-o", str(out / "r.html")], cwd=ROOT, capture_output=True, timeout=600
    )
    assert report.returncode == 0, report.stderr.decode()[-2000:]
    page = (out / "r.html").read_text(encoding="utf-8")
    assert "<script>alert('wf')</script>" not in page and "<img src=x" not in page


# --------------------------------------------------------------------------- regex backtracking

MB = 1024 * 1024
PATHOLOGICAL = {
    "letters": "A" * MB,
    "hyphenated capitals": "A-" * (MB // 2),
    "capital words": "Aaa " * (MB // 4),
    "caps words": "BAKU " * (MB // 5),
    "commas and spaces": ", " * (MB // 2),
    "spaces": " " * MB,
    "digits": "1" * MB,
    "dotted digits": "1." * (MB // 2),
    "parentheses": "(" * MB,
    "place commas": "Baku, " * (MB // 6),
    "months": "February 8, " * (MB // 12),
    "credit-like": ", Trend Trend Trend Trend" * (MB // 24),
    "sentences": "A. " * (MB // 3),
    "pipes": "a | " * (MB // 4),
    "newlines": "\n" * MB,
    "mixed whitespace": " \t\u00a0\n" * (MB // 4),
    "slashes": "/A" * (MB // 2),
}
BOUND_SECONDS = 10.0  # generous: linear regexes take milliseconds; catastrophic ones take hours


def module_patterns(module) -> dict[str, re.Pattern[str]]:
    found = {}
    for name, value in vars(module).items():
        if isinstance(value, re.Pattern):
            found[name] = value
        elif isinstance(value, (list, tuple)) and value and all(isinstance(v, re.Pattern) for v in value):
            found.update({f"{name}[{i}]": v for i, v in enumerate(value)})
    return found


def test_the_article_stage_and_readers_have_regexes_to_check():
    import pipeline.article as article
    import pipeline.io.readers as readers

    assert len(module_patterns(article)) > 20 and module_patterns(readers)


# Each check runs in a child process: a catastrophic regex cannot be interrupted in-process.
CHILD = """
import re, sys, time
import pipeline.article as article, pipeline.io.readers as readers
from tests.test_safety import PATHOLOGICAL, module_patterns
text = PATHOLOGICAL[sys.argv[1]]
for module in (article, readers):
    for name, pattern in sorted(module_patterns(module).items()):
        print(module.__name__, name, flush=True, end=" ")
        t = time.perf_counter()
        pattern.search(text)
        pattern.match(text)
        sum(1 for _ in pattern.finditer(text[:200_000]))
        print(round(time.perf_counter() - t, 3), flush=True)
from pipeline.io.readers import RawDoc
t = time.perf_counter()
article.build_article(RawDoc(path="x.txt", text="Title\\n\\n" + text + "\\n\\nBAKU, Feb 8 (Reuters) - " + text[:1000]))
print("build_article", round(time.perf_counter() - t, 3), flush=True)
"""


@pytest.mark.parametrize("case", sorted(PATHOLOGICAL))
def test_no_catastrophic_backtracking(case):
    budget = BOUND_SECONDS * 6  # the whole child: every pattern plus the article stage
    try:
        proc = subprocess.run(
            [sys.executable, "-c", CHILD, case], cwd=ROOT, capture_output=True, timeout=budget, text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
    except subprocess.TimeoutExpired as exc:
        last = (exc.stdout or b"").decode().splitlines()[-1:] if exc.stdout else []
        pytest.fail(f"{case}: still running after {budget} s at {last}")
    assert proc.returncode == 0, proc.stderr[-2000:]
    for line in proc.stdout.splitlines():
        seconds = float(line.rsplit(" ", 1)[1])
        assert seconds < BOUND_SECONDS, f"{case}: {line}"
