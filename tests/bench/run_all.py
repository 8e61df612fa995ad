"""Run every benchmark in order and write ``bench-results/summary.md`` (what ``make bench`` runs).

Each benchmark runs in its own process, so one's memory and collector state
never colour the next, and peak memory figures are each benchmark's own.
Meanwhile this process holds the shared graph's store open: the engine
stays up and every benchmark joins it instead of restarting it.

    .venv/bin/python -m tests.bench.run_all [--only maps,export] [--skip pagerank]
    RELGRAPH_BENCH_STAKEHOLDERS=10000 .venv/bin/python -m tests.bench.run_all   # quick run
    RELGRAPH_BENCH_ENGINE=neo4j RELGRAPH_BENCH_STAKEHOLDERS=20000 .venv/bin/python -m tests.bench.run_all

On Neo4j (with no RELGRAPH_BENCH_NEO4J_URI) this process starts the Neo4j of
tests/neo4j for the whole run, with a larger heap and page cache than the
test tier's, its data kept in ``<data dir>/neo4j`` between runs.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tests.bench.common import NEO4J_URI_VARIABLE, BenchConfig, machine, parser
from tests.bench.dataset import bench_store
from tests.neo4j.server import Neo4jServer, Sizing

# Enough for the 100k graph in memory, within a quarter of the shared machine.
BENCH_NEO4J = Sizing(heap_mib=3072, page_cache_mib=2048, transaction_memory_mib=2048)

# (module, results name, needs the shared stored graph, time cap in seconds)
BENCHMARKS: tuple[tuple[str, str, bool, int], ...] = (
    ("bench_ingest", "load", False, 1_800),
    ("bench_change_log", "change_log", False, 3_600),
    ("bench_maps", "maps", True, 1_800),
    ("bench_export", "export", True, 1_800),
    ("bench_graphql", "graphql", True, 1_800),
    ("bench_completion", "completion", True, 900),
    ("bench_account", "account", True, 1_800),
    ("bench_kols", "kols", True, 1_800),
    ("bench_live", "live", True, 1_800),
    ("bench_search", "search", True, 1_800),
    ("bench_mixed_load", "mixed_load", True, 1_800),
    ("bench_pagerank", "pagerank", False, 3_600),
)


def _environment(config: BenchConfig) -> dict[str, str]:
    # Modules read their sizes from the environment, so the PageRank module
    # keeps its own default (ten times the stored graph) unless one is set.
    return {
        **os.environ,
        "RELGRAPH_BENCH_STAKEHOLDERS": str(config.stakeholders),
        "RELGRAPH_BENCH_SEED": str(config.seed),
        "RELGRAPH_BENCH_DATA_DIR": str(config.data_dir),
        "RELGRAPH_BENCH_RESULTS": str(config.results_dir),
    }


async def run_one(module: str, name: str, config: BenchConfig, cap_s: int) -> dict[str, Any]:
    # A result left by an earlier run must not pass for this run's.
    (config.results_dir / f"{name}.json").unlink(missing_ok=True)
    print(f"\n### {module}", flush=True)
    started = time.perf_counter()
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", f"tests.bench.{module}", env=_environment(config)
    )
    try:
        code = await asyncio.wait_for(process.wait(), cap_s)
    except TimeoutError:
        process.terminate()
        await process.wait()
        code = None
    return {
        "module": module,
        "name": name,
        "exit_code": code,
        "seconds": round(time.perf_counter() - started, 1),
    }


async def run_all(config: BenchConfig, chosen: Sequence[str]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The load first and alone; then the shared-graph benchmarks; PageRank last, engine stopped."""
    picked = [b for b in BENCHMARKS if b[1] in chosen]
    first = [b for b in picked if b[1] == "load"]
    shared = [b for b in picked if b[2]]
    last = [b for b in picked if not b[2] and b[1] != "load"]
    runs = [await run_one(module, name, config, cap) for module, name, _, cap in first]
    dataset: dict[str, Any] = {}
    if shared:
        print("\n### shared graph", flush=True)
        async with bench_store(config) as (_, dataset):
            print(json.dumps(dataset), flush=True)
            runs += [await run_one(module, name, config, cap) for module, name, _, cap in shared]
    runs += [await run_one(module, name, config, cap) for module, name, _, cap in last]
    return runs, dataset


