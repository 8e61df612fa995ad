"""Benchmark: a bounded mixed load (reads, maps, analytics, writes) from several clients.

Starts ``relgraph serve`` over the shared synthetic graph and runs ``--clients``
concurrent clients for ``--seconds``; each client walks the same mix of
operations over sampled accounts.  Reports p50/p99 per operation, how many
requests were refused by design (429 rate limit, 503 busy analytics) and
how many failed otherwise (the target is none), and the server process's
peak resident memory sampled every 100 ms.

    RELGRAPH_BENCH_STAKEHOLDERS=10000 .venv/bin/python -m tests.bench.bench_mixed_load \\
        --clients 4 --seconds 60

The server keeps its default limits except the rate limit, raised by
default so that the figures measure work rather than the budget
(``--rate-limit 0`` keeps the server's own default).
"""

from __future__ import annotations

import asyncio
import os
import random
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

from seeds.synthetic import industry_id
from tests.bench.bench_maps import sample_customers
from tests.bench.common import BenchConfig, Result, Target, latency_ms, parser, rss_mb
from tests.bench.dataset import bench_store
from tests.bench.http_load import HEADERS
from tests.bench.http_server import serve, wait_analytics_warm

TARGET_ANALYTICS_P99_MS = 2_000.0
TARGET_PEAK_RSS_MB = 1_536.0
RSS_SAMPLE_S = 0.1
WRITTEN_PEOPLE = 50
ANALYTICS = {"influencers", "coverageGaps", "keyPersonRisk", "relationshipHealth", "industryKols"}

OPERATIONS: dict[str, str] = {
    "customer": "query($c: ID!) { customer(id: $c) { name tier stakeholders(first: 20) { nodes { id } } } }",
    "search": "query($t: String!) { search(text: $t, first: 10) { nodes { node { id } } } }",
    "map": "query($c: ID!) { relationshipMap(rootId: $c, depth: 2) "
    "{ nodes { id label name depth } edges { id source target type } } }",
    "orgChart": "query($c: ID!) { orgChart(customerId: $c) { roots { department { id } } } }",
    "influencers": "query($c: ID!) { influencers(scope: {customerId: $c}, measure: COMPOSITE, top: 10) "
    "{ id score } }",
    "coverageGaps": "query($c: ID!) { coverageGaps(customerId: $c) { score gaps { kind } } }",
    "keyPersonRisk": "query($c: ID!) { keyPersonRisk(customerId: $c) { id risk } }",
    "relationshipHealth": "query($c: ID!) { relationshipHealth(customerId: $c) { score } }",
    "industryKols": "query($i: ID!) { industryKols(industryId: $i, top: 10) { id score } }",
    "write": "mutation($s: ID!, $n: String!, $t: String!) "
    "{ upsertStakeholder(input: {id: $s, name: $n, title: $t}) { errors { code } } }",
}
# How often each operation comes up in a client's walk (reads dominate, as in use).
MIX = [
    *["customer"] * 4,
    *["search"] * 2,
    *["map"] * 3,
    "orgChart",
    *["influencers"] * 2,
    "coverageGaps",
    "keyPersonRisk",
    "relationshipHealth",
    "industryKols",
    "write",
]


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    refused: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))


def variables(operation: str, rng: random.Random, customers: Sequence[str]) -> dict[str, Any]:
    if operation == "search":
        return {"t": rng.choice(["Ann", "Lee", "Mar", "Jo", "Kim", "Eng", "Sales"])}
    if operation == "industryKols":
        return {"i": industry_id(rng.randrange(5))}
    if operation == "write":
        # A small set of the benchmark's own people: the shared graph keeps its data.
        person = f"s-mixed-load-{rng.randrange(WRITTEN_PEOPLE)}"
        return {"s": person, "n": person, "t": f"Title {rng.randrange(1000)}"}
    return {"c": rng.choice(customers)}


def classify(response: httpx.Response) -> str | None:
    """None for an answer; 'refused' for a 429 or 503; else a short description of the failure."""
    if response.status_code in (429, 503):
        return "refused"
    if response.status_code != 200:
        return f"HTTP {response.status_code}: {response.text[:160]}"
    errors = response.json().get("errors")
    if errors:
        return f"errors: {str(errors)[:160]}"
    return None


async def client_loop(
    url: str, seed: int, customers: Sequence[str], deadline: float, tally: Tally, mix: Sequence[str] = MIX
) -> None:
    rng = random.Random(seed)
    async with httpx.AsyncClient(base_url=url, timeout=120) as client:
        while time.perf_counter() < deadline:
            operation = rng.choice(mix)
            payload = {
                "query": OPERATIONS[operation],
                "variables": variables(operation, rng, customers),
            }
            started = time.perf_counter()
            try:
                response = await client.post("/graphql", json=payload, headers=HEADERS)
            except httpx.HTTPError as exc:
                tally.errors[operation].append(f"{type(exc).__name__}: {exc}")
                continue
            elapsed = time.perf_counter() - started
            outcome = classify(response)
            if outcome is None:
                tally.latencies[operation].append(elapsed)
            elif outcome == "refused":
                tally.refused[f"{operation} {response.status_code}"] += 1
            else:
                tally.errors[operation].append(outcome)


