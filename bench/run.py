"""``make bench``: throughput, memory and scaling of wirefacts against plain spaCy.

In one run, over the generated corpus (``bench.generate``, 5,000 articles by default):

(a) the default wirefacts pipeline end to end (``run_pipeline``, one worker, no cache);
(b) the baseline: ``spacy.load(model).pipe(texts)`` with all components, same texts;
(c) wirefacts with ``--workers 2`` (speedup over (a), output byte-identical to (a));
(d) a warm re-run from the cache after adding 10 new articles (incremental run);
(e) memory at scale: wirefacts over 10x the corpus, peak RSS against the 5,000 run;
(f) pathological 1 MB inputs (one long line, many percent signs, deeply nested quotes);
and ``bench.entities_bench.main()`` when that module exists.

Each measurement runs in its own subprocess so that peak RSS (``ru_maxrss``) is its own.
Prints a table and writes ``bench/results.json``. Timings on a shared machine are noisy:
the ratios are what count.
"""

from __future__ import annotations

import argparse
import filecmp
import importlib.util
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
COMPARED = ("articles.jsonl", "dataset.jsonl", "entities.jsonl", "errors.jsonl")
PATHO_TIMEOUT = 300
TARGETS = {"speedup_vs_spacy": 3.0, "workers_2_speedup": 1.7, "rss_mb_per_worker": 600, "rss_scale_ratio": 1.2}


# --------------------------------------------------------------------------- children


def _rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # KiB on Linux


