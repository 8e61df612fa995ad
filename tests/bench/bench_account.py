"""Benchmark 5: account analytics (coverage gaps, influencers) on one ~200-stakeholder account.

Through ``AnalyticsService`` as the API calls it:

- cold: a new service per sample, so every call exports the account,
  projects it and computes;
- cached: one service, projection cached by graph version, so a call is
  the version check, the visibility check and the computation.

Then the influence computation alone on the same projected graph with each
backend (the service picks networkx below its fast-path size), as a ratio.

    .venv/bin/python -m tests.bench.bench_account [--cold 30] [--cached 200]
"""

from __future__ import annotations

import asyncio
import functools
import random
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import networkx as nx

from algorithms.influence import influence_scores
from algorithms.influence._backend import FAST_PATH_FROM
from algorithms.projection import people_graph
from api.analytics.service import AnalyticsService
from graph_model.access import EVERYTHING
from graph_model.export import ExportScope
from graph_model.store import GraphStore
from tests.bench.common import BenchConfig, Result, Target, latency_ms, median, parser, timed
from tests.bench.dataset import bench_store, synthetic_plan

ACCOUNT_SIZE = 200
TARGET_COLD_P95_MS = 100.0
TARGET_CACHED_P95_MS = 10.0
SEED = 0
BACKEND_REPEATS = 5


def pick_account(config: BenchConfig) -> tuple[str, int]:
    """The account whose size is closest to 200 stakeholders (seeded choice among ties)."""
    accounts = synthetic_plan(config).accounts
    best = min(abs(a.size - ACCOUNT_SIZE) for a in accounts)
    tied = sorted(a.id for a in accounts if abs(a.size - ACCOUNT_SIZE) == best)
    chosen = random.Random(f"account:{config.seed}").choice(tied)
    size = next(a.size for a in accounts if a.id == chosen)
    return chosen, size


async def _samples(call: Callable[[], Awaitable[Any]], count: int) -> list[float]:
    out = []
    for _ in range(count):
        started = time.perf_counter()
        value = await call()
        out.append(time.perf_counter() - started)
        assert value is not None
    return out


async def measure(store: GraphStore, customer: str, cold: int, cached: int) -> dict[str, Any]:
    scope = ExportScope.customer(customer)
    calls: dict[str, Callable[[AnalyticsService], Awaitable[Any]]] = {
        "coverage_gaps": lambda s: s.coverage_gaps(customer, EVERYTHING),
        "influencers": lambda s: s.influencers(scope, EVERYTHING),
    }
    figures: dict[str, Any] = {}
    for name, call in calls.items():
        cold_s = await _samples(lambda call=call: call(AnalyticsService(store)), cold)  # type: ignore[misc]
        service = AnalyticsService(store)
        await call(service)
        cached_s = await _samples(lambda call=call, service=service: call(service), cached)  # type: ignore[misc]
        figures[name] = {"cold_ms": latency_ms(cold_s), "cached_ms": latency_ms(cached_s)}
    exports = []
    for _ in range(cold):
        seconds, export = await _timed_async(store.export_scope(scope))
        exports.append(seconds)
    figures["export_scope_ms"] = latency_ms(exports)
    figures["export_size"] = {"nodes": len(export.nodes), "edges": len(export.edges)}
    figures["backends"] = compare_backends(people_graph(export))
    return figures


async def _timed_async(call: Awaitable[Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = await call
    return time.perf_counter() - started, value


def compare_backends(graph: nx.DiGraph) -> dict[str, Any]:
    """The composite influence score on one projected graph, per backend."""
    nx.freeze(graph)
    out: dict[str, Any] = {"people": graph.number_of_nodes(), "ties": graph.number_of_edges()}
    tops: dict[str, list[str]] = {}
    for backend in ("networkx", "igraph"):
        runs = []
        for _ in range(BACKEND_REPEATS):
            seconds, scored = timed(functools.partial(influence_scores, graph, seed=SEED, backend=backend))
            runs.append(seconds)
        tops[backend] = [s.id for s in scored[:10]]
        out[f"{backend}_ms_median"] = round(median(runs) * 1000, 2)
    out["networkx_over_igraph"] = round(out["networkx_ms_median"] / out["igraph_ms_median"], 2)
    out["top10_same"] = tops["networkx"] == tops["igraph"]
    out["top10_overlap"] = len(set(tops["networkx"]) & set(tops["igraph"]))
    return out


async def run_async(config: BenchConfig, cold: int, cached: int) -> Result:
    customer, size = pick_account(config)
    result = Result("account", f"Account analytics on {customer} ({size} stakeholders)", {})
    async with bench_store(config) as (store, dataset):
        figures = await measure(store, customer, cold, cached)
    result.figures = {"dataset": dataset, "customer": customer, "stakeholders": size, **figures}
    for name in ("coverage_gaps", "influencers"):
        c, w = figures[name]["cold_ms"], figures[name]["cached_ms"]
        result.summary.append(
            f"{name}: cold p50 {c['p50']:.1f} / p95 {c['p95']:.1f} ms; cached p50 {w['p50']:.2f} / "
            f"p95 {w['p95']:.2f} ms"
        )
        result.targets.append(Target(f"{name} cold p95", c["p95"], TARGET_COLD_P95_MS, "ms"))
        result.targets.append(Target(f"{name} cached p95", w["p95"], TARGET_CACHED_P95_MS, "ms"))
    e = figures["export_scope_ms"]
    size_note = figures["export_size"]
    result.summary.append(
        f"export of the account alone: p50 {e['p50']:.1f} ms ({size_note['nodes']} nodes, "
        f"{size_note['edges']} edges)"
    )
    b = figures["backends"]
    result.summary.append(
        f"influence score on {b['people']} people: networkx {b['networkx_ms_median']:.1f} ms, igraph "
        f"{b['igraph_ms_median']:.1f} ms ({b['networkx_over_igraph']:.2f}x); "
        f"top 10 identical: {b['top10_same']}"
    )
    chosen = "igraph" if b["people"] >= FAST_PATH_FROM else "networkx"
    result.notes.append(
        f"the service picks {chosen} here (igraph from {FAST_PATH_FROM:,} people); coverage gaps "
        "rank influence in the account by the same rule"
    )
    return result


def main(argv: Sequence[str] | None = None) -> int:
    p = parser(__doc__)
    p.add_argument("--cold", type=int, default=30, help="cold samples per call")
    p.add_argument("--cached", type=int, default=200, help="cached samples per call")
    args = p.parse_args(argv)
    config = BenchConfig.from_args(args)
    asyncio.run(run_async(config, args.cold, args.cached)).finish(config.results_dir)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
