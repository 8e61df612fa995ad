"""Benchmark 6: industry key opinion leaders over the shared graph, and the networkx reference.

Through ``AnalyticsService.industry_kols`` for the industry with the most
stakeholders: cold (a new service: export, projection, computation) and
warm (projection cached).  Then the same projection built by hand, timed
step by step, and ``industry_kols`` run on it with each backend: the top 10
must match the networkx reference, and the service's answer must match both.

    .venv/bin/python -m tests.bench.bench_kols [--cold 3] [--warm 20]
"""

from __future__ import annotations

import asyncio
import functools
import time
from collections import Counter
from collections.abc import Sequence
from typing import Any

import networkx as nx

from algorithms.influence.measures import SCOPE_ACCOUNTS, in_scope
from algorithms.kols import industry_kols
from algorithms.projection import people_graph
from api.analytics.service import KOL_TYPES, AnalyticsService, scope_accounts
from graph_model.access import EVERYTHING
from graph_model.export import ExportScope
from graph_model.model import Label
from graph_model.store import GraphStore
from seeds.synthetic import industry_id
from tests.bench.common import BenchConfig, Result, Target, latency_ms, median, parser, timed
from tests.bench.dataset import bench_store, synthetic_plan

TOP = 10
TARGET_COLD_S = 15.0
TARGET_WARM_MS = 50.0
REFERENCE_REPEATS = 3


def largest_industry(config: BenchConfig) -> tuple[str, int, int]:
    """The industry with the most stakeholders: (id, stakeholders, customers)."""
    people: Counter[int] = Counter()
    customers: Counter[int] = Counter()
    for account in synthetic_plan(config).accounts:
        people[account.industry] += account.size
        customers[account.industry] += 1
    index, size = max(people.items(), key=lambda kv: (kv[1], -kv[0]))
    return industry_id(index), size, customers[index]


async def service_timings(store: GraphStore, industry: str, cold: int, warm: int) -> dict[str, Any]:
    cold_s: list[float] = []
    for _ in range(cold):
        service = AnalyticsService(store)
        started = time.perf_counter()
        ranked = await service.industry_kols(industry, EVERYTHING, top=TOP)
        cold_s.append(time.perf_counter() - started)
    warm_s: list[float] = []
    for _ in range(warm):
        started = time.perf_counter()
        ranked = await service.industry_kols(industry, EVERYTHING, top=TOP)
        warm_s.append(time.perf_counter() - started)
    assert ranked is not None
    return {
        "cold_s": [round(s, 3) for s in cold_s],
        "cold_median_s": round(median(cold_s), 3),
        "warm_ms": latency_ms(warm_s),
        "top_ids": [r.id for r in ranked],
    }


async def reference(store: GraphStore, industry: str) -> dict[str, Any]:
    """The service's steps by hand, each timed, and both backends on the same graph."""
    scope = ExportScope.industry(industry)
    started = time.perf_counter()
    export = await store.export_scope(scope)
    export_s = time.perf_counter() - started
    projection_s, graph = timed(
        lambda: people_graph(export, types=KOL_TYPES, labels=(Label.STAKEHOLDER.value,))
    )
    graph.graph[SCOPE_ACCOUNTS] = scope_accounts(export, scope)
    nx.freeze(graph)
    out: dict[str, Any] = {
        "export_s": round(export_s, 3),
        "export_nodes": len(export.nodes),
        "export_edges": len(export.edges),
        "projection_s": round(projection_s, 3),
        "people": graph.number_of_nodes(),
        "ties": graph.number_of_edges(),
    }
    for backend in ("networkx", "igraph"):
        runs = []
        for _ in range(REFERENCE_REPEATS):
            seconds, scored = timed(functools.partial(industry_kols, graph, backend=backend))
            runs.append(seconds)
        out[backend] = {
            "compute_s_median": round(median(runs), 3),
            "compute_s_all": [round(r, 3) for r in runs],
            "top_ids": [s.id for s in in_scope(graph, scored, TOP)],
        }
    return out


async def run_async(config: BenchConfig, cold: int, warm: int) -> Result:
    industry, stakeholders, customers = largest_industry(config)
    title = f"Industry KOLs for {industry} ({stakeholders:,} stakeholders in {customers} accounts)"
    result = Result("kols", title, {})
    async with bench_store(config) as (store, dataset):
        service = await service_timings(store, industry, cold, warm)
        ref = await reference(store, industry)
    nx_top, ig_top = ref["networkx"]["top_ids"], ref["igraph"]["top_ids"]
    ratio = ref["networkx"]["compute_s_median"] / ref["igraph"]["compute_s_median"]
    agreement = {
        "service_vs_networkx_same": service["top_ids"] == nx_top,
        "igraph_vs_networkx_same": ig_top == nx_top,
        "service_vs_networkx_overlap": len(set(service["top_ids"]) & set(nx_top)),
    }
    result.figures = {
        "dataset": dataset,
        "industry": industry,
        "service": service,
        "reference": ref,
        "networkx_over_igraph": round(ratio, 2),
        "agreement": agreement,
    }
    w = service["warm_ms"]
    result.summary.append(
        f"service: cold {service['cold_median_s']:.2f} s (median of {cold}: {service['cold_s']}), "
        f"warm p50 {w['p50']:.1f} ms / p95 {w['p95']:.1f} ms"
    )
    result.summary.append(
        f"by hand: export {ref['export_s']:.2f} s ({ref['export_edges']:,} edges), projection "
        f"{ref['projection_s']:.2f} s ({ref['people']:,} people, {ref['ties']:,} ties), compute igraph "
        f"{ref['igraph']['compute_s_median']:.2f} s, networkx {ref['networkx']['compute_s_median']:.2f} s "
        f"({ratio:.2f}x)"
    )
    result.summary.append(
        f"top {TOP} identical: service vs networkx reference {agreement['service_vs_networkx_same']}, "
        f"igraph vs networkx {agreement['igraph_vs_networkx_same']}"
    )
    result.targets.append(Target("KOLs cold (median)", service["cold_median_s"], TARGET_COLD_S, "s"))
    result.targets.append(Target("KOLs warm p95", w["p95"], TARGET_WARM_MS, "ms"))
    result.targets.append(
        Target(
            "top-10 matches networkx reference",
            float(agreement["service_vs_networkx_same"]),
            1,
            "bool",
            "higher",
        )
    )
    return result


def main(argv: Sequence[str] | None = None) -> int:
    p = parser(__doc__)
    p.add_argument("--cold", type=int, default=3, help="cold calls (a new service each)")
    p.add_argument("--warm", type=int, default=20, help="warm calls")
    args = p.parse_args(argv)
    config = BenchConfig.from_args(args)
    asyncio.run(run_async(config, args.cold, args.warm)).finish(config.results_dir)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
