"""Benchmark 2: relationship map latency at depth 1, 2 and 3 from random customers.

Calls ``GraphStore.relationship_map`` in-process (default limit 500) from a
seeded sample of customers, after a short warm-up, one call at a time, and
reports p50/p95 per depth, with the share spent waiting for the engine and
the map sizes seen: once with every property (what ``elements`` reads) and
once with ids, labels and names only (what a query selecting no properties
reads).  At depth 2 it also replays each map's statements straight to the
engine, one after the other, with nothing decoded: the engine's own time for
the same map, which no change on this side can go below.

    .venv/bin/python -m tests.bench.bench_maps [--samples 200]
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import random
import time
from collections.abc import Iterator, Sequence
from typing import Any

from graph_model.columns import ColumnRead
from graph_model.engines.falkor import FalkorEngine
from graph_model.engines.falkor_columns import SEPARATOR
from graph_model.engines.falkor_statements import PACKED_READS
from graph_model.store import GraphStore
from tests.bench.common import BenchConfig, Result, Target, latency_ms, median, parser
from tests.bench.dataset import bench_store, synthetic_plan
from tests.bench.probes import EngineClock

DEPTHS = (1, 2, 3)
LIMIT = 500
WARMUP = 10
TARGET_P95_DEPTH2_MS = 20.0


def sample_customers(config: BenchConfig, count: int) -> list[str]:
    ids = [a.id for a in synthetic_plan(config).accounts]
    rng = random.Random(f"maps:{config.seed}")
    # With replacement when the graph has fewer customers than samples (quick runs).
    return rng.sample(ids, count) if count <= len(ids) else [rng.choice(ids) for _ in range(count)]


async def measure_depth(
    store: GraphStore, clock: EngineClock, roots: Sequence[str], depth: int, *, properties: bool = True
) -> dict[str, Any]:
    for root in roots[:WARMUP]:
        await store.relationship_map(root, depth=depth, limit=LIMIT, properties=properties)
    samples: list[float] = []
    engine_share: list[float] = []
    nodes: list[int] = []
    edges: list[int] = []
    truncated = 0
    for root in roots:
        clock.reset()
        started = time.perf_counter()
        graph = await store.relationship_map(root, depth=depth, limit=LIMIT, properties=properties)
        elapsed = time.perf_counter() - started
        samples.append(elapsed)
        engine_share.append(clock.total() / elapsed)
        assert graph is not None, f"customer {root} missing from the stored graph"
        nodes.append(len(graph.nodes))
        edges.append(len(graph.edges))
        truncated += graph.truncated
    return {
        "depth": depth,
        "properties": properties,
        "latency_ms": latency_ms(samples),
        "engine_share_median": round(median(engine_share), 3),
        "nodes_median": median(nodes),
        "nodes_max": max(nodes),
        "edges_median": median(edges),
        "truncated_share": round(truncated / len(roots), 3),
    }


Sent = tuple[str, dict[str, Any]]
_inside_read: contextvars.ContextVar[bool] = contextvars.ContextVar("replay_inside_read", default=False)


def _as_sent(engine: Any, statement: str | ColumnRead, params: dict[str, Any]) -> Sent:
    """A statement as the engine receives it: a column read in the engine's own form."""
    if not isinstance(statement, ColumnRead):
        return statement, dict(params)
    if isinstance(engine, FalkorEngine):
        return PACKED_READS[statement.name], {**params, "separator": SEPARATOR}
    return statement.statement, dict(params)


class StatementRecorder:
    """Records the statements a store sends, each as the engine receives it, while installed."""

    def __init__(self, store: GraphStore) -> None:
        self.sent: list[Sent] = []
        self._engine: Any = store.engine
        self._originals = {name: getattr(self._engine, name) for name in ("read", "read_columns")}

    def _recording(self, name: str) -> Any:
        original = self._originals[name]

        async def call(statement: Any, params: Any) -> Any:
            if _inside_read.get():
                # A column read's own statement: recorded once, as the column read.
                return await original(statement, params)
            self.sent.append(_as_sent(self._engine, statement, params))
            token = _inside_read.set(True)
            try:
                return await original(statement, params)
            finally:
                _inside_read.reset(token)

        return call

    @contextlib.contextmanager
    def installed(self) -> Iterator[list[Sent]]:
        self.sent = []
        for name in self._originals:
            setattr(self._engine, name, self._recording(name))
        try:
            yield self.sent
        finally:
            for name, original in self._originals.items():
                setattr(self._engine, name, original)


async def replay_depth(
    store: GraphStore, roots: Sequence[str], depth: int, *, properties: bool
) -> dict[str, Any]:
    """Each map's statements, recorded, then sent again one after the other without decoding."""
    recorder = StatementRecorder(store)
    samples: list[float] = []
    for root in roots:
        with recorder.installed() as sent:
            await store.relationship_map(root, depth=depth, limit=LIMIT, properties=properties)
        started = time.perf_counter()
        for statement, params in sent:
            await store.engine.read(statement, params)
        samples.append(time.perf_counter() - started)
    return {"depth": depth, "properties": properties, "latency_ms": latency_ms(samples)}


async def run_async(config: BenchConfig, samples: int) -> Result:
    result = Result("maps", f"Relationship map latency (store, limit {LIMIT})", {})
    roots = sample_customers(config, samples)
    async with bench_store(config) as (store, dataset):
        clock = EngineClock(store)
        per_depth = [await measure_depth(store, clock, roots, d) for d in DEPTHS]
        per_depth += [await measure_depth(store, clock, roots, d, properties=False) for d in DEPTHS]
        clock.restore()
        replays = [await replay_depth(store, roots, 2, properties=full) for full in (True, False)]
    result.figures = {
        "dataset": dataset,
        "limit": LIMIT,
        "roots": len(roots),
        "depths": per_depth,
        "engine_replay": replays,
    }
    result.summary += [
        f"depth {row['depth']}{_shape(row)}: {_latency(row)}, p99 {row['latency_ms']['p99']:.2f} ms; "
        f"median {row['nodes_median']:.0f} nodes / {row['edges_median']:.0f} edges, "
        f"{row['truncated_share']:.0%} truncated; engine {row['engine_share_median']:.0%} of the time "
        "(summed over reads, some of which overlap)"
        for row in per_depth
    ]
    result.summary += [
        f"depth 2{_shape(replay)}, the same statements replayed straight to the engine one after the "
        f"other: {_latency(replay)}"
        for replay in replays
    ]
    for row in per_depth:
        if row["depth"] == 2:
            figure = "map p95 at depth 2" + ("" if row["properties"] else " (ids, labels, names)")
            result.targets.append(Target(figure, row["latency_ms"]["p95"], TARGET_P95_DEPTH2_MS, "ms"))
    return result


def _shape(row: dict[str, Any]) -> str:
    return "" if row["properties"] else ", names only"


def _latency(row: dict[str, Any]) -> str:
    return f"p50 {row['latency_ms']['p50']:.2f} ms, p95 {row['latency_ms']['p95']:.2f} ms"


def main(argv: Sequence[str] | None = None) -> int:
    p = parser(__doc__)
    p.add_argument("--samples", type=int, default=200, help="customers per depth")
    args = p.parse_args(argv)
    config = BenchConfig.from_args(args)
    asyncio.run(run_async(config, args.samples)).finish(config.results_dir)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
