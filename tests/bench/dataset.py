"""The stored graph the benchmarks share, loaded once and reused across runs.

A load of 100k stakeholders takes most of a minute, so the graph stays in
its data directory (``/tmp/relgraph-bench-100k`` by default) with a marker
file naming the size and seed it was loaded with.  It is reused when the
marker matches and the graph version is above zero, and reloaded otherwise.

The embedded engine is shared by data directory: while one process (say
``run_all``) holds the store open, every other process opening the same
directory joins that engine instead of starting its own, so each benchmark
subprocess starts in a fraction of a second.

    .venv/bin/python -m tests.bench.dataset            # load if missing, print what is there
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

from graph_model.gc_pauses import long_lived_frozen
from graph_model.settings import StoreSettings
from graph_model.store import GraphStore
from graph_model.store_lifecycle import open_store
from seeds.loading import load_synthetic
from seeds.synthetic import SyntheticPlan, plan
from tests.bench.common import BenchConfig

MARKER_NAME = "bench-dataset.json"
LOCK_NAME = "bench-dataset.lock"


def store_settings(config: BenchConfig) -> StoreSettings:
    return config.store_settings()


def read_marker(config: BenchConfig) -> dict[str, Any] | None:
    path = config.data_dir / MARKER_NAME
    try:
        marker: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return marker


def _matches(marker: dict[str, Any] | None, config: BenchConfig) -> bool:
    return (
        marker is not None
        and marker.get("stakeholders") == config.stakeholders
        and marker.get("seed") == config.seed
        and marker.get("graph_name") == config.graph_name
    )


@contextlib.contextmanager
def _locked(data_dir: Path) -> Iterator[None]:
    """One loader per data directory, even when several benchmarks start at once."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with open(data_dir / LOCK_NAME, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


async def ensure_loaded(store: GraphStore, config: BenchConfig) -> dict[str, Any]:
    """Load the synthetic graph unless the marker says it is already there."""
    with _locked(config.data_dir):
        marker = read_marker(config)
        version = await store.version()
        if _matches(marker, config) and version > 0:
            assert marker is not None
            return {**marker, "reused": True, "version": version}
        if version > 0:
            # Another size or seed: start over rather than mix two graphs.
            await store.engine.drop_all()
            # Dropping the graph drops its indexes; without them every MERGE scans.
            await store.engine.ensure_schema()
        (config.data_dir / MARKER_NAME).unlink(missing_ok=True)
        report = await load_synthetic(store, config.stakeholders, config.seed, progress=False)
        started = time.perf_counter()
        await store.compact()
        compact_seconds = time.perf_counter() - started
        marker = {
            "stakeholders": config.stakeholders,
            "seed": config.seed,
            "graph_name": config.graph_name,
            "nodes": report.nodes,
            "relationships": report.relationships,
            "load_seconds": round(report.seconds, 2),
            "compact_seconds": round(compact_seconds, 2),
            "loaded_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
        (config.data_dir / MARKER_NAME).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")
        return {**marker, "reused": False, "version": await store.version()}


@contextlib.asynccontextmanager
async def bench_store(config: BenchConfig) -> AsyncIterator[tuple[GraphStore, dict[str, Any]]]:
    """The shared graph's store (loaded if missing) and what the marker says about it."""
    async with open_store(store_settings(config)) as store:
        info = await ensure_loaded(store, config)
        # As the service does once it has started (see ``api.app``).
        with long_lived_frozen():
            yield store, info


def synthetic_plan(config: BenchConfig) -> SyntheticPlan:
    """The generator's own plan: customer ids, sizes and industries without asking the store."""
    return plan(config.stakeholders, seed=config.seed)


def main() -> int:
    import asyncio

    from tests.bench.common import parser

    args = parser(__doc__).parse_args()
    config = BenchConfig.from_args(args)

    async def run() -> dict[str, Any]:
        async with bench_store(config) as (_, info):
            return info

    print(json.dumps(asyncio.run(run()), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