def _load(path: Path) -> dict[str, Any] | None:
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data


def _num(value: float) -> str:
    if value != value:
        return "n/a"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.3g}" if abs(value) < 10 else f"{value:.1f}"


def _dataset_line(dataset: dict[str, Any]) -> str:
    if not dataset:
        return "Shared graph: not used."
    how = "reused from an earlier run" if dataset.get("reused") else "loaded this run"
    return (
        f"Shared graph: {how} ({dataset.get('nodes')} nodes, {dataset.get('relationships')} relationships; "
        f"its load took {dataset.get('load_seconds')} s, compaction {dataset.get('compact_seconds')} s)."
    )


def summary_markdown(
    config: BenchConfig,
    runs: list[dict[str, Any]],
    dataset: dict[str, Any],
    before: dict[str, Any],
    started: str,
) -> str:
    after = machine()
    lines = [
        "# relgraph benchmarks",
        "",
        f"Run started {started}; engine {config.engine}; stored graph {config.stakeholders:,} stakeholders, "
        f"seed {config.seed}, data dir `{config.data_dir}`.",
        "",
        f"Machine: {before['platform']}, {before['cpu_count']} CPUs ({before['processor']}), "
        f"Python {before['python']}, {before['memory_total_gb']} GB RAM. "
        f"Load average before {before['load_average']}, after {after['load_average']} "
        "(shared machine: figures are medians and percentiles, compare ratios rather than absolutes).",
        "",
        _dataset_line(dataset),
        "",
        "## Targets",
        "",
        "| benchmark | figure | measured | target | |",
        "|---|---|---|---|---|",
    ]
    results = {r["module"]: _load(config.results_dir / f"{r['name']}.json") for r in runs}
    for module, result in results.items():
        if result is None:
            lines.append(f"| {module} | (no result) | | | FAILED |")
            continue
        for t in result["targets"]:
            sign = "<=" if t["better"] == "lower" else ">="
            verdict = "ok" if t["met"] else "**MISS**"
            lines.append(
                f"| {result['benchmark']} | {t['name']} | {_num(t['measured'])} {t['unit']} | "
                f"{sign} {_num(t['limit'])} {t['unit']} | {verdict} |"
            )
    lines += ["", "## Figures", ""]
    for run in runs:
        result = results.get(run["module"])
        status = "" if run["exit_code"] == 0 else f" (exit code {run['exit_code']})"
        if result is None:
            lines += [f"### {run['module']}{status}", "", "No result written.", ""]
            continue
        lines += [f"### {result['title']}{status}", ""]
        lines += [f"- {line}" for line in result.get("summary", [])]
        lines += [f"- note: {note}" for note in result.get("notes", [])]
        lines += [
            f"- raw: `{config.results_dir / (result['benchmark'] + '.json')}` ({run['seconds']} s wall)",
            "",
        ]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    p = parser(__doc__)
    names = [b[1] for b in BENCHMARKS]
    p.add_argument("--only", help=f"comma-separated subset of {','.join(names)}")
    p.add_argument("--skip", default="", help="comma-separated benchmarks to leave out")
    args = p.parse_args(argv)
    config = BenchConfig.from_args(args)
    chosen = [n for n in (args.only.split(",") if args.only else names) if n not in args.skip.split(",")]
    unknown = set(chosen) - set(names)
    if unknown:
        p.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    before = machine()
    started = time.strftime("%Y-%m-%d %H:%M:%S %z")
    neo4j = None
    if config.engine == "neo4j" and not os.environ.get(NEO4J_URI_VARIABLE):
        neo4j = Neo4jServer(BENCH_NEO4J, data_dir=config.data_dir / "neo4j")
        # Benchmarks run in subprocesses, which inherit the variable.
        os.environ[NEO4J_URI_VARIABLE] = neo4j.start()
    try:
        runs, dataset = asyncio.run(run_all(config, chosen))
    finally:
        if neo4j is not None:
            neo4j.stop()
    config.results_dir.mkdir(parents=True, exist_ok=True)
    path = config.results_dir / "summary.md"
    path.write_text(summary_markdown(config, runs, dataset, before, started), encoding="utf-8")
    print(f"\n{path}")
    return 0 if all(r["exit_code"] == 0 for r in runs) else 1


if __name__ == "__main__":
    raise SystemExit(main())
