"""Shared fixtures: one embedded engine per test session, one graph per test."""

from __future__ import annotations

import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from graph_model.engines.embedded import EmbeddedServer
from graph_model.opening import open_store
from graph_model.settings import StoreSettings
from graph_model.store import GraphStore


@pytest.fixture(scope="session")
def engine_dir() -> Iterator[Path]:
    """A running embedded engine for the whole session (short path: unix socket)."""
    directory = Path(tempfile.mkdtemp(prefix="rg-", dir="/tmp"))
    server = EmbeddedServer(directory)
    server.start()
    yield directory
    server.stop()
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def store_settings(engine_dir: Path) -> StoreSettings:
    """Settings naming a fresh graph of its own in the session's engine."""
    return StoreSettings(data_dir=engine_dir, graph_name=f"t-{uuid.uuid4().hex[:12]}")


@pytest.fixture
async def store(store_settings: StoreSettings) -> AsyncIterator[GraphStore]:
    async with open_store(store_settings) as opened:
        yield opened
        await opened.engine.drop_all()
