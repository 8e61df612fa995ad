"""The store contract suite runs on embedded FalkorDB always, and on a live
Neo4j 5 too when RELGRAPH_TEST_NEO4J_URI is set."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator

import pytest

from graph_model.opening import open_store
from graph_model.settings import StoreSettings
from graph_model.store import GraphStore

NEO4J_URI = os.environ.get("RELGRAPH_TEST_NEO4J_URI")


@pytest.fixture(params=["falkordb", "neo4j"])
async def store(request: pytest.FixtureRequest, store_settings: StoreSettings) -> AsyncIterator[GraphStore]:
    if request.param == "neo4j":
        if not NEO4J_URI:
            pytest.skip("set RELGRAPH_TEST_NEO4J_URI to run the contract suite on Neo4j")
        settings = StoreSettings(
            db_url=NEO4J_URI,
            neo4j_user=os.environ.get("RELGRAPH_TEST_NEO4J_USER", "neo4j"),
            neo4j_password=os.environ.get("RELGRAPH_TEST_NEO4J_PASSWORD", ""),
            neo4j_database=os.environ.get("RELGRAPH_TEST_NEO4J_DATABASE", "neo4j"),
            graph_name=f"t-{uuid.uuid4().hex[:12]}",
        )
    else:
        settings = store_settings
    async with open_store(settings) as opened:
        await opened.engine.drop_all()
        await opened.engine.ensure_schema()
        yield opened
        await opened.engine.drop_all()
