"""--engine dask on a 2-worker LocalCluster: the same bytes as the local engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.generate import article
from pipeline.distributed import rule_files
from pipeline.engine import run_pipeline
from pipeline.rules import default_rules_dir

OUTPUTS = ("articles.jsonl", "dataset.jsonl", "entities.jsonl", "errors.jsonl")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for i in range(80):
        (folder / f"{i:04d}.txt").write_text(article(0, i), encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 10)
    return folder


def test_rules_travel_as_data():
    shipped = rule_files(default_rules_dir())
    assert any(name.endswith(".yml") for name in shipped)
    assert all(isinstance(data, bytes) for data in shipped.values())


def test_dask_engine_matches_local_engine(corpus, tmp_path, monkeypatch):
    from pipeline.resolve import duplicates

    cut_into = []
    monkeypatch.setattr(duplicates, "band_parts", lambda parts: cut_into.append(parts) or [range(duplicates.LSH_BANDS[0])])
    local, dask = tmp_path / "local", tmp_path / "dask"
    run_pipeline([str(corpus)], local, quiet=True, use_cache=False)
    result = run_pipeline([str(corpus)], dask, quiet=True, use_cache=False, engine="dask", workers=2)
    assert cut_into == [1, 1]  # corpus-level calls run in this process, one at a time: bands not cut
    assert result.counts["articles"] == 81
    for name in OUTPUTS:
        assert (local / name).read_bytes() == (dask / name).read_bytes(), name
    assert {"parser", "wf_rules"} <= set(result.timings)  # measured on the workers
