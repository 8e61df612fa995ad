"""Benchmark 3: export of the whole graph for analytics, in edges per second.

Times ``store.export_scope(ExportScope.everything())`` (one warm-up, then the
median of ``--repeats``) and reports the time of the engine calls for nodes
and for edges (both include decoding the reply).  The store sends those
reads concurrently, so their times overlap each other and the Python that
turns columns into ``ExportedNode``/``ExportedEdge`` records.

    .venv/bin/python -m tests.bench.bench_export [--repeats 3]
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from typing import Any

from graph_model import cypher
from graph_model.analytics_export import ExportScope
from graph_model.engines.falkor_columns import SEPARATOR, packed_statement
from graph_model.gc_pauses import gc_paused
from graph_model.store import GraphStore
from tests.bench.common import BenchConfig, Result, Target, median, parser
from tests.bench.dataset import bench_store
from tests.bench.probes import EngineClock

TARGET_EDGES_PER_SECOND = 200_000


def _is_nodes(name: str) -> bool:
    return name.startswith("EXPORT_") and name.endswith("_NODES")


def _is_edges(name: str) -> bool:
    return name.startswith("EXPORT_") and name.endswith("_EDGES")


async def one_run(store: GraphStore, clock: EngineClock) -> dict[str, Any]:
    clock.reset()
    started = time.perf_counter()
    export = await store.export_scope(ExportScope.everything())
    seconds = time.perf_counter() - started
    nodes_s, edges_s = clock.total(_is_nodes), clock.total(_is_edges)
    return {
        "seconds": seconds,
        "nodes": len(export.nodes),
        "edges": len(export.edges),
        "engine_nodes_seconds": nodes_s,
        "engine_edges_seconds": edges_s,
        "statements": clock.report(),
    }


async def engine_floor(store: GraphStore) -> dict[str, dict[str, float]]:
    """What the engine alone costs: its own execution time, and the raw reply with no decoding.

    Sends the export statements straight to the engine connection: the
    server-reported execution time is what no client change can remove; the
    raw wall time adds serialising, the socket and hiredis, before any of
    relgraph's decoding.
    """
    engine: Any = store.engine
    connection = engine._db.connection
    graph_name = engine._graph_name
    floor: dict[str, dict[str, float]] = {}
    header = engine._graph._build_params_header({"separator": SEPARATOR})
    for kind, reads in (
        ("nodes", cypher.EXPORT_LABEL_NODES.values()),
        ("edges", cypher.EXPORT_TYPE_EDGES.values()),
    ):
        server = wall = 0.0
        for read in reads:
            statement = header + packed_statement(read)
            # Collector paused as in the store's own bulk reads.
            with gc_paused():
                started = time.perf_counter()
                reply = await connection.execute_command("GRAPH.RO_QUERY", graph_name, statement, "--compact")
                wall += time.perf_counter() - started
            stats = [s for s in reply[-1] if "execution time" in s]
            server += float(stats[0].split(":")[1].split()[0]) / 1000 if stats else float("nan")
        floor[kind] = {"server_seconds": round(server, 3), "raw_reply_seconds": round(wall, 3)}
    return floor


async def run_async(config: BenchConfig, repeats: int) -> Result:
    result = Result("export", "Whole-graph export for analytics", {})
    async with bench_store(config) as (store, dataset):
        clock = EngineClock(store)
        await one_run(store, clock)
        runs = [await one_run(store, clock) for _ in range(repeats)]
        clock.restore()
        try:
            floor: dict[str, Any] = await engine_floor(store)
        except Exception as exc:  # the probe reaches into the client; never fail the benchmark over it
            floor = {"error": f"{type(exc).__name__}: {exc}"}
    seconds = median([r["seconds"] for r in runs])
    edges = runs[0]["edges"]
    rate = edges / seconds
    split = {
        key: round(median([r[key] for r in runs]), 3)
        for key in ("engine_nodes_seconds", "engine_edges_seconds")
    }
    result.figures = {
        "dataset": dataset,
        "nodes": runs[0]["nodes"],
        "edges": edges,
        "seconds_median": round(seconds, 3),
        "seconds_all": [round(r["seconds"], 3) for r in runs],
        "edges_per_second": round(rate),
        "split_median_seconds": split,
        "engine_floor": floor,
        "statements_last_run": runs[-1]["statements"],
    }
    result.summary.append(
        f"{runs[0]['nodes']:,} nodes + {edges:,} edges in {seconds:.2f} s (median of {repeats}): "
        f"{rate:,.0f} edges/s"
    )
    result.summary.append(
        f"engine calls, summed though they run concurrently: nodes {split['engine_nodes_seconds']:.2f} s, "
        f"edges {split['engine_edges_seconds']:.2f} s (both include decoding)"
    )
    if "edges" in floor:
        raw = floor["nodes"]["raw_reply_seconds"] + floor["edges"]["raw_reply_seconds"]
        result.summary.append(
            f"engine floor: server execution nodes {floor['nodes']['server_seconds']:.2f} s + edges "
            f"{floor['edges']['server_seconds']:.2f} s; raw replies one after another, "
            f"without decoding, {raw:.2f} s ({edges / raw:,.0f} edges/s)"
        )
    result.targets.append(Target("export rate", rate, TARGET_EDGES_PER_SECOND, "edges/s", "higher"))
    return result


def main(argv: Sequence[str] | None = None) -> int:
    p = parser(__doc__)
    p.add_argument("--repeats", type=int, default=3)
    args = p.parse_args(argv)
    config = BenchConfig.from_args(args)
    asyncio.run(run_async(config, args.repeats)).finish(config.results_dir)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
