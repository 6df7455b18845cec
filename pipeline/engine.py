"""Run orchestration: read -> normalize + extract (per article) -> resolve (corpus) -> write.

The per-article half (``Extractor.process``) is a pure function of (raw document, rules,
model) and runs where the engine puts it: in this process (``--workers 1``), in worker
processes (``--workers N``) or on Dask workers (``--engine dask``). Documents stream
through in batches with a bounded number in flight; results come back in input order, so
the output is byte-identical whatever the engine or the number of workers. The main
process keeps only compact per-article state for the corpus half (``Extraction`` records
and article metadata); article lines go to a temporary file as they arrive.

Each batch is looked up in the cache (``pipeline.cache``) first; only misses are extracted.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
import time
from array import array
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from pipeline import __version__
from pipeline.article import build_article, error_article
from pipeline.io.readers import RawDoc, ReadError, iter_documents
from pipeline.io.writers import atomic_open, dumps, write_json, write_jsonl, write_table_copies
from pipeline.records import Article, Dateline, ErrorRecord, Extraction, Mention
from pipeline.sketch import sketch

CHUNK_CHARS = 100_000  # spaCy's parser wants bounded docs; long articles are cut at paragraphs
BATCH_SIZE = 256  # input documents per task
NLP_BATCH = 32  # docs per spaCy minibatch (bigger ones cost memory and first-touch page faults)
OUTPUT_FILES = ("articles.jsonl", "dataset.jsonl", "entities.jsonl", "errors.jsonl", "run.json")
ENGINES = ("local", "dask")


@dataclass
class RunResult:
    exit_code: int
    counts: dict[str, int] = field(default_factory=dict)
    out_dir: Path | None = None
    # Seconds per stage (summed over workers for the per-article stages): not deterministic.
    timings: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    """What the per-article half returns for one input document."""

    article: Article  # without its char map (the corpus half never maps offsets back)
    extraction: Extraction | None = None
    error: ErrorRecord | None = None


# --------------------------------------------------------------------------- reading


def read_articles(inputs: Iterable[str], glob: str | None = None) -> tuple[list[Article], list[ErrorRecord]]:
    """Every input document as an Article; failures become error articles plus error records."""
    articles: list[Article] = []
    errors: list[ErrorRecord] = []
    for item in iter_documents(inputs, glob):
        if isinstance(item, ReadError):
            errors.append(ErrorRecord(item.path, item.stage, item.error))
            articles.append(error_article(item.path, item.error))
            continue
        article, error = normalize(item)
        if error:
            errors.append(error)
        articles.append(article)
    return articles, errors


def normalize(raw: RawDoc) -> tuple[Article, ErrorRecord | None]:
    """The article of one raw document, or an error article and its error record."""
    try:
        article = build_article(raw)
    except Exception as exc:  # a normalizer bug must cost one article, never the batch
        message = f"normalization failed: {type(exc).__name__}: {exc}"
        return error_article(raw.path, message), ErrorRecord(raw.path, "normalize", message)
    if not article.text.strip():
        message = "no article text after removing headers"
        return error_article(raw.path, message), ErrorRecord(raw.path, "normalize", message)
    return article, None


# --------------------------------------------------------------------------- extraction


@dataclass(frozen=True)
class Task:
    """What the model needs for one article: picklable, small."""

    article_id: str
    text: str
    date: str | None
    place: str | None
    title: str | None


def task_of(article: Article) -> Task:
    place = article.dateline.place if article.dateline else None
    return Task(article.id, article.text, article.date, place, article.title)


def chunks(text: str, limit: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """(offset, piece) pieces of at most ~limit chars, cut at paragraph or sentence breaks."""
    if len(text) <= limit:
        return [(0, text)]
    out = []
    start = 0
    while start < len(text):
        end = min(len(text), start + limit)
        if end < len(text):
            cut = text.rfind("\n\n", start + limit // 2, end)
            if cut == -1:
                cut = text.rfind(". ", start + limit // 2, end)
                cut = cut + 1 if cut != -1 else end
            end = cut
        out.append((start, text[start:end]))
        start = end
    return out


class Extractor:
    """One loaded pipeline (loaded once per process or Dask worker), reused for every batch.

    ``gate`` sends only articles with a cue (``pipeline.prefilter``) through spaCy; the
    others get an Extraction without facts. ``timings`` adds up seconds per stage.
    """

    def __init__(self, model: str | None = None, rules_dir: Path | None = None, *, gate: bool = True, nlp=None):
        from pipeline.nlp import load_nlp
        from pipeline.prefilter import Prefilter
        from pipeline.rules import load_rules

        rules = load_rules(rules_dir)
        self.nlp = nlp if nlp is not None else load_nlp(model, rules_dir, rules)
        self.prefilter = Prefilter(rules) if gate else None
        self.timings: dict[str, float] = {}

    def _time(self, stage: str, started: float) -> float:
        now = time.perf_counter()
        self.timings[stage] = self.timings.get(stage, 0.0) + now - started
        return now

    def process(self, raws: list[RawDoc]) -> list[Outcome]:
        """Normalize and extract a batch of raw documents, in order."""
        started = time.perf_counter()
        normalized = [normalize(raw) for raw in raws]
        self._time("normalize", started)
        ok = [i for i, (_, error) in enumerate(normalized) if error is None]
        articles = [replace(normalized[i][0], char_map=None) for i in ok]
        results = self.run([task_of(a) for a in articles])
        outcomes = [Outcome(article, None, error) for article, error in normalized]
        for i, article, result in zip(ok, articles, results):
            if isinstance(result, str):
                outcomes[i] = Outcome(error_article(article.path, result), None, ErrorRecord(article.path, "extract", result))
            else:
                outcomes[i] = Outcome(article, result, None)
        return outcomes

    def run(self, tasks: list[Task]) -> list[Extraction | str]:
        """An Extraction per task, or an error message for a task that failed."""
        from pipeline.extract import find_acronyms

        started = time.perf_counter()
        if self.prefilter is None:
            keep = list(range(len(tasks)))
        else:
            keep = [i for i, t in enumerate(tasks) if self.prefilter.needs_model(t.text, t.title)]
        started = self._time("prefilter", started)
        out: list[Extraction | str] = [Extraction(t.article_id, acronyms=find_acronyms(t.text)) for t in tasks]
        self._time("acronyms", started)
        for i, result in zip(keep, self._run_model([tasks[i] for i in keep])):
            out[i] = result
        started = time.perf_counter()
        out = [_sketched(result, task.text) for result, task in zip(out, tasks)]
        self._time("sketch", started)
        return out

    def _run_model(self, tasks: list[Task]) -> list[Extraction | str]:
        if not tasks:
            return []
        pieces = [(i, offset, text) for i, task in enumerate(tasks) for offset, text in chunks(task.text)]
        partial: dict[int, list[Extraction]] = {}
        failed: dict[int, str] = {}
        try:
            docs = self._pipe([self._make_doc(tasks[i], text, offset) for i, offset, text in pieces])
            started = time.perf_counter()
            for (i, offset, _), doc in zip(pieces, docs):
                partial.setdefault(i, []).append(_shift(_extract(doc, tasks[i].article_id), offset))
            self._time("extract", started)
        except Exception:
            # A batch failed: redo one article at a time so only the culprit is lost.
            partial, failed = self._one_by_one(tasks)
        return [failed[i] if i in failed else _merge(tasks[i].article_id, partial.get(i, [])) for i in range(len(tasks))]

    def _pipe(self, docs: list) -> list:
        """nlp.pipe, one component at a time over the batch, timing each component."""
        for name, proc in self.nlp.pipeline:
            started = time.perf_counter()
            if hasattr(proc, "pipe"):
                docs = list(proc.pipe(docs, batch_size=NLP_BATCH))
            else:
                docs = [proc(doc) for doc in docs]
            self._time(name, started)
        return docs

    def _one_by_one(self, tasks: list[Task]) -> tuple[dict[int, list[Extraction]], dict[int, str]]:
        partial: dict[int, list[Extraction]] = {}
        failed: dict[int, str] = {}
        for i, task in enumerate(tasks):
            try:
                for offset, text in chunks(task.text):
                    doc = self.nlp(self._make_doc(task, text, offset))
                    partial.setdefault(i, []).append(_shift(_extract(doc, task.article_id), offset))
            except Exception as exc:
                failed[i] = f"extraction failed: {type(exc).__name__}: {str(exc)[:200]}"
        return partial, failed

    def _make_doc(self, task: Task, text: str, offset: int):
        from pipeline.components import remember_text

        doc = remember_text(self.nlp.make_doc(text), text)
        doc._.wf_article = {
            "id": task.article_id,
            "date": task.date,
            "place": task.place,
            "title": task.title,
            "offset": offset,
        }
        return doc


def _sketched(result: Extraction | str, text: str) -> Extraction | str:
    """The extraction with its wording sketch (near-duplicates are judged in the corpus half)."""
    if isinstance(result, str):
        return result
    size, signature = sketch(text)
    return replace(result, shingles=size, signature=signature)


def _extract(doc, article_id: str) -> Extraction:
    """The doc's facts; then its per-doc caches are dropped (they hold Spans, and so the Doc
    itself: a cycle only the cyclic collector would free)."""
    from pipeline.extract import extract

    extraction = extract(doc, article_id)
    doc.user_data.clear()
    return extraction


def _shift(ext: Extraction, offset: int) -> Extraction:
    if not offset:
        return ext

    def move(fact: Any) -> Any:
        mention: Mention = fact.mention
        return replace(fact, mention=mention.shifted(offset))

    return replace(
        ext,
        events=tuple(move(e) for e in ext.events),
        results=tuple(move(r) for r in ext.results),
        claims=tuple(move(c) for c in ext.claims),
        names=tuple(replace(n, start=n.start + offset, end=n.end + offset) for n in ext.names),
    )


def _merge(article_id: str, parts: list[Extraction]) -> Extraction:
    if len(parts) == 1:
        return parts[0]
    merged = Extraction(article_id)
    base = 0
    for part in parts:
        shifted_results = tuple(
            replace(r, event_index=r.event_index + base) if r.event_index is not None else r for r in part.results
        )
        merged = replace(
            merged,
            events=merged.events + part.events,
            results=merged.results + shifted_results,
            claims=merged.claims + part.claims,
            names=merged.names + part.names,
            acronyms=tuple(dict.fromkeys(merged.acronyms + part.acronyms)),
        )
        base += len(part.events)
    return merged


# --------------------------------------------------------------------------- executors


class Executor(Protocol):
    """Runs ``Extractor.process`` on batches somewhere; futures resolve to outcome lists."""

    slots: int  # batches worth keeping in flight
    cores: int  # ``call``s that run at once (each beside the others)

    def submit(self, raws: list[RawDoc]) -> Future: ...

    def call(self, fn: Callable[..., Any], *args: Any) -> Future:
        """Run ``fn(*args)`` where there is a free core: corpus-level work beside the main
        process, not extraction (a ``ProcessExecutor`` runs it outside the extraction pool)."""
        ...

    def timings(self) -> dict[str, float]: ...

    def close(self) -> None: ...


class SerialExecutor:
    """In this process: the batch is processed at submit time."""

    slots = 1
    cores = 1

    def __init__(self, model: str | None, rules_dir: Path | None):
        self.extractor = Extractor(model, rules_dir)

    def submit(self, raws: list[RawDoc]) -> Future:
        return run_here(self.extractor.process, raws)

    def call(self, fn: Callable[..., Any], *args: Any) -> Future:
        return run_here(fn, *args)

    def timings(self) -> dict[str, float]:
        return dict(self.extractor.timings)

    def close(self) -> None:
        pass


def run_here(fn: Callable[..., Any], *args: Any) -> Future:
    """``fn(*args)`` run now in this process, as a completed future (its error included)."""
    future: Future = Future()
    try:
        future.set_result(fn(*args))
    except BaseException as exc:  # noqa: BLE001 (handed to the caller through the future)
        future.set_exception(exc)
    return future


_WORKER: Extractor | None = None  # the one pipeline of a worker process (set by its initializer)
_WORKER_ERROR: Exception | None = None  # ... or why it could not be loaded


def relay_outcomes(inner, timings: dict[str, float]) -> Future:
    """A future of one batch's outcomes that adds the batch's stage timings to ``timings``.

    ``inner`` is any future with add_done_callback (a process pool's or Dask's).
    """
    outer: Future = Future()

    def done(fut) -> None:
        try:
            outcomes, batch_timings = fut.result()
        except BaseException as exc:  # noqa: BLE001 (handed to the caller)
            outer.set_exception(exc)
            return
        for k, v in batch_timings.items():
            timings[k] = timings.get(k, 0.0) + v
        outer.set_result(outcomes)

    inner.add_done_callback(done)
    return outer


def _init_worker(model: str | None, rules_dir: str | None) -> None:
    global _WORKER, _WORKER_ERROR  # loaded once per worker process, then reused for every batch
    from pipeline.models import ModelError
    from pipeline.rules import RuleError

    try:
        _WORKER = Extractor(model, Path(rules_dir) if rules_dir else None)
    except (RuleError, ModelError) as exc:  # each task raises it (a failed initializer only breaks the pool)
        _WORKER_ERROR = exc
    except Exception as exc:  # e.g. a model folder with a bad config: its error may not unpickle
        _WORKER_ERROR = ModelError(f"cannot load spaCy model {model!r}: {type(exc).__name__}: {str(exc)[:300]}")


def _loaded() -> Extractor:
    if _WORKER_ERROR is not None:
        raise _WORKER_ERROR
    assert _WORKER is not None
    return _WORKER


def _checked_rules(rules_dir: str) -> str:
    """The rules' fingerprint, in a worker whose pipeline loaded them (and spaCy checked
    their token patterns); the worker's RuleError or ModelError otherwise."""
    from pipeline.rules import load_rules

    _loaded()
    return load_rules(Path(rules_dir)).fingerprint