def _cpu_s() -> float:
    """CPU seconds of this process and its finished children (workers): unlike wall time,
    barely moved by other jobs sharing the machine."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def child_wirefacts(corpus: str, out: str, workers: int, cache: bool, engine: str) -> dict:
    from pipeline.engine import run_pipeline

    started = time.perf_counter()
    result = run_pipeline([corpus], Path(out), workers=workers, quiet=True, use_cache=cache, engine=engine)
    wall = time.perf_counter() - started
    _reap_children()  # worker processes wind down after the run returns: count their CPU and RSS
    manifest = json.loads((Path(out) / "run.json").read_text())
    return {
        "wall": wall,
        "docs": result.counts.get("articles", 0),
        "stages": result.timings,
        "cache": manifest.get("cache"),
        "cpu": _cpu_s(),
        "rss_main_mb": _rss_mb(resource.RUSAGE_SELF),
        "rss_worker_mb": _rss_mb(resource.RUSAGE_CHILDREN),  # largest worker process
    }


def _reap_children(timeout: float = 60.0) -> None:
    """Wait until every child process has exited and been reaped (RUSAGE_CHILDREN counts
    only reaped children)."""
    import multiprocessing

    deadline = time.monotonic() + timeout
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.05)


def child_spacy(corpus: str, model: str | None) -> dict:
    import spacy

    from pipeline.models import default_model

    started = time.perf_counter()
    texts = [p.read_text(encoding="utf-8") for p in sorted(Path(corpus).rglob("*.txt"))]
    nlp = spacy.load(model or default_model())
    docs = 0
    for _ in nlp.pipe(texts):
        docs += 1
    wall = time.perf_counter() - started
    return {"wall": wall, "docs": docs, "cpu": _cpu_s(), "rss_main_mb": _rss_mb(resource.RUSAGE_SELF), "rss_worker_mb": 0.0}


_CODE = {"root": ROOT}  # where the children import the package from (a frozen copy during a bench)


def snapshot(tmp: Path) -> Path:
    """Copy the package, rules and bench code, so every run of one bench measures the same
    code (the working tree may change under a long bench) and the cache stays valid."""
    target = tmp / "code"
    ignore = shutil.ignore_patterns("__pycache__", "corpus", "*.pyc", "results.json")
    for name in ("pipeline", "rules", "bench"):
        shutil.copytree(ROOT / name, target / name, ignore=ignore)
    return target


def _child(kind: str, *args: str, timeout: float | None = None) -> dict:
    """Run one measurement in a fresh interpreter; its last stdout line is the JSON result."""
    cmd = [sys.executable, "-m", "bench.run", "--child", kind, *args]
    proc = subprocess.run(cmd, cwd=_CODE["root"], capture_output=True, text=True, timeout=timeout)
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"bench child {kind} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- helpers


def words_in(corpus: Path) -> int:
    return sum(len(p.read_text(encoding="utf-8").split()) for p in corpus.rglob("*.txt"))


def identical(a: Path, b: Path) -> bool:
    return all(filecmp.cmp(a / name, b / name, shallow=False) for name in COMPARED)


def rate(n: float, seconds: float) -> float:
    return round(n / seconds, 2) if seconds > 0 else 0.0


def pathological(tmp: Path) -> dict[str, float | str]:
    """Seconds for a run over each hostile 1 MB input (no catastrophic backtracking)."""
    size = 1_000_000
    inputs = {
        "long_line": ("The count went on through the night and the turnout was high " * 20000)[:size],
        "many_percents": ("12.5% 7,3 % 99.99 percent " * 40000)[:size],
        "nested_quotes": ('He said "she said \u201cthey said \'' * 30000)[:size] + ' end."',
    }
    timings: dict[str, float | str] = {}
    for name, text in inputs.items():
        folder = tmp / f"patho-{name}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        try:
            found = _child("wirefacts", str(folder), str(tmp / f"out-{name}"), "1", "0", "local", timeout=PATHO_TIMEOUT)
            timings[name] = round(found["wall"], 2)
        except subprocess.TimeoutExpired:
            timings[name] = f"> {PATHO_TIMEOUT} s (timed out)"
        print(f"  pathological {name}: {timings[name]}", flush=True)
    return timings


def stage_shares(stages: dict[str, float]) -> dict[str, float]:
    total = sum(stages.values()) or 1.0
    return {k: round(100 * v / total, 1) for k, v in sorted(stages.items(), key=lambda kv: -kv[1])}


# --------------------------------------------------------------------------- main


def bench(n: int, scale: int, workers: int, skip_scale: bool, skip_patho: bool, skip_entities: bool = False) -> dict:
    from bench.generate import article, ensure

    corpus = ensure(HERE / "corpus" / str(n), n)
    words = words_in(corpus)
    tmp = Path(tempfile.mkdtemp(prefix="wirefacts-bench-"))
    results: dict = {"corpus": {"articles": n, "words": words, "path": str(corpus)}}
    try:
        _CODE["root"] = snapshot(tmp)
        print(f"corpus: {n} articles, {words} words ({corpus})", flush=True)
        a = _child("wirefacts", str(corpus), str(tmp / "a"), "1", "0", "local")
        print(f"  (a) wirefacts, 1 worker: {a['wall']:.1f} s", flush=True)
        b = _child("spacy", str(corpus))
        print(f"  (b) spaCy baseline: {b['wall']:.1f} s", flush=True)
        c = _child("wirefacts", str(corpus), str(tmp / "c"), str(workers), "0", "local")
        print(f"  (c) wirefacts, {workers} workers: {c['wall']:.1f} s", flush=True)
        results["wirefacts"] = {**_rates(a, words), "stage_share_pct": stage_shares(a["stages"])}
        results["spacy_baseline"] = _rates(b, words)
        results[f"wirefacts_workers_{workers}"] = {**_rates(c, words), "identical_to_1_worker": identical(tmp / "a", tmp / "c")}
        results["ratios"] = {
            "speedup_vs_spacy": round(results["wirefacts"]["docs_per_s"] / results["spacy_baseline"]["docs_per_s"], 2),
            # The same ratio in CPU time: robust when other jobs share the machine.
            "speedup_vs_spacy_cpu": round(b["cpu"] / a["cpu"], 2),
            "workers_2_speedup": round(a["wall"] / c["wall"], 2),
        }
        # Incremental: a cold cached run, then the same folder plus 10 new articles.
        incr = tmp / "incr"
        shutil.copytree(corpus, incr)
        _child("wirefacts", str(incr), str(tmp / "d"), "1", "1", "local")
        extra = incr / "new"
        extra.mkdir()
        for i in range(10):
            (extra / f"new{i}.txt").write_text(article(1, i * 10), encoding="utf-8")
        d = _child("wirefacts", str(incr), str(tmp / "d"), "1", "1", "local")
        results["incremental"] = {"wall_s": round(d["wall"], 2), "extracted": d["cache"]["misses"], "from_cache": d["cache"]["hits"]}
        if not skip_scale:
            big = ensure(HERE / "corpus" / str(n * scale), n * scale)
            e = _child("wirefacts", str(big), str(tmp / "e"), str(workers), "0", "local")
            results["scale"] = {
                "articles": n * scale,
                "docs_per_s": rate(e["docs"], e["wall"]),
                "rss_main_mb": round(e["rss_main_mb"]),
                "rss_worker_mb": round(e["rss_worker_mb"]),
                "rss_main_ratio_vs_small": round(e["rss_main_mb"] / c["rss_main_mb"], 2),
                "rss_peak_ratio_vs_small": round(max(e["rss_main_mb"], e["rss_worker_mb"]) / max(c["rss_main_mb"], c["rss_worker_mb"]), 2),
            }
        if not skip_patho:
            results["pathological_1mb_s"] = pathological(tmp)
        if not skip_entities and importlib.util.find_spec("bench.entities_bench") is not None:
            from bench import entities_bench

            print("entities bench:", flush=True)
            results["entities_bench_exit"] = entities_bench.main([])
    finally:
        _CODE["root"] = ROOT
        shutil.rmtree(tmp, ignore_errors=True)
    return results


def _rates(found: dict, words: int) -> dict:
    return {
        "wall_s": round(found["wall"], 2),
        "cpu_s": round(found["cpu"], 2),
        "docs_per_s": rate(found["docs"], found["wall"]),
        "docs_per_cpu_s": rate(found["docs"], found["cpu"]),
        "words_per_s": rate(words, found["wall"]),
        "rss_main_mb": round(found["rss_main_mb"]),
        "rss_worker_mb": round(found["rss_worker_mb"]),
    }


def print_table(results: dict) -> None:
    rows = [("wirefacts (1 worker)", results["wirefacts"]), ("spaCy baseline", results["spacy_baseline"])]
    rows += [(k.replace("_", " "), v) for k, v in results.items() if k.startswith("wirefacts_workers_")]
    print(f"\n{'run':<24}{'docs/s':>10}{'words/s':>12}{'wall s':>9}{'CPU s':>9}{'docs/CPU s':>12}{'RSS main MB':>13}{'RSS worker MB':>15}")
    for name, r in rows:
        print(
            f"{name:<24}{r['docs_per_s']:>10}{r['words_per_s']:>12}{r['wall_s']:>9}{r['cpu_s']:>9}{r['docs_per_cpu_s']:>12}"
            f"{r['rss_main_mb']:>13}{r['rss_worker_mb']:>15}"
        )
    ratios = results["ratios"]
    print(f"\nwirefacts / spaCy docs/s: {ratios['speedup_vs_spacy']}x wall, {ratios['speedup_vs_spacy_cpu']}x CPU (target >= {TARGETS['speedup_vs_spacy']})")
    print(f"workers 2 / workers 1:    {ratios['workers_2_speedup']}x (target >= {TARGETS['workers_2_speedup']})")
    print("byte-identical across workers:", next(v["identical_to_1_worker"] for k, v in results.items() if k.startswith("wirefacts_workers_")))
    print("stage share of time (%):", ", ".join(f"{k} {v}" for k, v in results["wirefacts"]["stage_share_pct"].items()))
    inc = results["incremental"]
    print(f"incremental re-run (+10 articles): {inc['extracted']} extracted, {inc['from_cache']} from cache, {inc['wall_s']} s")
    if "scale" in results:
        s = results["scale"]
        print(
            f"scale {s['articles']} articles: {s['docs_per_s']} docs/s, RSS main {s['rss_main_mb']} MB, worker {s['rss_worker_mb']} MB\n"
            f"  peak RSS of the largest process vs {results['corpus']['articles']}: {s['rss_peak_ratio_vs_small']}x "
            f"(target <= {TARGETS['rss_scale_ratio']}); main process alone: {s['rss_main_ratio_vs_small']}x "
            "(its resolve state grows with the corpus)"
        )
    if "pathological_1mb_s" in results:
        print("pathological 1 MB inputs (s):", results["pathological_1mb_s"])
    print("(timings are noisy on a shared machine: the ratios are what count)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="wirefacts benchmark")
    parser.add_argument("--n", type=int, default=int(os.environ.get("BENCH_N", 5000)))
    parser.add_argument("--scale", type=int, default=10, help="memory run over n*scale articles")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--skip-patho", action="store_true")
    parser.add_argument("--skip-entities", action="store_true")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, *rest = args.child
        if kind == "wirefacts":
            corpus, out, workers, cache, engine = rest
            found = child_wirefacts(corpus, out, int(workers), cache == "1", engine)
        else:
            found = child_spacy(rest[0], None)
        print(json.dumps(found))
        return 0
    results = bench(args.n, args.scale, args.workers, args.skip_scale, args.skip_patho, args.skip_entities)
    print_table(results)
    (HERE / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {HERE / 'results.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
