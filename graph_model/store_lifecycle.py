"""Open the store the settings name, and close it (and its engine) after."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

import anyio.to_thread

from graph_model.engines.base import Engine
from graph_model.engines.embedded import EmbeddedServer
from graph_model.engines.falkor import FalkorEngine
from graph_model.errors import EngineError
from graph_model.settings import StoreSettings
from graph_model.store import GraphStore

logger = logging.getLogger("relgraph.engine")
WATCH_INTERVAL_S = 1.0
WATCH_TASK = "relgraph-engine-watch"


async def _engine(settings: StoreSettings, stack: contextlib.AsyncExitStack) -> Engine:
    kind = settings.engine_kind
    if kind == "neo4j":
        from graph_model.engines.neo4j_engine import Neo4jEngine

        return Neo4jEngine(
            settings.db_url,
            settings.neo4j_user,
            settings.neo4j_password,
            settings.neo4j_database,
            timeout_ms=settings.query_timeout_ms,
        )
    if kind == "falkordb":
        return FalkorEngine.for_url(
            settings.db_url, settings.graph_name, timeout_ms=settings.query_timeout_ms
        )
    server = EmbeddedServer(settings.data_dir, fsync=settings.fsync)
    socket_path = await anyio.to_thread.run_sync(server.start)
    stack.callback(server.stop)
    watch = asyncio.create_task(_watch(server), name=WATCH_TASK)
    stack.callback(watch.cancel)
    return FalkorEngine.for_socket(
        str(socket_path), settings.graph_name, timeout_ms=settings.query_timeout_ms
    )


async def _watch(server: EmbeddedServer) -> None:
    """Bring the engine back if its keeper is gone (the keeper itself restarts a dead engine).

    Until it answers again, requests fail with ``EngineUnavailable``.
    """
    while True:
        await asyncio.sleep(WATCH_INTERVAL_S)
        if server.keeper_alive():
            continue
        logger.warning("the embedded engine's keeper is gone; starting it again")
        try:
            await anyio.to_thread.run_sync(server.start)
        except EngineError as exc:
            logger.error("the embedded engine could not be restarted: %s", exc)


@contextlib.asynccontextmanager
async def open_store(settings: StoreSettings) -> AsyncIterator[GraphStore]:
    """Yield a ready store: engine started or reached, schema in place."""
    async with contextlib.AsyncExitStack() as stack:
        engine = await _engine(settings, stack)
        stack.push_async_callback(engine.close)
        try:
            await engine.ensure_schema()
        except EngineError:
            raise
        except Exception as exc:
            raise EngineError(f"cannot reach the {engine.name} engine ({settings.db_url}): {exc}") from exc
        yield GraphStore(engine, change_retention_days=settings.change_retention_days)
