"""Benchmark: what the change log costs writes, and how fast it is read back.

In an engine of its own (a new temporary data directory, dropped afterwards):

- **write throughput with and without the log**, side by side: the synthetic
  load of the configured size, alternately through the store as it is and
  with its one write statement swapped for the same statement keeping no
  log (``WRITE_GRAPH_UNLOGGED``), in a new graph each time; medians of each
  and their ratio (the log may cost at most 25%);
- then, on the last graph loaded with its log, an account of about 200
  people gets at least 1,000 log entries in writes of about ten changes
  (people changing stance, title and role, ties strengthening, people
  joining, new acquaintances), and ``relgraph serve`` on loopback answers
  ``accountReview`` since just before those writes, from a different
  moment each time so that none is answered from memory (p95 <= 200 ms),
  then the same review again, and
  ``changes`` pages for the account and for everything.

    .venv/bin/python -m tests.bench.bench_change_log [--stakeholders 100000] [--rounds 2]
"""

from __future__ import annotations

import asyncio
import dataclasses
import random
import shutil
import tempfile
import time
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from graph_model import cypher
from graph_model.engines.base import Params, Row
from graph_model.model import Direction, Label, RelType
from graph_model.store import GraphStore, utc_now
from graph_model.store_lifecycle import open_store
from graph_model.validation import NodeRow, RelRow, validate_node, validate_relationship
from seeds.loading import load_synthetic
from seeds.synthetic import plan
from tests.bench.common import BenchConfig, Result, Target, latency_ms, median, parser
from tests.bench.http_server import serve, wait_analytics_warm

TARGET_LOG_COST = 1.25
TARGET_REVIEW_P95_MS = 200.0
ACCOUNT_SIZE = 200
REVIEW_ENTRIES = 1_000
CHANGES_PER_WRITE = 10
REVIEW_SAMPLES = 40
CHANGES_SAMPLES = 60

REVIEW_QUERY = """query($id: ID!, $since: DateTime!) { accountReview(customerId: $id, since: $since) {
  changesReplayed people { stakeholderId kind before after } ties { teamMemberId stakeholderId kind }
  coverageThen { score } coverageNow { score } gapsOpened { kind } gapsClosed { kind } } }"""
CHANGES_QUERY = """query($id: ID, $first: Int, $after: String) {
  changes(customerId: $id, first: $first, after: $after) {
    edges { cursor node { sequence at kind operation entityId fromId toId before after } }
    pageInfo { hasNextPage endCursor } } }"""
COUNT_QUERY = "query($id: ID) { changes(customerId: $id, first: 1) { totalCount } }"
STANCES = ("CHAMPION", "SUPPORTER", "NEUTRAL", "SKEPTIC", "BLOCKER")
ROLES = ("DECISION_MAKER", "ECONOMIC_BUYER", "TECHNICAL_EVALUATOR", "USER", "INFLUENCER", "GATEKEEPER")
TITLES = ("Head of Operations", "Procurement Lead", "IT Director", "Finance Manager", "Chief of Staff")


class Unlogged:
    """The store as it is, but its graph writes sent as the same statement keeping no log."""

    def __init__(self, store: GraphStore) -> None:
        self._write = store.engine.write
        store.engine.write = self.write  # type: ignore[method-assign]

    async def write(self, statement: cypher.Write, params: Params) -> list[Row]:
        if statement.name == cypher.WRITE_GRAPH.name:
            statement = cypher.WRITE_GRAPH_UNLOGGED
        return await self._write(statement, params)


async def _load(config: BenchConfig, data_dir: Path, graph: str, *, logged: bool) -> dict[str, Any]:
    settings = dataclasses.replace(config.store_settings(), data_dir=data_dir, graph_name=graph)
    async with open_store(settings) as store:
        await store.engine.drop_all()
        await store.engine.ensure_schema()
        if not logged:
            Unlogged(store)
        report = await load_synthetic(store, config.stakeholders, config.seed, progress=False)
        logged_entries = len(await store.changes(limit=1))
    assert (logged_entries > 0) == logged, "the unlogged load must leave no entry, the logged one some"
    return {"logged": logged, "seconds": report.seconds, "rows": report.rows}


def _row(raw: dict[str, Any], *, node: bool) -> NodeRow | RelRow:
    row, errors = validate_node(raw) if node else validate_relationship(raw)
    assert row is not None, errors
    return row


async def _people(store: GraphStore, account: str) -> tuple[list[Any], list[str], list[str]]:
    members = await store.account_members([account], Label.STAKEHOLDER)
    people = [record for record, _ in members[account]]
    departments = await store.account_members([account], Label.DEPARTMENT)
    ties = await store.neighbours([p.id for p in people], RelType.RELATES_TO, Direction.IN)
    team = sorted({member.id for found in ties.values() for member, _ in found})
    return people, [d.id for d, _ in departments[account]], team


