"""Kill and resume: a run SIGKILLed at three random moments, restarted each time, ends with
outputs byte-identical to an uninterrupted run, with no duplicate and no partial lines.

The moments are seeded and measured in progress (cache entries written under OUT/.cache), so
every kill lands inside a run. WIREFACTS_KILL_ARTICLES sets the corpus size (default 2000).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT

ARTICLES = int(os.environ.get("WIREFACTS_KILL_ARTICLES", "2000"))
SEED = 20240208
KILLS = 3
OUTPUTS = ("articles.jsonl", "dataset.jsonl", "entities.jsonl", "errors.jsonl")
# run.json fields that describe the data; the rest (timings, memory, cache hits) measure the process.
STABLE = ("versions", "rules_fingerprint", "counts")


def make_corpus(root: Path, count: int, seed: int = SEED) -> None:
    """Small wire stories with results, a few exact duplicates and two bad files."""
    rng = random.Random(seed)
    syllables = ["ka", "lo", "mir", "ta", "ve", "sun", "dor", "ni", "bar", "el"]
    places = ["ALDORA", "BELMONT", "CASTRO", "DUNMORE", "ESKER"]

    def name() -> str:
        return " ".join("".join(rng.choice(syllables) for _ in range(2)).capitalize() for _ in range(2))

    for i in range(count):
        a, b = name(), name()
        share = rng.randint(5000, 9000) / 100
        day = rng.randint(1, 28)
        text = (
            f"{a} leads presidential count\n\n"
            f"{rng.choice(places)}, March {day} (Wire) - {a} received {share} percent of the vote in Sunday's "
            f"presidential election, the Central Election Commission said on Monday.\n\n"
            f"{b} came second with {round(100 - share - 1, 2)} percent, the commission said. Turnout was "
            f"{rng.randint(40, 80)} percent in the 2024 vote.\n"
        )
        folder = root / f"{i // 500:02d}"
        folder.mkdir(exist_ok=True)
        (folder / f"{i:05d}.txt").write_text(text, encoding="utf-8")
        if i % 400 == 7:
            (folder / f"{i:05d}-copy.txt").write_text(text, encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "broken.jsonl").write_text('{"text": "A good line."}\n{broken\n', encoding="utf-8")


def command(corpus: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "pipeline", "run", str(corpus), "--out", str(out), "--model", "blank", "--quiet"]


def run_to_end(corpus: Path, out: Path) -> int:
    proc = subprocess.run(command(corpus, out), cwd=ROOT, capture_output=True, timeout=1800)
    assert b"Traceback" not in proc.stderr, proc.stderr.decode()[-2000:]
    return proc.returncode


def cache_entries(out: Path) -> int:
    """Whole entries under OUT/.cache (the run renames and prunes there while we count)."""
    count = 0
    for _, _, files in os.walk(out / ".cache"):  # os.walk skips folders that vanish under it
        count += sum(1 for name in files if name.endswith(".json") and not name.startswith("."))
    return count


def run_and_kill(corpus: Path, out: Path, target: int) -> tuple[int, bool]:
    """Start a run; SIGKILL its process group once ``target`` cache entries exist.

    Returns the entries then, and whether the run was still alive when killed.
    """
    proc = subprocess.Popen(
        command(corpus, out), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    killed = False
    try:
        while proc.poll() is None and cache_entries(out) < target:
            time.sleep(0.02)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)  # our own child's group: the run and any workers
            killed = True
        proc.wait(timeout=60)
    return cache_entries(out), killed


def stable_manifest(out: Path) -> dict:
    manifest = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert set(STABLE) <= manifest.keys()
    return {k: manifest[k] for k in STABLE}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("kill-corpus")
    make_corpus(corpus, ARTICLES)
    reference = tmp_path_factory.mktemp("reference")
    ref_code = run_to_end(corpus, reference)
    resumed = tmp_path_factory.mktemp("resumed")
    rng = random.Random(SEED)
    reached = []
    done = 0
    for _ in range(KILLS):
        target = done + max(1, int(rng.uniform(0.1, 0.5) * (ARTICLES - done)))
        done, killed = run_and_kill(corpus, resumed, target)
        reached.append((done, killed))
    code = run_to_end(corpus, resumed)
    return reference, resumed, ref_code, code, reached


def test_each_kill_landed_inside_a_run(runs):
    _, resumed, _, _, reached = runs
    assert len(reached) == KILLS
    assert all(killed for _, killed in reached), reached  # every run died by SIGKILL, none finished
    counts = [n for n, _ in reached]
    assert counts[0] > 0 and counts == sorted(counts)  # each restart resumed from the entries already written


@pytest.mark.parametrize("name", OUTPUTS)
def test_outputs_are_byte_identical_to_an_uninterrupted_run(runs, name):
    reference, resumed, ref_code, code, _ = runs
    assert (ref_code, code) == (1, 1)  # the corpus holds two bad inputs
    assert (resumed / name).read_bytes() == (reference / name).read_bytes()


def test_manifest_matches_apart_from_timings(runs):
    reference, resumed, *_ = runs
    assert stable_manifest(resumed) == stable_manifest(reference)


@pytest.mark.parametrize("name", OUTPUTS)
def test_no_partial_or_duplicate_lines(runs, name):
    _, resumed, *_ = runs
    raw = (resumed / name).read_bytes()
    assert raw == b"" or raw.endswith(b"\n")
    lines = raw.decode("utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    assert len(set(lines)) == len(lines)
    if name == "articles.jsonl":
        paths = [r["path"] for r in rows]
        assert len(paths) == len(set(paths)) == ARTICLES + ARTICLES // 400 + (1 if ARTICLES % 400 > 7 else 0) + 3


def test_no_temporary_files_are_left(runs):
    _, resumed, *_ = runs
    leftovers = [p for p in resumed.rglob("*.tmp")]
    assert leftovers == []


# --------------------------------------------------------------------------- atomic writers


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temp(tmp_path):
    from pipeline.io.writers import write_jsonl

    target = tmp_path / "dataset.jsonl"
    write_jsonl(target, [{"a": 1}])

    def rows():
        yield {"a": 2}
        raise RuntimeError("killed mid-write")

    with pytest.raises(RuntimeError):
        write_jsonl(target, rows())
    assert target.read_text() == '{"a": 1}\n'
    assert list(tmp_path.iterdir()) == [target]


def test_temp_files_of_a_killed_run_are_cleared_by_the_next_write(tmp_path):
    from pipeline.io.writers import write_jsonl

    target = tmp_path / "errors.jsonl"
    (tmp_path / ".errors.jsonl.abc123.tmp").write_text('{"half": ')  # SIGKILL before the rename
    (tmp_path / ".other.jsonl.abc123.tmp").write_text("not ours")
    write_jsonl(target, [{"a": 1}])
    assert sorted(p.name for p in tmp_path.iterdir()) == [".other.jsonl.abc123.tmp", "errors.jsonl"]
