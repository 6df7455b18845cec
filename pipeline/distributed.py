"""``--engine dask``: the per-article half on Dask workers, the corpus half here.

A ``WorkerPlugin`` loads the pipeline once per worker when the worker joins (not per
task); tasks are batches of raw documents (``engine.BATCH_SIZE``), submitted with a bounded
number in flight and collected in input order, so the output is byte-identical to the
local engine. The plugin carries the rule files themselves (a remote worker need not see
this machine's disk); workers need the package and the spaCy model installed.

Without ``--scheduler`` a LocalCluster is started: worker processes (default 2), one
thread each, bound to loopback, no dashboard.
"""

from __future__ import annotations

import logging
import tempfile
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from distributed import Client, LocalCluster, WorkerPlugin, get_worker

from pipeline.engine import relay_outcomes, run_here
from pipeline.io.readers import RawDoc

PLUGIN_NAME = "wirefacts-extractor"
DEFAULT_WORKERS = 2


def rule_files(rules_dir: Path) -> dict[str, bytes]:
    """Every file under the rules folder, by relative path (shipped to the workers)."""
    rules_dir = Path(rules_dir)
    return {p.relative_to(rules_dir).as_posix(): p.read_bytes() for p in sorted(rules_dir.rglob("*")) if p.is_file()}


class ExtractorPlugin(WorkerPlugin):
    """Loads one ``Extractor`` per worker at setup; tasks reuse it."""

    name = PLUGIN_NAME

    def __init__(self, model: str | None, rules: dict[str, bytes]):
        self.model = model
        self.rules = rules
        self.extractor: Any = None
        self._dir: tempfile.TemporaryDirectory | None = None

    def setup(self, worker) -> None:
        from pipeline.engine import Extractor

        self._dir = tempfile.TemporaryDirectory(prefix="wirefacts-rules-")
        root = Path(self._dir.name)
        for name, data in self.rules.items():
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        self.extractor = Extractor(self.model, root)

    def teardown(self, worker) -> None:
        if self._dir is not None:
            self._dir.cleanup()


def process_batch(raws: list[RawDoc]) -> tuple[list, dict[str, float]]:
    """The Dask task: outcomes for one batch, plus the stage seconds it took."""
    extractor = get_worker().plugins[PLUGIN_NAME].extractor
    before = dict(extractor.timings)
    outcomes = extractor.process(raws)
    return outcomes, {k: v - before.get(k, 0.0) for k, v in extractor.timings.items()}


class DaskExecutor:
    """Submits batches to a Dask cluster (an existing one, or a LocalCluster it owns)."""

    def __init__(self, model: str | None, rules_dir: Path, workers: int = DEFAULT_WORKERS, scheduler: str | None = None):
        self.cluster = None
        if scheduler:
            self.client = Client(scheduler)
        else:
            n = workers if workers > 1 else DEFAULT_WORKERS
            self.cluster = LocalCluster(
                n_workers=n,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            self.client = Client(self.cluster)
        self.client.register_plugin(ExtractorPlugin(model, rule_files(rules_dir)), name=PLUGIN_NAME)
        # Enough batches in flight to keep every worker busy while the next one is queued.
        self.slots = 2 * max(1, len(self.client.scheduler_info().get("workers", {})))
        self.cores = 1  # ``call`` runs here, one at a time
        self._timings: dict[str, float] = {}

    def submit(self, raws: list[RawDoc]) -> Future:
        return relay_outcomes(self.client.submit(process_batch, raws, pure=False), self._timings)

    def call(self, fn, *args) -> Future:
        # Corpus-level work reads the run's temporary files: in this process, not on a cluster.
        return run_here(fn, *args)

    def timings(self) -> dict[str, float]:
        return dict(self._timings)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