def _one_change(
    rng: random.Random, people: list[Any], departments: list[str], team: list[str], n: int
) -> list[Any]:
    """One change of a kind an account review reports, as the rows of one write."""
    person = rng.choice(people)
    kind = rng.randrange(6)
    if kind < 3:
        field, values = [("stance", STANCES), ("title", TITLES), ("buyingRole", ROLES)][kind]
        props = {"name": person.name, field: rng.choice(values)}
        return [_row({"label": "Stakeholder", "id": person.id, "properties": props}, node=True)]
    if kind == 3 and team:
        strength = round(rng.random(), 2)
        tie = {
            "type": "RELATES_TO",
            "from": rng.choice(team),
            "to": person.id,
            "properties": {"strength": strength},
        }
        return [_row(tie, node=False)]
    if kind == 4 and departments:
        new_id = f"{person.account_id}/bench-joiner-{n}"
        joiner = {
            "label": "Stakeholder",
            "id": new_id,
            "properties": {"name": f"Joiner {n}", "stance": "NEUTRAL"},
        }
        works = {"type": "WORKS_IN", "from": new_id, "to": rng.choice(departments)}
        return [_row(joiner, node=True), _row(works, node=False)]
    other = rng.choice(people)
    if other.id == person.id:
        return []
    return [
        _row(
            {"type": "KNOWS", "from": person.id, "to": other.id, "properties": {"strength": 0.5}}, node=False
        )
    ]


async def write_review_changes(store: GraphStore, account: str, seed: int) -> dict[str, Any]:
    """At least ``REVIEW_ENTRIES`` log entries about ``account``, about ten per write; returns how many."""
    people, departments, team = await _people(store, account)
    rng = random.Random(f"review:{seed}")
    start = await store.version()
    writes = n = 0
    while await store.version() - start < REVIEW_ENTRIES:
        rows: list[Any] = []
        while len(rows) < CHANGES_PER_WRITE:
            n += 1
            rows += _one_change(rng, people, departments, team, n)
        nodes = [r for r in rows if isinstance(r, NodeRow)]
        rels = [r for r in rows if isinstance(r, RelRow)]
        await store.write_graph(nodes, rels)
        writes += 1
    return {"people": len(people), "entries": await store.version() - start, "writes": writes}


def _earlier(moment: str, milliseconds: int) -> str:
    then = datetime.fromisoformat(moment.replace("Z", "+00:00")) - timedelta(milliseconds=milliseconds)
    return then.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _pick_account(config: BenchConfig) -> str:
    accounts = plan(config.stakeholders, seed=config.seed).accounts
    return min(accounts, key=lambda a: (abs(a.size - ACCOUNT_SIZE), a.id)).id


async def _latencies(url: str, query: str, variables: list[dict[str, Any]], samples: int) -> list[float]:
    out: list[float] = []
    async with httpx.AsyncClient(base_url=url, timeout=120) as client:
        for i in range(samples):
            started = time.perf_counter()
            response = await client.post(
                "/graphql", json={"query": query, "variables": variables[i % len(variables)]}
            )
            out.append(time.perf_counter() - started)
            body = response.json()
            assert response.status_code == 200 and not body.get("errors"), str(body)[:500]
    return out


async def _cursors(url: str, account: str, pages: int) -> list[str | None]:
    """The cursors of the account's first ``pages`` pages of 50 (None for the first)."""
    found: list[str | None] = [None]
    async with httpx.AsyncClient(base_url=url, timeout=120) as client:
        while len(found) < pages:
            variables = {"id": account, "first": 50, "after": found[-1]}
            body = (
                await client.post("/graphql", json={"query": CHANGES_QUERY, "variables": variables})
            ).json()
            found.append(body["data"]["changes"]["pageInfo"]["endCursor"])
    return found


