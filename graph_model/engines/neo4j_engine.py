"""Neo4j engine: the official async driver with managed transactions."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Sequence
from typing import Any

from neo4j import AsyncGraphDatabase, Query, RoutingControl
from neo4j.exceptions import ServiceUnavailable, SessionExpired

from graph_model.columns import ColumnRead, rows_to_result
from graph_model.cypher import Write
from graph_model.engines.base import Params, Row
from graph_model.engines.neo4j_statements import (
    COLLECTED_READS,
    NEO4J_AWAIT_FOLDED_INDEX,
    NEO4J_DROP_BATCH,
    NEO4J_SCHEMA,
    NEO4J_SEARCH,
)
from graph_model.engines.search_text import folded_terms
from graph_model.errors import EngineUnavailable


@contextlib.asynccontextmanager
async def _reachable() -> AsyncIterator[None]:
    """Report a Neo4j that cannot be reached as unavailable (it may come back), not as a failure."""
    try:
        yield
    except (ServiceUnavailable, SessionExpired) as exc:
        raise EngineUnavailable(f"Neo4j is not answering: {type(exc).__name__}") from exc


class Neo4jEngine:
    """Managed transactions retry transient errors; reads are routed as reads."""

    name = "neo4j"

    def __init__(self, uri: str, user: str, password: str, database: str, *, timeout_ms: int) -> None:
        self._driver = AsyncGraphDatabase.driver(uri, auth=(user, password))
        self._database = database
        self._timeout_ms = timeout_ms

    async def _execute(
        self, statement: str, params: Params, routing: RoutingControl, timeout_ms: int | None
    ) -> list[Row]:
        async with _reachable():
            records, _, _ = await self._driver.execute_query(
                Query(statement, timeout=None if timeout_ms is None else timeout_ms / 1000),
                dict(params),
                database_=self._database,
                routing_=routing,
            )
        return [list(r.values()) for r in records]

    async def read(self, statement: str, params: Params) -> list[Row]:
        return await self._execute(statement, params, RoutingControl.READ, self._timeout_ms)

    async def read_columns(self, read: ColumnRead, params: Params) -> list[list[Any]]:
        """A bulk read in its collected form (``COLLECTED_READS``, chosen by the read's name)."""
        [[rows]] = await self.read(COLLECTED_READS[read.name], params)
        return rows_to_result(read, rows)

    async def write(self, statement: Write, params: Params) -> list[Row]:
        """One statement in one managed transaction (retried on transient errors), with no time
        limit: an import is one statement, and a transaction cut off is rolled back whole."""
        return await self._execute(statement.text, params, RoutingControl.WRITE, None)

    async def _maintain(self, statement: str) -> list[Row]:
        # Schema set-up and wiping are not requests: they run without the
        # per-statement limit, which is sized for requests, not for a large wipe.
        return await self._execute(statement, {}, RoutingControl.WRITE, None)

    async def ensure_schema(self) -> None:
        async with _reachable():
            await self._driver.verify_connectivity()
        for statement in NEO4J_SCHEMA.values():
            await self._maintain(statement)
        await self._maintain(NEO4J_AWAIT_FOLDED_INDEX)

    async def search(
        self, words: Sequence[str], params: Params, limit: int
    ) -> list[tuple[str, list[str], dict[str, Any], float]]:
        # One Lucene query per term; a word folding to several words asks for them all.
        folded = [" ".join(f"+{t}*" for t in folded_terms([w])) or f"{w}*" for w in words]
        params = {**params, "terms": [f"{w}*" for w in words], "folded": folded, "limit": limit}
        rows = await self.read(NEO4J_SEARCH, params)
        return [(r[0], list(r[1]), dict(r[2]), float(r[3])) for r in rows]

    async def drop_all(self) -> None:
        while (await self._maintain(NEO4J_DROP_BATCH))[0][0]:
            pass

    async def compact(self) -> None:
        """Nothing to do: Neo4j manages its own transaction logs."""

    async def ping(self) -> bool:
        async with _reachable():
            await self._driver.verify_connectivity()
        return True

    async def close(self) -> None:
        await self._driver.close()
