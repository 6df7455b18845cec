"""Byte-identical output whatever the number of workers, the input order or the cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.generate import article
from pipeline.engine import run_pipeline

OUTPUTS = ("articles.jsonl", "dataset.jsonl", "entities.jsonl", "errors.jsonl")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Election stories and everyday news, plus a bad file and a JSONL with two articles."""
    folder = tmp_path_factory.mktemp("corpus")
    for i in range(90):
        (folder / f"{i:04d}.txt").write_text(article(0, i), encoding="utf-8")
    (folder / "empty.txt").write_text("   \n", encoding="utf-8")
    (folder / "pair.jsonl").write_text(
        '{"text": "Turnout reached 40 percent, the commission said."}\nnot json\n{"text": "Rain fell."}\n', encoding="utf-8"
    )
    return folder


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("ref")
    run_pipeline([str(corpus)], out, quiet=True, use_cache=False)
    return out


def _assert_same(a: Path, b: Path) -> None:
    for name in OUTPUTS:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_two_workers_write_the_same_bytes(corpus, reference, tmp_path, monkeypatch):
    """Two workers also cut the near-duplicate bands between them: the same bytes."""
    from pipeline.resolve import duplicates

    monkeypatch.setattr(duplicates, "SPLIT_ROWS", 0)  # the corpus is small: cut it all the same
    cut_into = []
    real = duplicates.band_parts
    monkeypatch.setattr(duplicates, "band_parts", lambda parts: cut_into.append(parts) or real(parts))
    run_pipeline([str(corpus)], tmp_path, workers=2, quiet=True, use_cache=False)
    assert cut_into == [2]
    _assert_same(reference, tmp_path)


@pytest.mark.slow
def test_processes_with_other_hash_seeds_write_the_same_bytes(corpus, reference, tmp_path):
    """Each worker process has its own string-hash seed: nothing may follow the order of a
    set or of a dict keyed by hashes (one list once read one name differently per seed)."""
    import os
    import subprocess
    import sys

    for seed in ("1", "2"):
        out = tmp_path / seed
        env = {**os.environ, "PYTHONHASHSEED": seed}
        command = [sys.executable, "-m", "pipeline", "run", str(corpus), "--out", str(out), "--quiet", "--no-cache"]
        subprocess.run(command, env=env, check=False, capture_output=True, timeout=600)
        for name in OUTPUTS:
            assert (out / name).read_bytes() == (reference / name).read_bytes(), (seed, name)


def test_input_order_does_not_matter(corpus, reference, tmp_path):
    files = sorted(str(p) for p in corpus.iterdir())
    run_pipeline(files[::-1], tmp_path, quiet=True, use_cache=False)
    _assert_same(reference, tmp_path)


def test_cached_rerun_writes_the_same_bytes(corpus, reference, tmp_path):
    run_pipeline([str(corpus)], tmp_path, quiet=True)
    run_pipeline([str(corpus)], tmp_path, quiet=True)
    _assert_same(reference, tmp_path)


def test_reference_run_has_errors_and_articles(reference):
    lines = (reference / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    errors = (reference / "errors.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 90 + 1 + 3
    assert len(errors) == 2


def test_the_corpus_exercises_near_duplicates_by_wording(reference):
    # so that the two-worker run judges wording pairs in a worker, not only facts
    rows = (reference / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    assert sum('"duplicate_of": "' in row for row in rows) >= 2