async def run_async(config: BenchConfig, rounds: int) -> Result:
    result = Result(
        "change_log", f"Change log: write cost and reads ({config.stakeholders:,} stakeholders)", {}
    )
    data_dir = Path(tempfile.mkdtemp(prefix="rg-bench-log-"))
    try:
        loads: list[dict[str, Any]] = []
        for r in range(rounds):
            # Alternate which goes first, so drift in the machine's load favours neither.
            for logged in (False, True) if r % 2 == 0 else (True, False):
                loads.append(await _load(config, data_dir, f"log_{int(logged)}", logged=logged))
                print(
                    f"  load {'with' if logged else 'without'} the log: {loads[-1]['seconds']:.1f} s",
                    flush=True,
                )
        with_log = median([x["seconds"] for x in loads if x["logged"]])
        without = median([x["seconds"] for x in loads if not x["logged"]])
        rows = loads[0]["rows"]
        ratio = with_log / without
        result.figures["load"] = {
            "runs": loads,
            "median_seconds_with_log": round(with_log, 2),
            "median_seconds_without_log": round(without, 2),
            "rows": rows,
            "ratio": round(ratio, 3),
        }
        result.targets.append(Target("write time with the log / without", ratio, TARGET_LOG_COST, "x"))
        result.summary.append(
            f"load of {rows:,} rows: {rows / with_log:,.0f} rows/s with the log, "
            f"{rows / without:,.0f} without (medians of {rounds}): the log costs {100 * (ratio - 1):.0f}%"
        )
        await _reads(config, data_dir, result)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    return result


async def _reads(config: BenchConfig, data_dir: Path, result: Result) -> None:
    settings = dataclasses.replace(config.store_settings(), data_dir=data_dir, graph_name="log_1")
    account = _pick_account(config)
    async with open_store(settings) as store:
        since = utc_now()
        # Entries written in the same millisecond as `since` would count as before it.
        await asyncio.sleep(0.01)
        written = await write_review_changes(store, account, config.seed)
        log_size = await store.version()
        served = dataclasses.replace(config, data_dir=data_dir, graph_name="log_1")
        with serve(served, config.results_dir / "change_log.server.log") as server:
            # The steady state: the analytics projection the review's coverage walks is built.
            await asyncio.to_thread(wait_analytics_warm, server.url)
            # Each a moment earlier than the last (before every write, so the
            # same entries): a review not asked before, rebuilt each time.
            moments = [_earlier(since, i) for i in range(REVIEW_SAMPLES)]
            review = await _latencies(
                server.url, REVIEW_QUERY, [{"id": account, "since": m} for m in moments], REVIEW_SAMPLES
            )
            repeated = await _latencies(
                server.url, REVIEW_QUERY, [{"id": account, "since": since}], REVIEW_SAMPLES
            )
            cursors = await _cursors(server.url, account, 5)
            pages = [{"id": account, "first": 50, "after": c} for c in cursors]
            account_pages = await _latencies(server.url, CHANGES_QUERY, pages, CHANGES_SAMPLES)
            everything = await _latencies(
                server.url, CHANGES_QUERY, [{"id": None, "first": 50, "after": None}], CHANGES_SAMPLES
            )
            counted = await _latencies(server.url, COUNT_QUERY, [{"id": account}], CHANGES_SAMPLES)
    figures = {
        "account": account,
        **written,
        "log_entries_in_graph": log_size,
        "account_review_ms": latency_ms(review),
        "account_review_repeated_ms": latency_ms(repeated),
        "changes_account_pages_ms": latency_ms(account_pages),
        "changes_everything_ms": latency_ms(everything),
        "changes_total_count_ms": latency_ms(counted),
    }
    result.figures["reads"] = figures
    p95 = float(figures["account_review_ms"]["p95"])
    result.targets.append(
        Target("accountReview p95 (200 people, 1,000 entries)", p95, TARGET_REVIEW_P95_MS, "ms")
    )
    pages, first = figures["changes_account_pages_ms"], figures["changes_everything_ms"]
    count = figures["changes_total_count_ms"]
    review_ms, again_ms = figures["account_review_ms"], figures["account_review_repeated_ms"]
    result.summary += [
        f"accountReview of {account} ({written['people']} people, {written['entries']} entries since, "
        f"{log_size:,} in the log), each from another date: p50 {review_ms['p50']:.0f} ms, p95 {p95:.0f} ms; "
        f"asked again: p50 {again_ms['p50']:.1f} ms, p95 {again_ms['p95']:.1f} ms",
        f"changes, the account's first 5 pages of 50: p50 {pages['p50']:.1f} ms, p95 {pages['p95']:.1f} ms; "
        f"everything, first page: p50 {first['p50']:.1f} ms, p95 {first['p95']:.1f} ms; "
        f"the account's totalCount alone: p50 {count['p50']:.1f} ms, p95 {count['p95']:.1f} ms",
    ]


def main(argv: Sequence[str] | None = None) -> int:
    p = parser(__doc__)
    p.add_argument("--rounds", type=int, default=2, help="loads with and without the log, each (default 2)")
    args = p.parse_args(argv)
    config = BenchConfig.from_args(args)
    asyncio.run(run_async(config, args.rounds)).finish(config.results_dir)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