def _in_background() -> None:
    """Corpus-level work beside the main process yields the CPU to it: the main process's
    resolve step is what the run waits for."""
    with contextlib.suppress(AttributeError, OSError):  # (no nice on Windows)
        os.nice(10)


def _ready() -> None:
    """A task that only makes the pool start a worker process (see ProcessExecutor)."""


def _work(raws: list[RawDoc]) -> tuple[list[Outcome], dict[str, float]]:
    worker = _loaded()
    before = dict(worker.timings)
    outcomes = worker.process(raws)
    return outcomes, {k: v - before.get(k, 0.0) for k, v in worker.timings.items()}


class ProcessExecutor:
    """``workers`` extraction processes, each with its own pipeline (spawned: no state shared
    by fork), and as many for corpus-level work.

    Corpus-level ``call``s run in a second pool of as many processes without the model: a
    process that parsed 25,000 articles holds ~40 MB more than a fresh one, and the
    model's ~170 MB would only sit under the corpus-level work. The extraction processes
    wind down at ``close`` (freeing a model beside the resolve step slows it by ~20%)."""

    def __init__(self, model: str | None, rules_dir: Path | None, workers: int):
        import multiprocessing

        self.slots = workers * 2
        self.cores = workers
        self._timings: dict[str, float] = {}
        self._context = multiprocessing.get_context("spawn")
        self.pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=self._context,
            initializer=_init_worker,
            initargs=(model, str(rules_dir) if rules_dir else None),
        )
        # Started now too (~40 MB and 0.2 s each), so as not to hold up the first ``call``.
        self._corpus_pool = ProcessPoolExecutor(max_workers=workers, mp_context=self._context, initializer=_in_background)
        # Processes are spawned on demand: one no-op each starts them all now.
        for pool in (self.pool, self._corpus_pool):
            for _ in range(workers):
                pool.submit(_ready)

    def submit(self, raws: list[RawDoc]) -> Future:
        return relay_outcomes(self.pool.submit(_work, raws), self._timings)

    def checked_rules(self, rules_dir: Path) -> str:
        """The fingerprint of the rules a worker loaded (so the main process need not import
        spaCy to check them): waits for the model to load; raises RuleError or ModelError."""
        return self.pool.submit(_checked_rules, str(rules_dir)).result()

    def call(self, fn: Callable[..., Any], *args: Any) -> Future:
        return self._corpus_pool.submit(fn, *args)

    def timings(self) -> dict[str, float]:
        return dict(self._timings)

    def close(self) -> None:
        # Every result is in: the worker processes wind down (freeing a loaded model takes
        # ~0.3 s) while this process writes the outputs; the interpreter joins them at exit.
        for pool in (self.pool, self._corpus_pool):
            pool.shutdown(wait=False, cancel_futures=True)


