"""Result completion: relgraph's direct completion of plain records against graphql-core's own.

The same 5,000-node typed map document runs in-process (no HTTP) through the
schema with ``RecordExecutionContext`` and through the same schema with
strawberry's stock execution context, alternated, after one warm-up each.
The store's own traversal is in both: its time is measured apart and given.

    .venv/bin/python -m tests.bench.bench_completion
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from typing import Any

from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from api.graphql.core.context import Context
from api.graphql.core.execution import RecordExecutionContext
from api.graphql.schema import build_schema
from api.settings import ApiSettings
from graph_model.access import EVERYTHING
from tests.bench.bench_graphql import BIG_MAP_NODES, BIG_TYPED_SLIM, pick_big_root
from tests.bench.common import BenchConfig, Result, Target, latency_ms, median, parser
from tests.bench.dataset import bench_store

SAMPLES = 15
# Worth its code only if it takes at least this share off the GraphQL side of a large map.
TARGET_SAVING = 0.3


async def run_async(config: BenchConfig) -> Result:
    result = Result("completion", "Direct completion of plain records vs graphql-core's", {})
    settings = ApiSettings()
    direct, stock = build_schema(settings), build_schema(settings)
    stock.execution_context_class = StrawberryGraphQLCoreExecutionContext
    assert direct.execution_context_class is RecordExecutionContext
    async with bench_store(config) as (store, dataset):
        root, depth, size = await pick_big_root(store)
        variables = {"id": root, "depth": depth, "limit": BIG_MAP_NODES}

        async def once(schema: Any) -> float:
            context = Context(store=store, analytics=None, access=EVERYTHING, settings=settings)
            started = time.perf_counter()
            outcome = await schema.execute(BIG_TYPED_SLIM, variable_values=variables, context_value=context)
            elapsed = time.perf_counter() - started
            assert outcome.errors is None, outcome.errors
            return elapsed

        samples: dict[str, list[float]] = {"direct": [], "stock": []}
        await once(direct), await once(stock)
        for _ in range(SAMPLES):
            samples["direct"].append(await once(direct))
            samples["stock"].append(await once(stock))
        store_only = []
        for _ in range(SAMPLES):
            started = time.perf_counter()
            await store.relationship_map(root, depth=depth, limit=BIG_MAP_NODES, properties=False)
            store_only.append(time.perf_counter() - started)
    direct_ms, stock_ms = median(samples["direct"]) * 1e3, median(samples["stock"]) * 1e3
    store_ms = median(store_only) * 1e3
    saving = 1 - (direct_ms - store_ms) / (stock_ms - store_ms) if stock_ms > store_ms else 0.0
    result.figures = {
        "dataset": dataset,
        "map": {"root": root, "depth": depth, "nodes": size},
        "direct_ms": latency_ms(samples["direct"]),
        "stock_ms": latency_ms(samples["stock"]),
        "store_ms": latency_ms(store_only),
        "graphql_side_saving": round(saving, 3),
    }
    result.summary.append(
        f"{size:,}-node typed map in-process, median of {SAMPLES}: direct completion {direct_ms:.0f} ms, "
        f"graphql-core's {stock_ms:.0f} ms ({stock_ms / direct_ms:.2f}x); store alone {store_ms:.0f} ms"
    )
    result.targets.append(
        Target("share of the GraphQL side saved by direct completion", saving, TARGET_SAVING, "", "higher")
    )
    return result


def main(argv: Sequence[str] | None = None) -> int:
    config = BenchConfig.from_args(parser(__doc__).parse_args(argv))
    result = asyncio.run(run_async(config))
    result.finish(config.results_dir)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
