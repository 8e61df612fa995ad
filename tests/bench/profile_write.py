"""Where a write's time goes: FalkorDB's GRAPH.PROFILE of one write of a synthetic load, per operation.

Loads ``--stakeholders`` synthetic stakeholders into a new embedded engine,
each write as the store sends it, up to the ``--write``-th (counted from 0),
which runs under GRAPH.PROFILE instead; then the same again with the write
keeping no log (``WRITE_GRAPH_UNLOGGED``), and prints both profiles side by
side, summed per kind of operation, with the largest single operations.

    .venv/bin/python -m tests.bench.profile_write [--stakeholders 10000] [--write 5]
"""

from __future__ import annotations

import argparse
import asyncio
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from graph_model import cypher
from graph_model.engines.falkor import FalkorEngine
from graph_model.engines.falkor_statements import FALKOR_WRITES
from graph_model.settings import StoreSettings
from graph_model.store_lifecycle import open_store
from seeds.loading import load_synthetic
from tests.bench.bench_change_log import Unlogged

_TIME = re.compile(
    r"^ *(?P<op>[^|]+?)(?: \| (?P<detail>[^|]*?))? \| Records produced: (?P<records>\d+), "
    r"Execution time: (?P<ms>[\d.]+) ms"
)


class Profiled(Exception):
    """The chosen write has run under GRAPH.PROFILE: the load stops there."""


class ProfileOne:
    """Lets the store's writes through until the chosen one, which runs under GRAPH.PROFILE."""

    def __init__(self, engine: FalkorEngine, target: int) -> None:
        self.engine, self.target, self.seen = engine, target, 0
        self.lines: list[str] = []
        self._write = engine.write
        engine.write = self.write  # type: ignore[method-assign]

    async def write(self, statement: cypher.Write, params: Any) -> Any:
        self.seen += 1
        if self.seen - 1 != self.target:
            return await self._write(statement, params)
        command = self.engine._command("GRAPH.PROFILE", FALKOR_WRITES[statement.name], params)[:3]
        self.lines = list(await self.engine._db.connection.execute_command(*command))
        raise Profiled


async def profile(stakeholders: int, target: int, *, logged: bool, data_dir: Path) -> list[str]:
    settings = StoreSettings(data_dir=data_dir, graph_name=f"profile_{int(logged)}")
    async with open_store(settings) as store:
        await store.engine.drop_all()
        await store.engine.ensure_schema()
        assert isinstance(store.engine, FalkorEngine), "GRAPH.PROFILE is FalkorDB's"
        probe = ProfileOne(store.engine, target)
        if not logged:
            # Outside the probe, so that the probe profiles the statement sent instead.
            Unlogged(store)
        try:
            await load_synthetic(store, stakeholders, 42, progress=False)
        except* Profiled:
            pass
        await store.engine.drop_all()
    if not probe.lines:
        raise SystemExit(f"the load made only {probe.seen} writes: choose a lower --write")
    return probe.lines


def _by_operation(lines: Sequence[str]) -> tuple[Counter[str], list[tuple[float, str]]]:
    totals: Counter[str] = Counter()
    each: list[tuple[float, str]] = []
    for line in lines:
        found = _TIME.match(line)
        if found:
            ms = float(found["ms"])
            totals[found["op"]] += ms
            each.append((ms, f"{found['op']} {found['detail'] or ''} ({found['records']} records)".strip()))
    return totals, sorted(each, reverse=True)


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--stakeholders", type=int, default=10_000)
    p.add_argument("--write", type=int, default=5, help="which write of the load to profile, from 0")
    args = p.parse_args(argv)
    data_dir = Path(tempfile.mkdtemp(prefix="rg-profile-"))
    try:
        runs = {
            logged: asyncio.run(profile(args.stakeholders, args.write, logged=logged, data_dir=data_dir))
            for logged in (False, True)
        }
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    (without, _), (with_log, largest) = (_by_operation(runs[False]), _by_operation(runs[True]))
    print(f"{'operation':40s} {'no log ms':>10s} {'log ms':>10s} {'difference':>11s}")
    for op in sorted(set(without) | set(with_log), key=lambda o: without[o] - with_log[o]):
        print(f"{op:40s} {without[op]:10.1f} {with_log[op]:10.1f} {with_log[op] - without[op]:+11.1f}")
    print(f"{'total':40s} {sum(without.values()):10.1f} {sum(with_log.values()):10.1f}")
    print("\nlargest operations with the log:")
    for ms, what in largest[:12]:
        print(f"{ms:10.1f} ms  {what}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
