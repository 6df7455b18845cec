"""Regression gate: the scores on every gold corpus under ../shared/corpus/ must not fall below
the floors in tests/eval_floors.json (issue 3).

A floor is a number (the metric must stay >= it) or ``{"max": N}`` for counts where lower is
better (``dedup.redundant``, ``entities.distinct_merged``). Keys are the dotted names of
``pipeline.evaluate.flatten(score(...))``. A corpus added later is run and scored too (so the
scorer must not crash on it) even before it has floors.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline import evaluate

ROOT = Path(__file__).resolve().parent.parent
CORPUS_ROOT = ROOT.parent / "shared" / "corpus"
FLOORS_PATH = Path(__file__).with_name("eval_floors.json")
FLOORS: dict[str, dict] = {k: v for k, v in json.loads(FLOORS_PATH.read_text(encoding="utf-8")).items()
                           if not k.startswith("_")}


def _corpora() -> list[str]:
    if not CORPUS_ROOT.is_dir():
        return []
    return sorted(p.name for p in CORPUS_ROOT.iterdir() if p.is_dir() and evaluate.gold_articles(p))


CORPORA = _corpora()
NO_CORPUS = pytest.mark.skip(reason=f"no gold corpus under {CORPUS_ROOT} (CI provides ../shared beside the clone)")


@pytest.fixture(scope="session")
def corpus_scores(tmp_path_factory):
    """corpus_scores(name) -> flat scores; the pipeline runs once per corpus per session."""
    cache: dict[str, dict] = {}

    def get(name: str) -> dict:
        if name not in cache:
            gold_dir = CORPUS_ROOT / name
            out = evaluate.run_gold_corpus(gold_dir, tmp_path_factory.mktemp(f"eval-{name}"))
            cache[name] = evaluate.flatten(evaluate.score(gold_dir, out))
        return cache[name]

    return get


def _violations(scores: dict, floors: dict) -> list[str]:
    problems = []
    for metric, floor in sorted(floors.items()):
        if metric not in scores:
            problems.append(f"{metric}: unknown metric (known: {', '.join(sorted(scores))})")
            continue
        value = scores[metric]
        if isinstance(floor, dict):
            if value is None or value > floor["max"]:
                problems.append(f"{metric} = {value}, above its ceiling {floor['max']}")
        elif (value is None and floor > 0) or (value is not None and value < floor):
            problems.append(f"{metric} = {value}, below its floor {floor}")
    return problems


@pytest.mark.parametrize("corpus", CORPORA or [pytest.param("-", marks=NO_CORPUS)])
def test_scores_meet_floors(corpus, corpus_scores):
    scores = corpus_scores(corpus)
    assert scores["articles.in_run"] == scores["articles.gold"], "some gold articles are missing from the run"
    problems = _violations(scores, FLOORS.get(corpus, {}))
    assert not problems, f"{corpus}: scores fell below tests/eval_floors.json:\n  " + "\n  ".join(problems)


@pytest.mark.skipif(not CORPORA, reason=f"no gold corpus under {CORPUS_ROOT}")
def test_floors_name_existing_corpora():
    missing = sorted(set(FLOORS) - set(CORPORA))
    assert not missing, f"tests/eval_floors.json has floors for corpora not under {CORPUS_ROOT}: {missing}"


@pytest.mark.parametrize(
    ("scores", "floors", "failing"),
    [
        ({"result.f1": 0.5}, {"result.f1": 0.4}, 0),
        ({"result.f1": 0.3}, {"result.f1": 0.4}, 1),
        ({"result.f1": None}, {"result.f1": 0.0}, 0),
        ({"result.f1": None}, {"result.f1": 0.1}, 1),
        ({"dedup.redundant": 3}, {"dedup.redundant": {"max": 2}}, 1),
        ({"dedup.redundant": 2}, {"dedup.redundant": {"max": 2}}, 0),
        ({"result.f1": 0.5}, {"result.f2": 0.0}, 1),
    ],
)
def test_floor_check(scores, floors, failing):
    assert len(_violations(scores, floors)) == failing
