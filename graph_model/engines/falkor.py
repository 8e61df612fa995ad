"""FalkorDB engine: the embedded default, or an external server by URL."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterator, Sequence
from typing import Any
from urllib.parse import urlparse

from falkordb.asyncio import FalkorDB
from redis.asyncio import BlockingConnectionPool, UnixDomainSocketConnection
from redis.exceptions import BusyLoadingError, ResponseError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from graph_model.columns import ColumnRead, rows_to_result
from graph_model.cypher import Write
from graph_model.engines.base import Params, Row
from graph_model.engines.falkor_columns import SEPARATOR, unpack
from graph_model.engines.falkor_statements import (
    FALKOR_DROP_LEGACY_DOCUMENTS,
    FALKOR_FULLTEXT_INDEX,
    FALKOR_HAS_LEGACY_DOCUMENTS,
    FALKOR_LIST_INDEXES,
    FALKOR_LOG_INDEXES,
    FALKOR_RANGE_INDEXES,
    FALKOR_RUN_INDEXES,
    FALKOR_SEARCH_CANDIDATES,
    FALKOR_SEARCH_HITS,
    FALKOR_SEARCH_RUN_CANDIDATES,
    FALKOR_WRITES,
    PACKED_READS,
)
from graph_model.engines.redisearch_query import entity_query, run_query
from graph_model.engines.search_text import begins_words, folded_terms
from graph_model.errors import EngineUnavailable
from graph_model.gc_pauses import gc_paused
from graph_model.model import ENTITY_LABEL, LOG_LABEL, Label

_log = logging.getLogger("relgraph.engine")

# Short prefixes and fuzzy terms bring words that only look alike ("thomas"
# for "tomas"), which the check drops: the best this many candidates are read
# and checked.
MAX_CANDIDATES = 2000


def _keep_matching(kept: dict[str, float], folded: Sequence[str], candidates: list[Row], limit: int) -> None:
    """Add to ``kept`` the candidates whose folded words begin with the folded terms, up to ``limit``."""
    for node_id, name, title, score in candidates:
        if len(kept) >= limit:
            return
        if node_id not in kept and begins_words(folded, [t for t in (name, title) if isinstance(t, str)]):
            kept[node_id] = score


_NULL, _STRING, _INTEGER, _BOOLEAN, _DOUBLE, _ARRAY, _MAP = 1, 2, 3, 4, 5, 6, 10


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
        # Most cells of a map (a change log entry, a node's properties) are
        # strings: taken as they are, without a call each.
        pairs = iter(value)
        return {
            key: cell[1] if cell[0] == _STRING else _value(*cell)
            for key, cell in zip(pairs, pairs, strict=True)
        }
    raise TypeError(f"statement returned a graph entity (cell type {kind}); return its properties instead")


@contextlib.contextmanager
def _reachable() -> Iterator[None]:
    """Report a lost or loading engine as unavailable (a restart brings it back), not as a failure."""
    try:
        yield
    except (RedisConnectionError, RedisTimeoutError, BusyLoadingError) as exc:
        raise EngineUnavailable(f"the FalkorDB engine is not answering: {type(exc).__name__}") from exc


def _rows(reply: list[Any]) -> list[Row]:
    """The rows of a ``--compact`` reply (header, rows, statistics; statistics alone for no columns)."""
    if reply and isinstance(reply[-1], Exception):
        raise reply[-1]
    if len(reply) < 3:
        return []
    return [[_value(kind, value) for kind, value in row] for row in reply[1]]


class FalkorEngine:
    """Talks to FalkorDB over its native protocol (the asyncio client).

    FalkorDB runs each statement atomically, which is why every write of the
    store is one statement.
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

    def _command(self, command: str, statement: str, params: Params) -> list[Any]:
        header = self._graph._build_params_header(dict(params)) if params else ""
        return [command, self._graph_name, header + statement, "--compact"]

    async def read(self, statement: str, params: Params) -> list[Row]:
        """Run a read-only statement.

        Every statement of the project returns values, never nodes: the reply
        is decoded here in one pass, several times faster than the client's
        generic parser, which resolves graph entities cell by cell.
        """
        command = self._command("GRAPH.RO_QUERY", statement, params)
        with _reachable():
            reply = await self._db.connection.execute_command(*command, "timeout", self._timeout_ms)
        return _rows(reply)

    async def read_columns(self, read: ColumnRead, params: Params) -> list[list[Any]]:
        """A bulk read in its packed form, each column joined into one string by the engine.

        Falls back to the portable statement when a value holds the
        separator; the collector is paused while the values pile up.
        """
        with gc_paused():
            rows = await self.read(PACKED_READS[read.name], {**params, "separator": SEPARATOR})
            count, *joined = rows[0]
            columns = unpack(read, count, joined)
            if columns is not None:
                return columns
            return rows_to_result(read, await self.read(read.statement, params))

    async def write(self, statement: Write, params: Params) -> list[Row]:
        """Run one write statement, atomically, in FalkorDB's form when it has one of its own.

        No time limit: a write cut off part-way would be left half-applied
        (FalkorDB cannot roll a statement back), and an import is one statement.
        """
        with _reachable():
            text = FALKOR_WRITES.get(statement.name, statement.text)
            reply = await self._db.connection.execute_command(*self._command("GRAPH.QUERY", text, params))
        return _rows(reply)

    async def ensure_schema(self) -> None:
        """Create the missing indexes, and only those.

        Schema commands go to the append-only file and are replayed at every
        start, so none may fail.  No unique constraint is declared: FalkorDB
        replays GRAPH.CONSTRAINT unreliably from the append-only file, and it
        is not needed here because FalkorDB runs write queries one at a time,
        so ``MERGE`` on the indexed id never creates a duplicate.
        """
        kinds = await self._index_kinds()
        indexed = kinds.get(ENTITY_LABEL, {})
        missing = [st for prop, st in FALKOR_RANGE_INDEXES.items() if "RANGE" not in indexed.get(prop, ())]
        if "FULLTEXT" not in indexed.get("name", ()):
            missing.append(FALKOR_FULLTEXT_INDEX)
        for label, statement in FALKOR_RUN_INDEXES.items():
            if "FULLTEXT" not in kinds.get(label.value, {}).get("name", ()):
                missing.append(statement)
        logged = kinds.get(LOG_LABEL, {})
        missing += [st for prop, st in FALKOR_LOG_INDEXES.items() if "RANGE" not in logged.get(prop, ())]
        for statement in missing:
            await self._graph.query(statement)
        if missing:
            # Replayed from the append-only file, index creation comes too late
            # to serve the statements replayed after it (each MERGE becomes a
            # full scan, minutes for a large graph): snapshot the indexes now.
            await self.compact()
        await self._drop_legacy_documents()

    async def _drop_legacy_documents(self) -> None:
        """Remove the JSON copies of properties that earlier versions kept (once per graph)."""
        # Start-up work, not a request: no request time limit.
        [[found]] = (await self._graph.query(FALKOR_HAS_LEGACY_DOCUMENTS)).result_set
        if not found:
            return
        _log.warning("removing the property copies an earlier version stored (once)")
        for statement in FALKOR_DROP_LEGACY_DOCUMENTS.values():
            await self._graph.query(statement)
        await self.compact()

    async def _index_kinds(self) -> dict[str, dict[str, list[str]]]:
        """Index kinds per property, per label (``{}`` for a new graph)."""
        # A graph that does not exist yet cannot be asked; a write creates it.
        result = await self._graph.query(FALKOR_LIST_INDEXES)
        return {label: {p: list(kinds) for p, kinds in dict(t).items()} for label, t in result.result_set}

    async def search(
        self, words: Sequence[str], params: Params, limit: int
    ) -> list[tuple[str, list[str], dict[str, Any], float]]:
        """FalkorDB's indexes cannot fold accents (nor lower-case capitals outside ASCII),
        so two queries ask for more than is wanted and the candidates are checked here.

        The entity index is asked for each word folded, as typed and within a
        small edit distance; the run indexes, which hold the plain-letter runs
        of each word, for the runs a word beginning with the folded term can
        have ("r" for "aero" and "Ærø", "ster*" for "oster" and "Østergaard"):
        see ``graph_model.engines.redisearch_query``.  Both also bring words
        that only look alike ("Thomas" for "tomas"), which the check drops.
        """
        folded = folded_terms(words)
        entity = {**params, "query": entity_query(words, folded), "limit": MAX_CANDIDATES}
        kept: dict[str, float] = {}
        _keep_matching(kept, folded, await self.read(FALKOR_SEARCH_CANDIDATES, entity), limit)
        if len(kept) < limit:
            # Entity hits come first, so with ``limit`` of them the runs could add nothing.
            runs = {
                **params,
                "query": run_query(folded),
                "runLabels": params["labels"] or [label.value for label in Label],
                "limit": MAX_CANDIDATES,
            }
            _keep_matching(kept, folded, await self.read(FALKOR_SEARCH_RUN_CANDIDATES, runs), limit)
        if not kept:
            return []
        rows = {r[0]: r for r in await self.read(FALKOR_SEARCH_HITS, {"ids": list(kept)})}
        # A node deleted between the two reads is left out.
        return [(i, rows[i][1], dict(rows[i][2]), float(score)) for i, score in kept.items() if i in rows]

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
        with _reachable():
            return bool(await self._db.connection.ping())

    async def close(self) -> None:
        await self._pool.disconnect()
