"""The depth-2 full map over HTTP from this checkout and another, side by side on the same graph.

Starts ``relgraph serve`` from each checkout (each with its own ``.venv``)
over the shared graph, both joining one engine, and sends the map query the
explorer sends (``elements``, every property) from a seeded sample of
customers, to both servers in turn, in random order per customer.  So both
see the same machine at the same moments: on a machine shared with other
work, the per-request ratio says more than either side's percentiles.

``--shape nodes`` sends a map query that selects node properties and no
edge properties instead (``nodes { ... properties } edges { id ... type }``).

Beside latency, each side's CPU time per request is read from ``/proc``:
the server's, and the embedded engine's while that side's requests ran.
Their sum is what a request costs when nothing else runs.

    .venv/bin/python -m tests.bench.bench_map_sides --against /work/main [--samples 200]
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import statistics
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.bench.bench_graphql import FULL_MAP_QUERY, TARGET_FULL_MAP_P95_MS
from tests.bench.bench_maps import sample_customers
from tests.bench.common import BenchConfig, Result, Target, latency_ms, parser
from tests.bench.dataset import bench_store
from tests.bench.http_load import post
from tests.bench.http_server import HOST, free_port, server_environment, stop, wait_ready

WARMUP = 20
NODE_PROPERTIES_MAP_QUERY = (
    "query($id: ID!) { relationshipMap(rootId: $id, depth: 2) "
    "{ nodeCount nodes { id label name depth properties } edges { id source target type } } }"
)
QUERIES = {"elements": FULL_MAP_QUERY, "nodes": NODE_PROPERTIES_MAP_QUERY}
HERE = Path(__file__).resolve().parents[2]


def cpu_ms(pid: int) -> float:
    """User and system CPU time of a process so far, in milliseconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def _engine_pid(config: BenchConfig) -> int | None:
    """The embedded engine's process, when the graph is served by one."""
    pid_file = config.data_dir / "falkordb.pid"
    return int(pid_file.read_text().split()[0]) if pid_file.exists() else None


@dataclass
class Side:
    name: str
    checkout: Path
    url: str = ""
    pid: int = 0
    latencies: list[float] = field(default_factory=list)
    server_cpu_ms: float = 0.0
    engine_cpu_ms: float = 0.0


@contextlib.contextmanager
def _serving(side: Side, config: BenchConfig) -> Iterator[None]:
    port = free_port()
    env = server_environment(config)
    command = [str(side.checkout / ".venv/bin/relgraph"), "serve", "--host", HOST, "--port", str(port)]
    log = config.results_dir / f"map-sides-{side.name}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [*command, "--log-level", "warning"],
            cwd=side.checkout,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            side.url, side.pid = f"http://{HOST}:{port}", process.pid
            wait_ready(side.url, process)
            yield
        finally:
            stop(process)


async def _request(
    client: httpx.AsyncClient, side: Side, query: str, root: str, engine_pid: int | None
) -> None:
    server, engine = cpu_ms(side.pid), cpu_ms(engine_pid) if engine_pid else 0.0
    elapsed, _, error = await post(client, query, {"id": root})
    if error is not None:
        raise RuntimeError(f"{side.name}: {error}")
    side.latencies.append(elapsed)
    side.server_cpu_ms += cpu_ms(side.pid) - server
    if engine_pid:
        side.engine_cpu_ms += cpu_ms(engine_pid) - engine


async def run_async(config: BenchConfig, against: Path, samples: int, shape: str = "elements") -> Result:
    query = QUERIES[shape]
    result = Result("map_sides", f"Depth-2 map ({shape}) over HTTP, two checkouts side by side", {})
    roots = sample_customers(config, samples)
    sides = [Side("this", HERE), Side("against", against)]
    async with bench_store(config) as (_, dataset):
        engine_pid = _engine_pid(config)
        with _serving(sides[0], config), _serving(sides[1], config):
            clients = {s.name: httpx.AsyncClient(base_url=s.url, timeout=60) for s in sides}
            try:
                for root in roots[:WARMUP]:
                    for side in sides:
                        await _request(clients[side.name], side, query, root, engine_pid)
                for side in sides:
                    side.latencies.clear()
                    side.server_cpu_ms = side.engine_cpu_ms = 0.0
                order = random.Random(f"map-sides:{config.seed}")
                for root in roots:
                    for side in order.sample(sides, len(sides)):
                        await _request(clients[side.name], side, query, root, engine_pid)
            finally:
                for client in clients.values():
                    await client.aclose()
    this, other = sides
    ratio = statistics.median(b / a for a, b in zip(other.latencies, this.latencies, strict=True))
    result.figures = {
        "dataset": dataset,
        "against": str(other.checkout),
        "samples": samples,
        "shape": shape,
        "ratio_median": ratio,
    }
    for side in sides:
        lat = latency_ms(side.latencies)
        n = len(side.latencies)
        result.figures[side.name] = {
            "latency_ms": lat,
            "server_cpu_ms_per_request": round(side.server_cpu_ms / n, 2),
            "engine_cpu_ms_per_request": round(side.engine_cpu_ms / n, 2) if engine_pid else None,
        }
        result.summary.append(
            f"{side.name} ({side.checkout}): p50 {lat['p50']:.1f} ms, p95 {lat['p95']:.1f} ms; "
            f"CPU per request: server {side.server_cpu_ms / n:.1f} ms, engine {side.engine_cpu_ms / n:.1f} ms"
        )
    result.summary.append(f"median per-request ratio this/against: {ratio:.2f}")
    result.targets.append(
        Target(
            f"map ({shape}) p95 at depth 2 over HTTP",
            latency_ms(this.latencies)["p95"],
            TARGET_FULL_MAP_P95_MS,
            "ms",
        )
    )
    return result


def main(argv: Sequence[str] | None = None) -> int:
    p = parser(__doc__)
    p.add_argument("--against", type=Path, required=True, help="another checkout with its own .venv")
    p.add_argument(
        "--samples", type=int, default=200, help="customers (one request to each side per customer)"
    )
    p.add_argument("--shape", choices=sorted(QUERIES), default="elements", help="what the map query selects")
    args = p.parse_args(argv)
    config = BenchConfig.from_args(args)
    result = asyncio.run(run_async(config, args.against.resolve(), args.samples, args.shape))
    result.finish(config.results_dir)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
