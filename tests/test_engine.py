"""Engine: the cue gate, chunking, ordered streaming with bounded batches in flight."""

from __future__ import annotations

import json
import os
from concurrent.futures import Future
from pathlib import Path

import pytest

from bench.generate import article
from pipeline.engine import (
    Extractor,
    Outcome,
    ProcessExecutor,
    chunks,
    path_key,
    read_articles,
    run_pipeline,
    stream_outcomes,
    task_of,
)
from pipeline.io.readers import RawDoc, ReadError
from pipeline.prefilter import Prefilter, cue_regex, inflections
from pipeline.records import Article
from tests.conftest import SHARED_CORPUS, needs_shared


@pytest.fixture(scope="module")
def gate(rules):
    return Prefilter(rules)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Turnout reached 61 percent by noon.", True),
        ("He received 54.2% of the ballots.", True),
        ("The ministry said the talks went well.", True),
        ("Officials told reporters the count was over.", True),
        ('"We are ready," the mayor added.', True),
        ("According to the commission, the count is over.", True),
        ("The runoff is set for May 5.", True),
        ("Parliament approved the budget on Tuesday.", True),
        ("She won 4,512 votes in the district.", True),
        ("The minister stressed the need for reform.", True),
        ("A by-election follows next month.", True),
        ("Rain and strong winds hit the coast on Monday.", False),
        ("The electric tram line opened with twelve stops.", False),
        ("The home side scored twice in the second half.", False),
        ("Farmers began the wheat harvest early after a warm spring.", False),
    ],
)
def test_gate_cues(gate, text, expected):
    assert gate.needs_model(text) is expected


@pytest.mark.parametrize("title, expected", [("Exit poll gives leader 60%", True), ("Bridge reopens after repairs", False)])
def test_gate_reads_the_title(gate, title, expected):
    assert gate.needs_model("The works ended on Friday.", title) is expected


@pytest.mark.parametrize("lemma, form", [("say", "said"), ("tell", "told"), ("deny", "denied"), ("admit", "admitted"), ("note", "noting")])
def test_inflections_cover_irregular_and_regular_forms(lemma, form):
    assert form in inflections(lemma)


def test_fast_gate_agrees_with_the_reference_regex(rules, gate):
    texts = [article(0, i) for i in range(300)]
    reference = cue_regex(rules)
    assert [gate.needs_model(t) for t in texts] == [bool(reference.search(t)) for t in texts]


@needs_shared()
def test_gate_never_drops_a_fact_from_the_gold_corpora(nlp, gate):
    """Every gold article the gate rejects yields no fact through the full pipeline either."""
    inputs = [str(SHARED_CORPUS / name) for name in ("dev", "real-dev", "polnear-dev")]
    articles, _ = read_articles(inputs)
    full = Extractor(gate=False, nlp=nlp)
    rejected = [a for a in articles if a.status == "ok" and not gate.needs_model(a.text, a.title)]
    for article_, ext in zip(rejected, full.run([task_of(a) for a in rejected])):
        assert not isinstance(ext, str)
        assert (ext.events, ext.results, ext.claims) == ((), (), ()), article_.path


@pytest.mark.parametrize("sentences, limit, pieces", [(10, 100, 1), (100, 200, 4), (100, 50, 13)])
def test_chunks_cover_the_text_in_order(sentences, limit, pieces):
    text = "A short one. " * sentences
    found = chunks(text, limit)
    assert len(found) >= pieces
    assert "".join(piece for _, piece in found) == text
    assert all(text[offset : offset + len(piece)] == piece for offset, piece in found)


@pytest.mark.parametrize(
    "paths, ordered",
    [
        (["b.txt", "a.txt"], ["a.txt", "b.txt"]),
        (["f.jsonl#L10", "f.jsonl#L9", "f.jsonl#L2"], ["f.jsonl#L2", "f.jsonl#L9", "f.jsonl#L10"]),
        (["x.json#2", "x.json#1"], ["x.json#1", "x.json#2"]),
    ],
)
def test_path_key_orders_files_then_lines(paths, ordered):
    assert sorted(paths, key=path_key) == ordered


class _RecordingExecutor:
    """Processes batches when their result is asked for, recording how many were in flight."""

    slots = 2

    def __init__(self):
        self.in_flight = 0
        self.peak = 0

    def submit(self, raws):
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        owner = self

        class _Lazy(Future):
            def result(self, timeout=None):
                owner.in_flight -= 1
                return [Outcome(Article(id=r.path, path=r.path, text=r.text)) for r in raws]

        return _Lazy()

    def timings(self):
        return {}

    def close(self):
        pass


