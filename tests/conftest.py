"""Shared fixtures: one embedded engine per test session, one graph per test.

The store contract suite and the GraphQL end-to-end suite also run on a real
Neo4j (the ``graph_target`` fixture, parametrised by engine): an external one
named by RELGRAPH_TEST_NEO4J_URI, else the Neo4j Community of tests/neo4j,
started once per session. Community holds one database, so every Neo4j graph
starts by wiping it, and those tests run one after another.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from graph_model.engines.embedded import EmbeddedServer
from graph_model.settings import StoreSettings, _bool
from graph_model.store import GraphStore
from graph_model.store_lifecycle import open_store
from tests.graph_targets import GraphTarget
from tests.neo4j.server import Neo4jServer, Neo4jUnavailable

NEO4J_REQUIRED = _bool(os.environ, "RELGRAPH_REQUIRE_NEO4J", False)
ENGINES = ["falkordb", pytest.param("neo4j", marks=pytest.mark.neo4j)]
_neo4j_skipped: list[str] = []


@pytest.fixture(scope="session")
def engine_dir() -> Iterator[Path]:
    """A running embedded engine for the whole session (short path: unix socket)."""
    directory = Path(tempfile.mkdtemp(prefix="rg-", dir="/tmp"))
    server = EmbeddedServer(directory)
    server.start()
    yield directory
    server.stop()
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="session")
def neo4j_settings() -> Iterator[StoreSettings]:
    """Settings reaching the session's Neo4j; skips the tier (or fails it when required) if none runs."""
    external = os.environ.get("RELGRAPH_TEST_NEO4J_URI")
    if external:
        yield StoreSettings(
            db_url=external,
            neo4j_user=os.environ.get("RELGRAPH_TEST_NEO4J_USER", "neo4j"),
            neo4j_password=os.environ.get("RELGRAPH_TEST_NEO4J_PASSWORD", ""),
            neo4j_database=os.environ.get("RELGRAPH_TEST_NEO4J_DATABASE", "neo4j"),
        )
        return
    server = Neo4jServer()
    try:
        uri = server.start()
    except Neo4jUnavailable as exc:
        if NEO4J_REQUIRED:
            pytest.fail(f"RELGRAPH_REQUIRE_NEO4J is set but Neo4j cannot run: {exc}", pytrace=False)
        _neo4j_skipped.append(str(exc))
        pytest.skip(f"Neo4j tier skipped: {exc}")
    try:
        yield StoreSettings(db_url=uri)
    finally:
        server.stop()


@pytest.fixture(scope="session", params=ENGINES)
def graph_target(request: pytest.FixtureRequest) -> GraphTarget:
    if request.param == "neo4j":
        return GraphTarget("neo4j", request.getfixturevalue("neo4j_settings"))
    return GraphTarget("falkordb", StoreSettings(data_dir=request.getfixturevalue("engine_dir")))


@pytest.fixture
def store_settings(engine_dir: Path) -> StoreSettings:
    """Settings naming a fresh graph of its own in the session's engine."""
    return StoreSettings(data_dir=engine_dir, graph_name=f"t-{uuid.uuid4().hex[:12]}")


@pytest.fixture
async def store(store_settings: StoreSettings) -> AsyncIterator[GraphStore]:
    async with open_store(store_settings) as opened:
        yield opened
        await opened.engine.drop_all()


def _on_neo4j(item: pytest.Item) -> bool:
    callspec = getattr(item, "callspec", None)
    return callspec is not None and callspec.params.get("graph_target") == "neo4j"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the Neo4j tests after the rest, module by module, each module's tests on a
    shared graph (module fixtures) before those that wipe the one database for a graph
    of their own (``store_settings``); shared graphs are only read."""
    module_rank: dict[str, int] = {}
    for item in items:
        module_rank.setdefault(item.nodeid.split("::")[0], len(module_rank))

    def key(indexed: tuple[int, pytest.Item]) -> tuple[int, ...]:
        index, item = indexed
        if not _on_neo4j(item):
            return (0, index)
        owns_graph = "store_settings" in item.fixturenames
        return (1, module_rank[item.nodeid.split("::")[0]], int(owns_graph), index)

    items[:] = [item for _, item in sorted(enumerate(items), key=key)]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _neo4j_skipped:
        terminalreporter.write_line(f"Neo4j tier skipped: {_neo4j_skipped[0]}")
