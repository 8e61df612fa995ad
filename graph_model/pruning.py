"""Keeping the change log within its retention: pruned at start-up, then periodically."""

from __future__ import annotations

import asyncio
import logging

from graph_model.errors import EngineError
from graph_model.store import GraphStore

logger = logging.getLogger("relgraph.changes")
PRUNE_INTERVAL_S = 3600.0


async def prune_periodically(store: GraphStore, interval_s: float = PRUNE_INTERVAL_S) -> None:
    """Prune now and every ``interval_s``; an engine that is away is tried again next time."""
    while True:
        try:
            pruned = await store.prune_changes()
        except EngineError as exc:
            logger.warning("change log not pruned this time: %s", exc)
        else:
            if pruned:
                logger.info(
                    "pruned %d change log entries older than %d days", pruned, store.change_retention_days
                )
        await asyncio.sleep(interval_s)