def test_stream_keeps_input_order_and_bounds_batches_in_flight():
    items = [RawDoc(f"doc{i}.txt", f"text {i}") if i % 7 else ReadError(f"bad{i}.txt", "empty file") for i in range(50)]
    executor = _RecordingExecutor()
    outcomes = list(stream_outcomes(items, executor, cache=None, batch_size=4))
    assert [o.article.path for o in outcomes] == [item.path for item in items]
    assert [o.error is not None for o in outcomes] == [isinstance(item, ReadError) for item in items]
    assert executor.peak <= executor.slots + 1


def _folder(tmp_path: Path, indices: range, name: str = "in") -> Path:
    folder = tmp_path / name
    folder.mkdir(exist_ok=True)
    for i in indices:
        (folder / f"{i:04d}.txt").write_text(article(0, i), encoding="utf-8")
    return folder


def test_run_reports_stage_timings_and_cache_counts(tmp_path):
    folder = _folder(tmp_path, range(12))
    result = run_pipeline([str(folder)], tmp_path / "out", quiet=True)
    manifest = json.loads((tmp_path / "out" / "run.json").read_text())
    assert result.counts["articles"] == 12
    assert manifest["cache"]["misses"] == 12
    assert {"normalize", "prefilter", "parser", "resolve"} <= set(manifest["stage_seconds"])


def test_a_failed_resolve_leaves_no_temporary_files(tmp_path, monkeypatch):
    """Texts and signature rows wait in temporary files under the output folder: a run that
    fails after streaming them removes them all and raises its own error."""
    import pipeline.resolve

    def broken(*args, **kwargs):
        raise RuntimeError("resolve failed")

    monkeypatch.setattr(pipeline.resolve, "resolve", broken)
    folder = _folder(tmp_path, range(4))
    with pytest.raises(RuntimeError, match="resolve failed"):
        run_pipeline([str(folder)], tmp_path / "out", quiet=True, use_cache=False)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == []


def test_gate_skips_plain_articles_without_losing_them(tmp_path):
    folder = _folder(tmp_path, range(1, 10))  # everyday news only (article 0 is an election story)
    run_pipeline([str(folder)], tmp_path / "out", quiet=True, use_cache=False)
    lines = (tmp_path / "out" / "articles.jsonl").read_text().splitlines()
    assert len(lines) == 9
    assert all(json.loads(line)["status"] == "ok" for line in lines)


@pytest.mark.parametrize("text", ["Turnout was 76 %, he said.", "  Two  spaces\tand a tab.\n\nNew paragraph ", "Çağrı «oui» ✓"])
def test_docs_remember_the_text_they_were_made_from(nlp, text):
    from pipeline.components import doc_text
    from pipeline.engine import Task

    doc = Extractor(gate=False, nlp=nlp)._make_doc(Task("a", text, None, None, None), text, 0)
    assert doc_text(doc) == doc.text == text


def test_an_extracted_doc_is_freed_without_the_cyclic_collector(nlp):
    import gc
    import weakref

    from pipeline.engine import Task, _extract

    text = "The election commission said turnout was 60 percent, Ivan Petrov told reporters."
    doc = nlp(Extractor(gate=False, nlp=nlp)._make_doc(Task("a", text, "2024-01-02", None, "Petrov leads"), text, 0))
    ref = weakref.ref(doc)
    enabled = gc.isenabled()
    gc.disable()
    try:
        assert _extract(doc, "a").results  # the stages ran and cached spans on the doc
        del doc
        assert ref() is None
    finally:
        if enabled:
            gc.enable()


def test_lemmas_memoized_in_one_batch_stay_readable_in_the_next(nlp):
    """The fast lemmatizer memoizes lemma string ids across batches, so the strings must live
    as long as the vocabulary (a spaCy memory zone per batch would free them: E018)."""
    from pipeline.engine import Task

    text = "Blorptastics were counted, the commission said."
    task = Task("a", text, "2024-02-08", None, None)
    extractor = Extractor(gate=False, nlp=nlp)
    assert not isinstance(extractor.run([task])[0], str)  # a first batch memoizes the lemma
    doc = extractor._pipe([extractor._make_doc(task, text, 0)])[0]
    assert doc[0].lemma_ == "blorptastic"


