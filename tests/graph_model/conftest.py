"""The store contract suite runs on embedded FalkorDB and on Neo4j (see ``graph_target``)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from graph_model.store import GraphStore
from graph_model.store_lifecycle import open_store
from tests.graph_targets import GraphTarget


@pytest.fixture
async def store(graph_target: GraphTarget) -> AsyncIterator[GraphStore]:
    async with open_store(await graph_target.fresh_settings()) as opened:
        yield opened
        await opened.engine.drop_all()
