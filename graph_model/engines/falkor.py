"""FalkorDB engine: the embedded default, or an external server by URL."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlparse

from falkordb.asyncio import FalkorDB
from redis.asyncio import BlockingConnectionPool, UnixDomainSocketConnection
from redis.exceptions import ResponseError

from graph_model.bulk import gc_paused
from graph_model.columns import ColumnRead, rows_to_result
from graph_model.engines import falkor_documents as documents
from graph_model.engines.base import Params, Row
from graph_model.engines.falkor_columns import SEPARATOR, packed_statement, unpack
from graph_model.engines.falkor_documents import documented
from graph_model.engines.falkor_id_groups import with_id_groups
from graph_model.model import ACCOUNT_PROPERTY, ENTITY_LABEL

_log = logging.getLogger("relgraph.engine")

# FalkorDB-only statements: its DDL and full-text procedures differ from Neo4j.
FALKOR_RANGE_INDEXES = {
    "id": f"CREATE INDEX FOR (n:{ENTITY_LABEL}) ON (n.id)",
    ACCOUNT_PROPERTY: f"CREATE INDEX FOR (n:{ENTITY_LABEL}) ON (n.{ACCOUNT_PROPERTY})",
}
FALKOR_FULLTEXT_INDEX = f"CALL db.idx.fulltext.createNodeIndex('{ENTITY_LABEL}', 'name', 'title')"
FALKOR_LIST_INDEXES = "CALL db.indexes() YIELD label, types RETURN label, types"
FALKOR_SEARCH = (
    f"CALL db.idx.fulltext.queryNodes('{ENTITY_LABEL}', $query) YIELD node, score "
    f"WITH node AS n, score "
    f"WHERE ($seeAll OR n.{ACCOUNT_PROPERTY} IS NULL OR n.{ACCOUNT_PROPERTY} IN $accounts) "
    "AND ($labels IS NULL OR any(l IN labels(n) WHERE l IN $labels)) "
    "RETURN n.id AS id, labels(n) AS labels, properties(n) AS props, score "
    "ORDER BY score DESC, n.id LIMIT $limit"
)


_STRING, _INTEGER, _BOOLEAN, _DOUBLE, _NULL = 2, 3, 4, 5, 1


_ARRAY, _MAP = 6, 10


def _value(kind: int, value: Any) -> Any:
    """Decode one cell of a compact reply holding no nodes, edges or paths."""
    if kind in (_STRING, _NULL):
        return value
    if kind == _DOUBLE:
        return float(value)
    if kind == _INTEGER:
        return int(value)
    if kind == _BOOLEAN:
        return value == "true"
    if kind == _ARRAY:
        return [_value(k, v) for k, v in value]
    if kind == _MAP:
        pairs = iter(value)
        return {key: _value(*cell) for key, cell in zip(pairs, pairs, strict=True)}
    raise TypeError(f"statement returned a graph entity (cell type {kind}); return its properties instead")


class FalkorEngine:
    """Talks to FalkorDB over its native protocol (the asyncio client).

    FalkorDB runs each statement atomically but has no multi-statement
    transactions, so ``write_all`` runs statements in order; the store
    validates everything before writing so a batch does not fail half-way.
    """

    name = "falkordb"

    def __init__(
        self,
        pool: BlockingConnectionPool,
        graph_name: str,
        *,
        timeout_ms: int,
        owns_persistence: bool = False,
    ) -> None:
        self._owns_persistence = owns_persistence
        self._pool = pool
        self._db = FalkorDB(connection_pool=pool)
        self._graph = self._db.select_graph(graph_name)
        self._graph_name = graph_name
        self._timeout_ms = timeout_ms

    @classmethod
    def for_socket(cls, socket_path: str, graph_name: str, *, timeout_ms: int) -> FalkorEngine:
        pool = BlockingConnectionPool(
            connection_class=UnixDomainSocketConnection,
            path=socket_path,
            max_connections=32,
            timeout=None,
            # The engine's own query timeout bounds each statement; a socket
            # timeout would cut off large (slow to transfer) analytics reads.
            socket_timeout=None,
            decode_responses=True,
        )
        return cls(pool, graph_name, timeout_ms=timeout_ms, owns_persistence=True)

    @classmethod
    def for_url(cls, url: str, graph_name: str, *, timeout_ms: int) -> FalkorEngine:
        parsed = urlparse(url)
        scheme = "rediss" if parsed.scheme in ("falkordbs", "rediss") else "redis"
        pool = BlockingConnectionPool.from_url(
            parsed._replace(scheme=scheme).geturl(),
            max_connections=32,
            timeout=None,
            socket_timeout=None,
            decode_responses=True,
        )
        return cls(pool, graph_name, timeout_ms=timeout_ms)

    async def read(self, statement: str, params: Params) -> list[Row]:
        """Run a read-only statement.

        Every statement of the project returns values, never nodes: the reply
        is decoded here in one pass, several times faster than the client's
        generic parser, which resolves graph entities cell by cell.
        """
        header = self._graph._build_params_header(dict(params)) if params else ""
        reply = await self._db.connection.execute_command(
            "GRAPH.RO_QUERY", self._graph_name, header + statement, "--compact", "timeout", self._timeout_ms
        )
        if reply and isinstance(reply[-1], Exception):
            raise reply[-1]
        if len(reply) < 3:
            return []
        return [[_value(kind, value) for kind, value in row] for row in reply[1]]

    async def read_columns(self, read: ColumnRead, params: Params) -> list[list[Any]]:
        """A bulk read, each column joined into one string by the engine.

        Falls back to the row-by-row statement when a value holds the
        separator; the collector is paused while the values pile up.
        """
        read, params = with_id_groups(read, params)
        with gc_paused():
            # Property groups are read from documents first; a read without
            # any has one packed form only.
            for documents in (True, False) if read.groups else (False,):
                statement = packed_statement(read, documents=documents)
                rows = await self.read(statement, {**params, "separator": SEPARATOR})
                count, *joined = rows[0]
                columns = unpack(read, count, joined, documents=documents)
                if columns is not None:
                    return columns
            return rows_to_result(read, await self.read(read.statement, params))

    async def write(self, statement: str, params: Params) -> list[Row]:
        statement, params = documented(statement, params)
        result = await self._graph.query(statement, dict(params), timeout=self._timeout_ms)
        return list(result.result_set)

    async def write_all(self, statements: Sequence[tuple[str, Params]]) -> None:
        for portable, portable_params in statements:
            statement, params = documented(portable, portable_params)
            await self._graph.query(statement, dict(params), timeout=self._timeout_ms)

    async def ensure_schema(self) -> None:
        """Create the missing indexes, and only those.

        Schema commands go to the append-only file and are replayed at every
        start, so none may fail.  No unique constraint is declared: FalkorDB
        replays GRAPH.CONSTRAINT unreliably from the append-only file, and it
        is not needed here because FalkorDB runs write queries one at a time,
        so ``MERGE`` on the indexed id never creates a duplicate.
        """
        indexed = await self._indexed()
        missing = [st for prop, st in FALKOR_RANGE_INDEXES.items() if "RANGE" not in indexed.get(prop, ())]
        if "FULLTEXT" not in indexed.get("name", ()):
            missing.append(FALKOR_FULLTEXT_INDEX)
        for statement in missing:
            await self._graph.query(statement)
        if missing:
            # Replayed from the append-only file, index creation comes too late
            # to serve the statements replayed after it (each MERGE becomes a
            # full scan, minutes for a large graph): snapshot the indexes now.
            await self.compact()
        await self._ensure_documents()

    async def _ensure_documents(self) -> None:
        """Give every entity its property document (``falkor_documents``), once per graph."""
        [[version]] = await self.read(documents.VERSION_READ, {})
        if version == documents.DOCUMENT_VERSION:
            return
        if version is not None:
            for statement in documents.CLEAR:
                await self._graph.query(statement)
        params = {"batch": documents.BACKFILL_BATCH, **documents.DOCUMENT_PARAMETERS}
        written = 0
        for statement in documents.BACKFILL:
            while (batch := (await self._graph.query(statement, params)).result_set[0][0]) > 0:
                if not written:
                    # Once per graph written by an earlier version: tell why start-up waits.
                    _log.warning("writing property documents for the stored graph (once)")
                written += batch
        await self._graph.query(documents.VERSION_WRITE, {"version": documents.DOCUMENT_VERSION})
        if written:
            _log.warning("property documents written for %d nodes and relationships", written)
            await self.compact()

    async def _indexed(self) -> dict[str, list[str]]:
        """Index kinds per property of the entity label (``{}`` for a new graph)."""
        # A graph that does not exist yet cannot be asked; a write creates it.
        result = await self._graph.query(FALKOR_LIST_INDEXES)
        for label, types in result.result_set:
            if label == ENTITY_LABEL:
                return {prop: list(kinds) for prop, kinds in dict(types).items()}
        return {}

    async def search(
        self, text: str, params: Params, limit: int
    ) -> list[tuple[str, list[str], dict[str, Any], float]]:
        rows = await self.read(FALKOR_SEARCH, {**params, "query": text, "limit": limit})
        return [(r[0], r[1], dict(r[2]), float(r[3])) for r in rows]

    async def drop_all(self) -> None:
        try:
            await self._graph.delete()
        except ResponseError as exc:
            if "empty key" not in str(exc) and "Invalid graph operation" not in str(exc):
                raise

    async def compact(self) -> None:
        """Rewrite the append-only file as a snapshot, e.g. after a bulk load.

        Until rewritten, the file replays every statement ever written, so a
        restart after a large import would re-run the whole import.  Only the
        embedded engine is ours to manage; an external server is left alone.
        """
        if not self._owns_persistence:
            return
        connection = self._db.connection
        # The engine reports progress only through INFO: poll it.
        while (await connection.info("persistence")).get("aof_rewrite_in_progress"):  # noqa: ASYNC110
            await asyncio.sleep(0.05)
        await connection.execute_command("BGREWRITEAOF")
        while True:
            info = await connection.info("persistence")
            if not info.get("aof_rewrite_in_progress") and not info.get("aof_rewrite_scheduled"):
                return
            await asyncio.sleep(0.05)

    async def ping(self) -> bool:
        return bool(await self._db.connection.ping())

    async def close(self) -> None:
        await self._pool.disconnect()
