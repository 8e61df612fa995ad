"""Benchmark: full-text search over the shared graph, case and accents aside.

``GraphStore.search`` as the API calls it (the best 500 hits) for first names, surnames, both, short
prefixes and the same words typed with accents, each several times; on
FalkorDB, beside the index's own prefix query (what search cost before it
folded accents: no edit-distance terms, no check of the candidates).  Texts
with fewer hits than that are also timed apart: on FalkorDB they ask the run
indexes as well as the entity index.

    .venv/bin/python -m tests.bench.bench_search [--rounds 5]
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Sequence
from typing import Any

from api.graphql.maps.resolvers import SEARCH_WINDOW
from graph_model.access import EVERYTHING
from graph_model.engines.search_text import terms
from graph_model.store import GraphStore
from seeds import vocab
from tests.bench.common import BenchConfig, Result, Target, latency_ms, parser
from tests.bench.dataset import bench_store

LIMIT = SEARCH_WINDOW
# FalkorDB's search statement before search folded accents: the index's
# prefix query alone, every property of the best hits in one read.
PREFIX_ONLY_SEARCH = (
    "CALL db.idx.fulltext.queryNodes('Entity', $query) YIELD node, score "
    "WITH node AS n, score "
    "WHERE ($seeAll OR n.accountId IS NULL OR n.accountId IN $accounts) "
    "AND ($labels IS NULL OR any(l IN labels(n) WHERE l IN $labels)) "
    "RETURN n.id AS id, labels(n) AS labels, properties(n) AS props, score "
    "ORDER BY score DESC, n.id LIMIT $limit"
)
TARGET_P95_MS = 50.0
ACCENTED = str.maketrans("aeiouAEIOU", "áéíöüÁÉÍÖÜ")


def texts(seed: int) -> list[str]:
    rng = random.Random(seed)
    first = rng.sample(vocab.FIRST_NAMES, 10)
    last = rng.sample(vocab.LAST_NAMES, 10)
    plain = [*first, *last, *(f"{f} {s}" for f, s in zip(first, last, strict=True))]
    prefixes = [w[:3] for w in first + last]
    return list(dict.fromkeys([*plain, *prefixes, *(t.translate(ACCENTED).upper() for t in plain)]))


async def _timed(call: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    out = await call
    return time.perf_counter() - started, out


async def run_async(config: BenchConfig, rounds: int) -> Result:
    queries = texts(config.seed)
    result = Result("search", f"Search, {len(queries)} texts x {rounds} rounds, {LIMIT} hits", {})
    async with bench_store(config) as (store, dataset):
        folding_s, hits = await _rounds(store, queries, rounds)
        few = [text for text, found in hits.items() if found < LIMIT]
        few_s, _ = await _rounds(store, few, rounds)
        figures: dict[str, Any] = {
            "dataset": dataset,
            "folding_ms": latency_ms(folding_s),
            "few_hits_ms": latency_ms(few_s),
            "few_hits_texts": len(few),
        }
        if store.engine.name == "falkordb":
            figures["prefix_only_ms"] = latency_ms(await _prefix_only_rounds(store, queries, rounds))
    figures["texts_with_hits"] = sum(1 for h in hits.values() if h)
    figures["texts"] = len(hits)
    result.figures = figures
    f = figures["folding_ms"]
    result.summary.append(f"folding search: p50 {f['p50']:.1f} ms / p95 {f['p95']:.1f} ms")
    w = figures["few_hits_ms"]
    result.summary.append(
        f"texts with fewer than {LIMIT} hits ({figures['few_hits_texts']}): "
        f"p50 {w['p50']:.1f} ms / p95 {w['p95']:.1f} ms"
    )
    if "prefix_only_ms" in figures:
        p = figures["prefix_only_ms"]
        result.summary.append(f"prefix query alone (before): p50 {p['p50']:.1f} ms / p95 {p['p95']:.1f} ms")
    result.summary.append(f"texts with hits: {figures['texts_with_hits']} of {figures['texts']}")
    result.targets.append(Target("folding search p95", f["p95"], TARGET_P95_MS, "ms"))
    return result


async def _rounds(
    store: GraphStore, queries: Sequence[str], rounds: int
) -> tuple[list[float], dict[str, int]]:
    samples: list[float] = []
    hits: dict[str, int] = {}
    for _ in range(rounds):
        for text in queries:
            seconds, found = await _timed(store.search(text, limit=LIMIT))
            samples.append(seconds)
            hits[text] = len(found)
    return samples, hits


async def _prefix_only_rounds(store: GraphStore, queries: Sequence[str], rounds: int) -> list[float]:
    params = {**EVERYTHING.params(), "labels": None, "limit": LIMIT}
    samples: list[float] = []
    for _ in range(rounds):
        for text in queries:
            query = " ".join(f"{t}*" for t in terms(text))
            seconds, _ = await _timed(store.engine.read(PREFIX_ONLY_SEARCH, {**params, "query": query}))
            samples.append(seconds)
    return samples


def main(argv: Sequence[str] | None = None) -> int:
    p = parser(__doc__)
    p.add_argument("--rounds", type=int, default=5, help="times each text is searched")
    args = p.parse_args(argv)
    config = BenchConfig.from_args(args)
    asyncio.run(run_async(config, args.rounds)).finish(config.results_dir)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
