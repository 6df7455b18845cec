"""Run orchestration: read -> normalize -> extract (per article) -> resolve (corpus) -> write.

The per-article half (``extract_texts``) is a pure function of (article, rules, model) and
runs in worker processes; the corpus half sees only compact ``Extraction`` records.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import __version__
from pipeline.article import build_article, error_article
from pipeline.io.readers import RawDoc, ReadError, iter_documents
from pipeline.io.writers import write_json, write_jsonl, write_table_copies
from pipeline.records import Article, ErrorRecord, Extraction, Mention

CHUNK_CHARS = 100_000  # spaCy's parser wants bounded docs; long articles are cut at paragraphs
BATCH_SIZE = 32
OUTPUT_FILES = ("articles.jsonl", "dataset.jsonl", "entities.jsonl", "errors.jsonl", "run.json")


@dataclass
class RunResult:
    exit_code: int
    counts: dict[str, int] = field(default_factory=dict)
    out_dir: Path | None = None


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
        article = _normalize(item, errors)
        articles.append(article)
    return articles, errors


def _normalize(raw: RawDoc, errors: list[ErrorRecord]) -> Article:
    try:
        article = build_article(raw)
    except Exception as exc:  # a normalizer bug must cost one article, never the batch
        message = f"normalization failed: {type(exc).__name__}: {exc}"
        errors.append(ErrorRecord(raw.path, "normalize", message))
        return error_article(raw.path, message)
    if not article.text.strip():
        message = "no article text after removing headers"
        errors.append(ErrorRecord(raw.path, "normalize", message))
        return error_article(raw.path, message)
    return article


# --------------------------------------------------------------------------- extraction


@dataclass(frozen=True)
class Task:
    """What a worker needs for one article: picklable, small."""

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
    """Holds one loaded pipeline; turns tasks into Extractions in input order."""

    def __init__(self, model: str | None = None, rules_dir: Path | None = None):
        from pipeline.nlp import load_nlp

        self.nlp = load_nlp(model, rules_dir)

    def run(self, tasks: list[Task]) -> list[Extraction | str]:
        """An Extraction per task, or an error message for a task that failed."""
        from pipeline.extract import extract

        pieces = [(i, offset, text) for i, task in enumerate(tasks) for offset, text in chunks(task.text)]
        docs = (self._make_doc(tasks[i], text, offset) for i, offset, text in pieces)
        partial: dict[int, list[Extraction]] = {}
        failed: dict[int, str] = {}
        try:
            for (i, offset, _), doc in zip(pieces, self.nlp.pipe(docs, batch_size=BATCH_SIZE)):
                partial.setdefault(i, []).append(_shift(extract(doc, tasks[i].article_id), offset))
        except Exception:
            # A batch failed: redo one article at a time so only the culprit is lost.
            partial, failed = self._one_by_one(tasks)
        return [failed[i] if i in failed else _merge(tasks[i].article_id, partial.get(i, [])) for i in range(len(tasks))]

    def _one_by_one(self, tasks: list[Task]) -> tuple[dict[int, list[Extraction]], dict[int, str]]:
        from pipeline.extract import extract

        partial: dict[int, list[Extraction]] = {}
        failed: dict[int, str] = {}
        for i, task in enumerate(tasks):
            try:
                for offset, text in chunks(task.text):
                    doc = self.nlp(self._make_doc(task, text, offset))
                    partial.setdefault(i, []).append(_shift(extract(doc, task.article_id), offset))
            except Exception as exc:
                failed[i] = f"extraction failed: {type(exc).__name__}: {str(exc)[:200]}"
        return partial, failed

    def _make_doc(self, task: Task, text: str, offset: int):
        doc = self.nlp.make_doc(text)
        doc._.wf_article = {
            "id": task.article_id,
            "date": task.date,
            "place": task.place,
            "title": task.title,
            "offset": offset,
        }
        return doc


def _shift(ext: Extraction, offset: int) -> Extraction:
    if not offset:
        return ext
    from dataclasses import replace

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
    from dataclasses import replace

    merged = Extraction(article_id)
    base = 0
    for part in parts:
        shifted_results = tuple(
            replace(r, event_index=r.event_index + base) if r.event_index is not None else r for r in part.results
        )
        merged = Extraction(
            article_id,
            merged.events + part.events,
            merged.results + shifted_results,
            merged.claims + part.claims,
            merged.names + part.names,
            tuple(dict.fromkeys(merged.acronyms + part.acronyms)),
        )
        base += len(part.events)
    return merged


_WORKER: Extractor | None = None


def _init_worker(model: str | None, rules_dir: str | None) -> None:
    global _WORKER  # one pipeline per worker process, loaded once
    _WORKER = Extractor(model, Path(rules_dir) if rules_dir else None)


def _work(tasks: list[Task]) -> list[Extraction | str]:
    assert _WORKER is not None
    return _WORKER.run(tasks)


def extract_all(
    tasks: list[Task], model: str | None, rules_dir: Path | None, workers: int = 1, progress=None
) -> Iterator[tuple[Task, Extraction | str]]:
    """Extractions in task order, whatever the number of workers."""
    batches = [tasks[i : i + BATCH_SIZE] for i in range(0, len(tasks), BATCH_SIZE)]
    if workers <= 1 or len(batches) <= 1:
        extractor = Extractor(model, rules_dir)
        for batch in batches:
            yield from zip(batch, extractor.run(batch))
            if progress:
                progress(len(batch))
        return
    with ProcessPoolExecutor(
        max_workers=workers, initializer=_init_worker, initargs=(model, str(rules_dir) if rules_dir else None)
    ) as pool:
        for batch, results in zip(batches, pool.map(_work, batches)):
            yield from zip(batch, results)
            if progress:
                progress(len(batch))


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
) -> RunResult:
    from pipeline.nlp import default_model
    from pipeline.resolve import resolve
    from pipeline.rules import default_rules_dir, load_rules

    started = time.perf_counter()
    out_dir = Path(out_dir)
    rules_dir = rules_dir or default_rules_dir()
    rules = load_rules(rules_dir)  # RuleError surfaces before any work (exit 2)
    model_name = model or default_model()
    articles, errors = read_articles(inputs, glob)
    ok_articles = [a for a in articles if a.status == "ok"]
    extractions: list[Extraction] = []
    failed: dict[str, str] = {}
    with _progress(len(ok_articles), quiet) as advance:
        for task, result in extract_all([task_of(a) for a in ok_articles], model_name, rules_dir, workers, advance):
            if isinstance(result, str):
                failed[task.article_id] = result
            else:
                extractions.append(result)
    if failed:
        articles, errors = _mark_failed(articles, errors, failed)
    resolved = resolve([a for a in articles if a.status == "ok"], extractions, rules_dir=rules_dir)
    articles = [_with_duplicate(a, resolved.duplicate_of) for a in articles]
    counts = _write_outputs(out_dir, articles, resolved, errors, formats)
    elapsed = time.perf_counter() - started
    manifest = _manifest(model_name, rules.fingerprint, counts, elapsed, len(ok_articles))
    write_json(out_dir / "run.json", manifest)
    exit_code = 1 if errors else 0
    if not quiet:
        _summary(counts, errors, out_dir, elapsed)
    return RunResult(exit_code, counts, out_dir)


def _mark_failed(articles: list[Article], errors: list[ErrorRecord], failed: dict[str, str]):
    out = []
    for article in articles:
        if article.id in failed and article.status == "ok":
            errors.append(ErrorRecord(article.path, "extract", failed[article.id]))
            out.append(error_article(article.path, failed[article.id]))
        else:
            out.append(article)
    return out, errors


def _with_duplicate(article: Article, duplicate_of: dict[str, str]) -> Article:
    from dataclasses import replace

    rep = duplicate_of.get(article.id)
    return replace(article, duplicate_of=rep) if rep and rep != article.id else article


def _write_outputs(out_dir: Path, articles, resolved, errors, formats) -> dict[str, int]:
    counts: dict[str, int] = {}
    counts["articles"] = write_jsonl(out_dir / "articles.jsonl", (a.to_dict() for a in articles))
    counts["dataset"] = write_jsonl(out_dir / "dataset.jsonl", (r.to_dict() for r in resolved.records))
    counts["entities"] = write_jsonl(out_dir / "entities.jsonl", (e.to_dict() for e in resolved.entities))
    counts["errors"] = write_jsonl(out_dir / "errors.jsonl", (e.to_dict() for e in errors))
    for kind in ("event", "result", "claim"):
        counts[kind] = sum(1 for r in resolved.records if r.type == kind)
    formats = list(formats)
    for name in ("articles", "dataset", "entities"):
        write_table_copies(out_dir / f"{name}.jsonl", formats)
    return counts


def _manifest(model: str, fingerprint: str, counts: dict[str, int], elapsed: float, docs: int) -> dict[str, Any]:
    import spacy

    return {
        "versions": {"wirefacts": __version__, "spacy": spacy.__version__, "model": _model_version(model)},
        "rules_fingerprint": fingerprint,
        "counts": counts,
        # Wall time and speed vary run to run; everything above them is deterministic.
        "wall_seconds": round(elapsed, 3),
        "docs_per_second": round(docs / elapsed, 2) if elapsed > 0 else None,
    }


def _model_version(model: str) -> str:
    if model == "blank":
        return "blank"
    try:
        from importlib.metadata import version

        return f"{model}=={version(model.replace('_', '-'))}"
    except Exception:
        return model


class _progress:
    """A rich progress bar with docs/s on a terminal; silent otherwise."""

    def __init__(self, total: int, quiet: bool):
        self.enabled = not quiet and sys.stdout.isatty() and os.environ.get("CI") is None
        self.total = total
        self.bar = None

    def __enter__(self):
        if not self.enabled:
            return None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.bar = Progress(
            TextColumn("extracting"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[rate]} docs/s"), TimeElapsedColumn(),
        )
        self.bar.start()
        self.task = self.bar.add_task("extract", total=self.total, rate="-")
        self.started = time.perf_counter()
        self.done = 0

        def advance(n: int) -> None:
            self.done += n
            rate = self.done / max(1e-6, time.perf_counter() - self.started)
            self.bar.update(self.task, advance=n, rate=f"{rate:.1f}")

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
        print(f"  error: {err.path}: {err.error}", file=sys.stderr)
    if len(errors) > 5:
        print(f"  ... {len(errors) - 5} more in {out_dir / 'errors.jsonl'}", file=sys.stderr)