async def sample_rss(pid: int, stop: asyncio.Event, peaks: list[float]) -> None:
    while not stop.is_set():
        rss = rss_mb(pid)
        if rss is not None:
            peaks.append(rss)
        await asyncio.sleep(RSS_SAMPLE_S)


async def run_async(
    config: BenchConfig, clients: int, seconds: float, rate_limit: float, writes: bool
) -> Result:
    # Every write bumps the graph version, so the analytics caches start over after each.
    mix = MIX if writes else [op for op in MIX if op != "write"]
    title = f"Mixed load: {clients} clients for {seconds:g} s{'' if writes else ', no writes'}"
    result = Result("mixed_load" if writes else "mixed_load_no_writes", title, {})
    customers = sample_customers(config, 300)
    if rate_limit > 0:
        os.environ["RELGRAPH_RATE_LIMIT_PER_S"] = str(rate_limit)
        os.environ["RELGRAPH_RATE_LIMIT_BURST"] = str(int(rate_limit))
    log = config.results_dir / "mixed-load-server.log"
    async with bench_store(config) as (_, dataset):
        with serve(config, log) as server:
            # Start-up costs are not load: the analytics projection built, and
            # one pass over each operation.
            await asyncio.to_thread(wait_analytics_warm, server.url)
            warm = Tally()
            await client_loop(server.url, 0, customers[:3], time.perf_counter() + 5, warm)
            if warm.errors:
                raise RuntimeError(f"the warm-up failed, so would the load: {dict(warm.errors)}")
            tally = Tally()
            stop = asyncio.Event()
            rss: list[float] = []
            sampler = asyncio.create_task(sample_rss(server.pid, stop, rss))
            deadline = time.perf_counter() + seconds
            started = time.perf_counter()
            await asyncio.gather(
                *(client_loop(server.url, i + 1, customers, deadline, tally, mix) for i in range(clients))
            )
            elapsed = time.perf_counter() - started
            stop.set()
            await sampler
    per_operation = {op: latency_ms(samples) for op, samples in sorted(tally.latencies.items())}
    analytics = [s for op, samples in tally.latencies.items() if op in ANALYTICS for s in samples]
    analytics_ms = latency_ms(analytics)
    errors = sum(len(e) for e in tally.errors.values())
    answered = sum(len(s) for s in tally.latencies.values())
    peak = max(rss) if rss else float("nan")
    result.figures = {
        "dataset": dataset,
        "clients": clients,
        "writes": writes,
        "seconds": round(elapsed, 1),
        "answered": answered,
        "requests_per_second": round(answered / elapsed, 1),
        "refused_by_design": dict(tally.refused),
        "errors": errors,
        "first_errors": {op: e[:3] for op, e in tally.errors.items()},
        "latency_ms": per_operation,
        "analytics_latency_ms": analytics_ms,
        "server_peak_rss_mb": peak,
        "server_log": str(log),
    }
    for op, figures in per_operation.items():
        result.summary.append(
            f"{op}: p50 {figures['p50']:.1f} ms, p99 {figures['p99']:.1f} ms ({figures['samples']} answered)"
        )
    refused = sum(tally.refused.values())
    result.summary.append(
        f"{answered} answered ({answered / elapsed:.1f}/s), {refused} refused by design (429/503), "
        f"{errors} other errors; server peak RSS {peak:.0f} MB"
    )
    result.targets.append(Target("errors other than 429/503", errors, 0, ""))
    result.targets.append(Target("analytics p99", float(analytics_ms["p99"]), TARGET_ANALYTICS_P99_MS, "ms"))
    result.targets.append(Target("server peak RSS", peak, TARGET_PEAK_RSS_MB, "MB"))
    result.notes.append("clients, server and engine share 2 cores with other work: latencies are a ceiling")
    return result


def main(argv: Sequence[str] | None = None) -> int:
    p = parser(__doc__)
    p.add_argument("--clients", type=int, default=4)
    p.add_argument("--seconds", type=float, default=60.0)
    p.add_argument(
        "--rate-limit", type=float, default=10_000, help="server requests/s per caller (0: default)"
    )
    p.add_argument("--no-writes", dest="writes", action="store_false", help="reads and analytics only")
    args = p.parse_args(argv)
    config = BenchConfig.from_args(args)
    result = asyncio.run(run_async(config, args.clients, args.seconds, args.rate_limit, args.writes))
    result.finish(config.results_dir)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