@pytest.mark.parametrize(
    "arrival",
    [
        ["a.txt", "b.jsonl#L2", "b.jsonl#L10", "c/d.txt"],  # in order: no keys held
        ["c/d.txt", "a.txt", "b.jsonl#L10", "b.jsonl#L2"],  # out of order from the second line
        ["a.txt", "b.jsonl#L2", "c/d.txt", "b.jsonl#L10"],  # out of order after three lines
    ],
)
def test_article_lines_come_out_in_path_order_whatever_the_arrival(tmp_path, arrival):
    from pipeline.engine import Outcome, _Collector

    collector = _Collector(tmp_path)
    for path in arrival:
        collector.add(Outcome(Article(id=path, path=path, status="error", error="unreadable"), None, None))
    assert (collector.keys is None) == (arrival == sorted(arrival, key=path_key))
    collector.write_articles(tmp_path / "articles.jsonl", {})
    collector.discard()
    lines = (tmp_path / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["path"] for line in lines] == ["a.txt", "b.jsonl#L2", "b.jsonl#L10", "c/d.txt"]


def test_facts_spilled_by_a_run_resolve_as_the_same_facts_in_memory(nlp, tmp_path):
    """The run's path (facts in an ExtractionStore, texts on disk) against the in-memory
    path, on extracted articles with names, claims, acronyms and texts, and one article
    whose copy arrives twice under another date (both copies count, as in a list)."""
    from pipeline.engine import Task
    from pipeline.io.spill import ExtractionStore
    from pipeline.resolve import resolve

    texts = {f"a{i:02d}": article(7, i) for i in range(12)}
    dates = {aid: f"2024-03-{10 + i:02d}" for i, aid in enumerate(texts)}
    tasks = [Task(aid, text, dates[aid], None, None) for aid, text in texts.items()]
    tasks.append(Task("a00", texts["a00"], "2024-04-01", None, None))  # a second copy, later
    extractions = Extractor(nlp=nlp).run(tasks)
    assert sum(len(e.names) for e in extractions) and sum(len(e.claims) for e in extractions)
    articles = [Article(id=aid, path=f"{aid}.txt", published=dates[aid]) for aid in texts]
    store = ExtractionStore(tmp_path)
    for extraction in reversed(extractions):
        store.put(extraction)
    in_memory = resolve(articles, list(reversed(extractions)), texts=texts)
    from_disk = resolve(articles, store, texts=texts)
    store.close()
    assert in_memory.records and from_disk.records == in_memory.records
    assert from_disk.entities == in_memory.entities
    assert from_disk.duplicate_of == in_memory.duplicate_of


def _process_state() -> tuple[int, bool, int]:
    """(pid, whether this process holds a loaded pipeline, its niceness): run in a pool's process."""
    import os

    from pipeline import engine

    return os.getpid(), engine._WORKER is not None, os.nice(0)


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "nice"), reason="no process niceness on this platform")
def test_corpus_level_calls_run_in_fresh_processes_without_the_model():
    executor = ProcessExecutor(None, None, workers=2)
    try:
        extracting_pid, has_model, extracting_nice = executor.pool.submit(_process_state).result()
        assert has_model
        corpus = {executor.call(_process_state).result() for _ in range(4)}
        assert all(not held for _, held, _ in corpus), "corpus-level work ran beside a loaded model"
        assert extracting_pid not in {pid for pid, _, _ in corpus}
        if extracting_nice < 19:  # (already at the lowest priority: nothing to yield)
            assert all(nice > extracting_nice for _, _, nice in corpus), "corpus-level work competes with the main process"
    finally:
        executor.close()


class _KeywordOnlyError(Exception):
    def __init__(self, *, detail: str):  # (pickles, but does not unpickle: like confection's config errors)
        super().__init__(detail)


@pytest.mark.parametrize("raised", [_KeywordOnlyError(detail="bad config"), OSError("E050")])
def test_a_worker_that_cannot_load_keeps_an_error_the_main_process_can_read(monkeypatch, raised):
    import pickle

    from pipeline import engine
    from pipeline.models import ModelError

    def broken(*args, **kwargs):
        raise raised

    monkeypatch.setattr(engine, "Extractor", broken)
    monkeypatch.setattr(engine, "_WORKER", None)
    monkeypatch.setattr(engine, "_WORKER_ERROR", None)
    engine._init_worker("some_model", None)
    with pytest.raises(ModelError, match="cannot load spaCy model 'some_model'") as info:
        engine._work([])
    assert str(pickle.loads(pickle.dumps(info.value))) == str(info.value)
