"""Where a test's graph lives, on each engine the end-to-end suites run on."""

from __future__ import annotations

import dataclasses
import uuid

from graph_model.settings import StoreSettings
from graph_model.store_lifecycle import open_store


@dataclasses.dataclass(frozen=True)
class GraphTarget:
    """Where a test's graph lives: a graph of its own in embedded FalkorDB, or the one Neo4j database."""

    kind: str
    base: StoreSettings

    async def fresh_settings(self) -> StoreSettings:
        """Settings naming an empty graph (on Neo4j, the database wiped of everything before)."""
        settings = dataclasses.replace(self.base, graph_name=f"t-{uuid.uuid4().hex[:12]}")
        if self.kind == "neo4j":
            async with open_store(settings) as opened:
                await opened.engine.drop_all()
                await opened.engine.ensure_schema()
        return settings
