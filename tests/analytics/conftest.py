"""The demo dataset behind the real app, spoken to over HTTP with real API keys.

Every module gets one freshly loaded demo graph (read-only tests share it);
tests that write open their own with :func:`demo_server`.  The analytics
clock is pinned to the demo's reference date: the planted answers (stale
relationships above all) are defined "as of" that day and must not drift
with the calendar.
"""

from __future__ import annotations

import contextlib
import functools
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

import api.app
from api.analytics.service import AnalyticsService
from api.app import create_app
from api.auth import KeyStore, Role
from api.auth.settings import AuthSettings
from api.settings import ApiSettings
from graph_model import cypher
from graph_model.opening import open_store
from graph_model.settings import StoreSettings
from graph_model.store import GraphStore
from seeds.demo import REFERENCE_DATE, demo_document, planted_answers
from tests.api import support
from tests.api.support import Gql, load, make_gql

REFERENCE = datetime.fromisoformat(REFERENCE_DATE)
# The account the account_member key is bound to: Solenne has a tie across
# industries (Julien Moreau - Uwe Schroeder of Northwind), so a leak of
# another account's people through the analytics would have a way to show.
MEMBER_ACCOUNT = "cust-solenne"
# What the store sends to read a scope for analytics, whichever way it reads it.
EXPORT_STATEMENTS = frozenset(
    text
    for name, text in cypher.STATEMENTS.items()
    if name.startswith("EXPORT_") or name == "INDUSTRY_MEMBER_IDS"
)


class CountingEngine(support.CountingEngine):
    @property
    def export_reads(self) -> int:
        return sum(n for statement, n in self.reads.items() if statement in EXPORT_STATEMENTS)


@dataclass
class DemoServer:
    client: httpx.AsyncClient
    gql: Gql
    engine: CountingEngine
    headers: dict[str, dict[str, str]]

    async def run(
        self, query: str, variables: dict[str, Any] | None = None, *, role: str = "admin"
    ) -> dict[str, Any]:
        """The decoded response body, whatever its status."""
        return await self.gql(query, variables, headers=self.headers[role], status=None)

    async def data(
        self, query: str, variables: dict[str, Any] | None = None, *, role: str = "admin"
    ) -> dict[str, Any]:
        """The ``data`` of a response that must have no errors."""
        body = await self.run(query, variables, role=role)
        assert "errors" not in body, body
        data: dict[str, Any] = body["data"]
        return data


def create_keys(keys_path: Path) -> dict[str, dict[str, str]]:
    store = KeyStore(keys_path)
    created = {
        "admin": store.create(Role.ADMIN),
        "analyst": store.create(Role.ANALYST),
        "member": store.create(Role.ACCOUNT_MEMBER, [MEMBER_ACCOUNT]),
    }
    return {role: {"Authorization": f"Bearer {key.key}"} for role, key in created.items()}


@contextlib.asynccontextmanager
async def demo_server(engine_dir: Path, keys_dir: Path) -> AsyncIterator[DemoServer]:
    """A new graph holding the demo, behind an auth-required app whose engine is counted."""
    keys_path = keys_dir / f"keys-{uuid.uuid4().hex[:8]}.json"
    headers = create_keys(keys_path)
    settings = StoreSettings(data_dir=engine_dir, graph_name=f"t-{uuid.uuid4().hex[:12]}")
    engines: list[CountingEngine] = []
    pinned = functools.partial(AnalyticsService, clock=lambda: REFERENCE)

    @contextlib.asynccontextmanager
    async def counted_store(opened_settings: StoreSettings) -> AsyncIterator[GraphStore]:
        async with open_store(opened_settings) as store:
            proxy = CountingEngine(store.engine)
            store.engine = proxy  # type: ignore[assignment]
            engines.append(proxy)
            yield store

    app = create_app(
        store_settings=settings,
        api_settings=ApiSettings(),
        auth_settings=AuthSettings(mode="on", keys_path=keys_path),
    )
    with pytest.MonkeyPatch.context() as patch:
        # The lifespan opens the store and builds the service: the engine is
        # counted, and the service's clock is the only thing that differs
        # from production.
        patch.setattr(api.app, "open_store", counted_store)
        patch.setattr(api.app, "AnalyticsService", pinned)
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
                server = DemoServer(client, make_gql(client), engines[0], headers)
                try:
                    await load(server.gql, demo_document(), headers=headers["admin"])
                    yield server
                finally:
                    await engines[0].inner.drop_all()


@pytest.fixture(scope="module")
async def demo(engine_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[DemoServer]:
    """The demo graph shared by the read-only tests of one module."""
    async with demo_server(engine_dir, tmp_path_factory.mktemp("keys")) as server:
        yield server


@pytest.fixture
async def fresh_demo(engine_dir: Path, tmp_path: Path) -> AsyncIterator[DemoServer]:
    """A demo graph of the test's own, for tests that write."""
    async with demo_server(engine_dir, tmp_path) as server:
        yield server


@pytest.fixture(scope="session")
def answers() -> dict[str, Any]:
    return planted_answers()


@dataclass(frozen=True)
class DemoIndex:
    """Who is what in the raw demo document, to compare the API's answers with."""

    labels: dict[str, str]
    names: dict[str, str]
    owner: dict[str, str]  # node id -> id of the customer owning it
    tiers: dict[str, str]

    def of_label(self, label: str) -> list[str]:
        return sorted(i for i, lb in self.labels.items() if lb == label)

    def owned_by(self, customer_id: str) -> set[str]:
        return {i for i, c in self.owner.items() if c == customer_id}


def _index(document: dict[str, Any]) -> DemoIndex:
    labels = {n["id"]: n["label"] for n in document["nodes"]}
    names = {n["id"]: n["properties"]["name"] for n in document["nodes"]}
    tiers = {n["id"]: n["properties"].get("tier", "") for n in document["nodes"] if n["label"] == "Customer"}
    rels = document["relationships"]
    owner = {i: i for i, lb in labels.items() if lb == "Customer"}
    parent = {r["from"]: r["to"] for r in rels if r["type"] == "PART_OF"}
    top = {r["to"]: r["from"] for r in rels if r["type"] == "HAS_DEPARTMENT"}
    for dept in (i for i, lb in labels.items() if lb == "Department"):
        current = dept
        while current not in top:
            current = parent[current]
        owner[dept] = top[current]
    for r in rels:
        if r["type"] == "WORKS_IN":
            owner[r["from"]] = owner[r["to"]]
    for r in rels:
        if r["type"] == "WITH":
            owner[r["from"]] = owner[r["to"]]
    return DemoIndex(labels, names, owner, tiers)


@pytest.fixture(scope="session")
def index() -> DemoIndex:
    return _index(demo_document())


def strings(value: Any) -> Iterator[str]:
    """Every string in a decoded JSON value, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)