def make_executor(engine: str, model: str | None, rules_dir: Path, workers: int, scheduler: str | None) -> Executor:
    if engine == "dask":
        from pipeline.distributed import DaskExecutor

        return DaskExecutor(model, rules_dir, workers=workers, scheduler=scheduler)
    if engine != "local":
        raise ValueError(f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
    if workers <= 1:
        return SerialExecutor(model, rules_dir)
    return ProcessExecutor(model, rules_dir, workers)


# --------------------------------------------------------------------------- streaming


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def stream_outcomes(
    items: Iterable[RawDoc | ReadError], executor: Executor, cache=None, batch_size: int = BATCH_SIZE
) -> Iterator[Outcome]:
    """Outcomes in input order: read errors as they come, cache hits, the rest extracted.

    At most ``executor.slots`` batches are in flight, so memory stays bounded however many
    documents stream through.
    """
    from pipeline.cache import raw_key

    pending: deque[tuple[list[Outcome | None], list[tuple[int, str]], Future | None]] = deque()

    def drain_one() -> Iterator[Outcome]:
        slots, misses, future = pending.popleft()
        if future is not None:
            for (index, key), outcome in zip(misses, future.result()):
                slots[index] = outcome
                # Extraction failures are not cached: they may be transient (memory).
                if cache is not None and (outcome.error is None or outcome.error.stage == "normalize"):
                    _cache_put(cache, key, outcome)
        yield from slots  # type: ignore[misc]

    for batch in _batches(items, batch_size):
        slots: list[Outcome | None] = [None] * len(batch)
        misses: list[tuple[int, str]] = []
        raws: list[RawDoc] = []
        for index, item in enumerate(batch):
            if isinstance(item, ReadError):
                slots[index] = Outcome(error_article(item.path, item.error), None, ErrorRecord(item.path, item.stage, item.error))
                continue
            key = raw_key(item) if cache is not None else ""
            found = cache.get(key, item.path) if cache is not None else None
            if found is not None:
                slots[index] = Outcome(*found)
                continue
            misses.append((index, key))
            raws.append(item)
        pending.append((slots, misses, executor.submit(raws) if raws else None))
        while len(pending) > executor.slots:
            yield from drain_one()
    while pending:
        yield from drain_one()


def _cache_put(cache, key: str, outcome: Outcome) -> None:
    # A full disk or an unencodable value costs the cache entry, never the run.
    with contextlib.suppress(OSError, ValueError):
        cache.put(key, outcome.article, outcome.extraction, outcome.error)


class _Collector:
    """Main-process state of a run: article lines, texts, sketches and facts on disk, compact
    article metadata in memory.

    Lines are written to articles.jsonl (and errors.jsonl) sorted by input path (then by
    position inside a JSONL file), so the output does not depend on the order in which
    the inputs were named.
    """

    def __init__(self, out_dir: Path):
        from pipeline.io.spill import ExtractionStore, SketchStore, TextStore

        out_dir.mkdir(parents=True, exist_ok=True)
        fd, self.tmp = tempfile.mkstemp(prefix=".articles.jsonl.", suffix=".tmp", dir=out_dir)
        self.handle = os.fdopen(fd, "wb")
        self.offset = 0
        self.spans = array("q")  # per line: its offset and length in the temporary file ...
        self.line_ids: list[str] = []  # ... and its article id
        # ... and its sort key (``path_key``), held only once a line arrives out of order
        # (a folder is read in order: most runs never need them)
        self.keys: list[tuple] | None = None
        self._last_key: tuple | None = None
        self.articles: list[Article] = []  # ok articles without their text, for the resolve step
        self.extractions = ExtractionStore(out_dir)  # the facts, on disk, without signature bytes
        self.texts = TextStore(out_dir)  # the texts, on disk until resolve reads one
        self.sketches = SketchStore(out_dir)  # the signature rows, on disk too
        self.errors: list[ErrorRecord] = []
        # One copy of each agency, date and place string however many articles repeat it
        # (each arrives from a worker as a new object): scoped to the run, like the rest.
        self.shared: dict[str, str] = {}
        self.shared_datelines: dict[Dateline, Dateline] = {}

    def __len__(self) -> int:
        return len(self.line_ids)

    def add(self, outcome: Outcome) -> None:
        article = outcome.article
        data = (dumps(article.to_dict()) + "\n").encode("utf-8")
        self.handle.write(data)
        self._keep_order(path_key(article.path))
        self.spans.extend((self.offset, len(data)))
        self.line_ids.append(article.id)
        self.offset += len(data)
        if outcome.error is not None:
            self.errors.append(outcome.error)
        extraction = outcome.extraction
        if article.status == "ok" and extraction is not None:
            self.texts.put(article.id, article.text)
            self.sketches.add(article.id, extraction.shingles, extraction.signature)  # no row if too short
            slim = self._slim(article)
            self.articles.append(slim)
            self.extractions.put(extraction)  # (its facts: the signature went to the sketches)

    def _keep_order(self, key: tuple) -> None:
        if self.keys is not None:
            self.keys.append(key)
        elif self._last_key is not None and key < self._last_key:
            self.keys = [*self._keys_so_far(), key]
        else:
            self._last_key = key

    def _keys_so_far(self) -> Iterator[tuple]:
        """The sort keys of the lines written so far, read back from their paths."""
        self.handle.flush()
        with open(self.tmp, "rb") as source:
            for i in range(len(self.line_ids)):
                source.seek(self.spans[2 * i])
                yield path_key(json.loads(source.read(self.spans[2 * i + 1]))["path"])

    def _slim(self, article: Article) -> Article:
        """The article as the resolve step sees it: no text, path or url (read from disk
        or not needed), repeated strings shared."""

        def share(value: str | None) -> str | None:
            return None if value is None else self.shared.setdefault(value, value)

        line = article.dateline
        if line is not None:
            known = self.shared_datelines.get(line)
            if known is None:
                known = self.shared_datelines[line] = Dateline(share(line.place), share(line.date))
            line = known
        return replace(
            article, text="", char_map=None, path="", url=None, status=share(article.status),
            published=share(article.published), publisher=share(article.publisher), agency=share(article.agency),
            dateline=line,
        )

    def sorted_errors(self) -> list[ErrorRecord]:
        return sorted(self.errors, key=lambda e: (path_key(e.path), e.stage, e.error))

    def write_articles(self, path: Path, duplicate_of: dict[str, str]) -> int:
        """The final articles.jsonl: the streamed lines in path order, ``duplicate_of`` filled in."""
        self.handle.close()
        count = 0
        with open(self.tmp, "rb") as source, atomic_open(path) as target:
            lines = range(len(self.line_ids))
            for i in lines if self.keys is None else sorted(lines, key=self.keys.__getitem__):
                offset, length, article_id = self.spans[2 * i], self.spans[2 * i + 1], self.line_ids[i]
                source.seek(offset)
                line = source.read(length).decode("utf-8")
                rep = duplicate_of.get(article_id)
                if rep and rep != article_id:
                    row = json.loads(line)
                    row["duplicate_of"] = rep
                    line = dumps(row) + "\n"
                target.write(line)
                count += 1
        return count

    def discard(self) -> None:
        """Remove the temporary files, each on its own: one that cannot go yet (still mapped
        by a worker on Windows) must not keep the others or hide the run's own error."""
        for close in (self.texts.close, self.sketches.close, self.extractions.close, self.handle.close, lambda: os.unlink(self.tmp)):
            with contextlib.suppress(OSError):
                close()


def path_key(path: str) -> tuple:
    """Sort key of an input path: 'a.jsonl#L10' after 'a.jsonl#L9', files by name."""
    base, _, part = path.partition("#")
    digits = part.lstrip("L")
    return (base, int(digits) if digits.isdigit() else -1, part)


# --------------------------------------------------------------------------- the run


def run_pipeline(
    inputs: list[str],
    out_dir: Path,
    *,
    glob: str | None = None,
    model: str | None = None,
    workers: int = 1,
    formats: Iterable[str] = ("jsonl",),
    quiet: bool = False,
    rules_dir: Path | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    use_cache: bool = True,
) -> RunResult:
    from pipeline.cache import ExtractionCache, extraction_fingerprint
    from pipeline.models import check_model, default_model, model_version
    from pipeline.resolve import resolve
    from pipeline.resolve.duplicates import band_parts, parts_worth_cutting, text_pairs_in
    from pipeline.resolve.entities_table import load_alias_table
    from pipeline.rules import default_rules_dir, load_rules

    started = time.perf_counter()
    out_dir = Path(out_dir)
    rules_dir = Path(rules_dir or default_rules_dir())
    model_name = model or default_model()
    check_model(model_name)  # ModelError before any work or process starts (exit 2)
    # Worker processes start loading the model now.
    early = ProcessExecutor(model_name, rules_dir, workers) if engine == "local" and workers > 1 else None
    try:
        # RuleError surfaces before any work (exit 2). spaCy checks the token patterns: with
        # worker processes, in one of them (once it has loaded the model), so that this
        # process never imports spaCy (~60 MB).
        fingerprint = early.checked_rules(rules_dir) if early else load_rules(rules_dir).fingerprint
        load_alias_table(rules_dir)  # so does a broken alias table, not only after extraction
        cache = None
        if use_cache:
            cache = ExtractionCache(out_dir, extraction_fingerprint(rules_dir, model_version(model_name)))
            cache.prune_stale()
        _remove_leftovers(out_dir)
        collector = _Collector(out_dir)
    except BaseException:
        if early is not None:
            early.close()
        raise
    timings: dict[str, float] = {}
    try:
        executor = early or make_executor(engine, model_name, rules_dir, workers, scheduler)
        try:
            with _progress(quiet) as advance:
                for outcome in stream_outcomes(iter_documents(inputs, glob), executor, cache):
                    collector.add(outcome)
                    advance(1)
            timings.update(executor.timings())
            mark = time.perf_counter()
            memory = {"peak_rss_mb_before_resolve": _peak_rss_mb()}
            # Near-duplicates by wording need only the sketches and texts: judged beside this
            # process (the bands cut between cores for a large corpus) while it resolves
            # entities and events.
            sketches, texts = collector.sketches.reader(), collector.texts.reader()
            cut = band_parts(parts_worth_cutting(len(sketches.ids), executor.cores))
            parts = [executor.call(text_pairs_in, sketches, texts, bands) for bands in cut]
            resolved = resolve(
                collector.articles, collector.extractions, rules_dir=rules_dir, texts=collector.texts,
                text_edges=lambda: [pair for part in parts for pair in part.result()],
            )
            mark = _lap(timings, "resolve", mark)
        finally:
            executor.close()
        counts = _write_outputs(out_dir, collector, resolved, formats)
        _lap(timings, "write", mark)
    finally:
        collector.discard()
    elapsed = time.perf_counter() - started
    docs = len(collector)
    manifest = _manifest(model_name, fingerprint, counts, elapsed, docs)
    manifest["engine"] = {"name": engine, "workers": workers}
    manifest["cache"] = {"enabled": cache is not None, "hits": cache.hits if cache else 0, "misses": cache.misses if cache else 0}
    manifest["stage_seconds"] = {k: round(v, 3) for k, v in sorted(timings.items())}
    manifest["memory"] = {**memory, "peak_rss_mb": _peak_rss_mb()}  # this process (workers apart)
    write_json(out_dir / "run.json", manifest)
    exit_code = 1 if collector.errors else 0
    if not quiet:
        _summary(counts, collector.errors, out_dir, elapsed)
    return RunResult(exit_code, counts, out_dir, timings)


def _remove_leftovers(out_dir: Path) -> None:
    """Temporary files of a run that was killed (outputs are only ever renamed into place)."""
    if not out_dir.is_dir():
        return
    from pipeline.io.spill import ExtractionStore, SketchStore, TextStore

    spilled = (TextStore.PREFIX, SketchStore.PREFIX, ExtractionStore.PREFIX)
    for name in (".articles.jsonl.", *spilled, *(f".{output}." for output in OUTPUT_FILES)):
        for leftover in out_dir.glob(f"{name}*.tmp"):
            with contextlib.suppress(OSError):
                leftover.unlink()


def _peak_rss_mb() -> float | None:
    try:
        import resource
    except ImportError:  # not on Windows
        return None
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _lap(timings: dict[str, float], stage: str, started: float) -> float:
    now = time.perf_counter()
    timings[stage] = timings.get(stage, 0.0) + now - started
    return now


def _write_outputs(out_dir: Path, collector: _Collector, resolved, formats) -> dict[str, int]:
    counts: dict[str, int] = {}
    counts["articles"] = collector.write_articles(out_dir / "articles.jsonl", resolved.duplicate_of)
    counts["dataset"] = write_jsonl(out_dir / "dataset.jsonl", (r.to_dict() for r in resolved.records))
    counts["entities"] = write_jsonl(out_dir / "entities.jsonl", (e.to_dict() for e in resolved.entities))
    counts["errors"] = write_jsonl(out_dir / "errors.jsonl", (e.to_dict() for e in collector.sorted_errors()))
    for kind in ("event", "result", "claim"):
        counts[kind] = sum(1 for r in resolved.records if r.type == kind)
    formats = [f for f in formats if f != "jsonl"]
    if formats:  # (the table writer imports pandas: only when asked for tables)
        for name in ("articles", "dataset", "entities"):
            write_table_copies(out_dir / f"{name}.jsonl", formats)
    return counts


def _manifest(model: str, fingerprint: str, counts: dict[str, int], elapsed: float, docs: int) -> dict[str, Any]:
    from pipeline.models import model_version, spacy_version

    return {
        "versions": {"wirefacts": __version__, "spacy": spacy_version(), "model": model_version(model)},
        "rules_fingerprint": fingerprint,
        "counts": counts,
        # Wall time and speed vary run to run; everything above them is deterministic.
        "wall_seconds": round(elapsed, 3),
        "docs_per_second": round(docs / elapsed, 2) if elapsed > 0 else None,
    }


class _progress:
    """A rich progress bar with docs/s on a terminal; silent otherwise."""

    def __init__(self, quiet: bool):
        self.enabled = not quiet and sys.stdout.isatty() and os.environ.get("CI") is None
        self.bar = None

    def __enter__(self) -> Callable[[int], None]:
        if not self.enabled:
            return lambda n: None
        from rich.progress import Progress, TextColumn, TimeElapsedColumn

        self.bar = Progress(TextColumn("extracting {task.completed} docs"), TextColumn("{task.fields[rate]} docs/s"), TimeElapsedColumn())
        self.bar.start()
        task = self.bar.add_task("extract", total=None, rate="-")
        started = time.perf_counter()
        done = [0]

        def advance(n: int) -> None:
            done[0] += n
            if done[0] % 16 == 0:
                rate = done[0] / max(1e-6, time.perf_counter() - started)
                self.bar.update(task, completed=done[0], rate=f"{rate:.1f}")

        return advance

    def __exit__(self, *exc):
        if self.bar:
            self.bar.stop()
        return False


def _summary(counts: dict[str, int], errors: list[ErrorRecord], out_dir: Path, elapsed: float) -> None:
    line = (
        f"wirefacts: {counts['articles']} articles, {counts['event']} events, {counts['result']} results, "
        f"{counts['claim']} claims, {counts['entities']} entities, {counts['errors']} errors "
        f"in {elapsed:.1f}s -> {out_dir}"
    )
    print(line, file=sys.stderr)
    for err in errors[:5]:
        # one line per error even for file names holding line breaks
        shown = err.path.replace("\r", "\\r").replace("\n", "\\n")
        print(f"  error: {shown}: {err.error}", file=sys.stderr)
    if len(errors) > 5:
        print(f"  ... {len(errors) - 5} more in {out_dir / 'errors.jsonl'}", file=sys.stderr)
