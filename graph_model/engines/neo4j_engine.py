"""Neo4j engine: the official async driver with managed transactions."""

from __future__ import annotations

from typing import Any

from neo4j import AsyncGraphDatabase, Query, RoutingControl
from neo4j.exceptions import ServiceUnavailable, SessionExpired

from graph_model.columns import ColumnRead, rows_to_result
from graph_model.cypher import Write
from graph_model.engines.base import Params, Row
from graph_model.engines.neo4j_statements import NEO4J_DROP_BATCH, NEO4J_SCHEMA, NEO4J_SEARCH
from graph_model.errors import EngineUnavailable


def _query(statement: str, timeout_ms: int) -> Query:
    # Statements are module constants, never user text: the cast is safe.
    return Query(statement, timeout=timeout_ms / 1000)


class Neo4jEngine:
    """Managed transactions retry transient errors; reads are routed as reads."""

    name = "neo4j"

    def __init__(self, uri: str, user: str, password: str, database: str, *, timeout_ms: int) -> None:
        self._driver = AsyncGraphDatabase.driver(uri, auth=(user, password))
        self._database = database
        self._timeout_ms = timeout_ms

    async def read(self, statement: str, params: Params) -> list[Row]:
        records, _, _ = await self._driver.execute_query(
            _query(statement, self._timeout_ms),
            dict(params),
            database_=self._database,
            routing_=RoutingControl.READ,
        )
        return [list(r.values()) for r in records]

    async def read_columns(self, read: ColumnRead, params: Params) -> list[list[Any]]:
        return rows_to_result(read, await self.read(read.statement, params))

    async def write(self, statement: Write, params: Params) -> list[Row]:
        return await self._write(statement.text, params)

    async def _write(self, statement: str, params: Params) -> list[Row]:
        """One statement in one managed transaction (retried on transient errors), with no time
        limit: an import is one statement, and a transaction cut off is rolled back whole."""
        records, _, _ = await self._driver.execute_query(
            Query(statement),
            dict(params),
            database_=self._database,
            routing_=RoutingControl.WRITE,
        )
        return [list(r.values()) for r in records]

    async def ensure_schema(self) -> None:
        await self._driver.verify_connectivity()
        for statement in NEO4J_SCHEMA.values():
            await self._write(statement, {})

    async def search(
        self, text: str, params: Params, limit: int
    ) -> list[tuple[str, list[str], dict[str, Any], float]]:
        rows = await self.read(NEO4J_SEARCH, {**params, "query": text, "limit": limit})
        return [(r[0], list(r[1]), dict(r[2]), float(r[3])) for r in rows]

    async def drop_all(self) -> None:
        while (await self._write(NEO4J_DROP_BATCH, {}))[0][0]:
            pass

    async def compact(self) -> None:
        """Nothing to do: Neo4j manages its own transaction logs."""

    async def ping(self) -> bool:
        try:
            await self._driver.verify_connectivity()
        except (ServiceUnavailable, SessionExpired) as exc:
            raise EngineUnavailable(f"Neo4j is not answering: {type(exc).__name__}") from exc
        return True

    async def close(self) -> None:
        await self._driver.close()
