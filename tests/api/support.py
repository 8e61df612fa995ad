"""Shared helpers for the API tests: a small hand-checkable graph, a client factory,
and an engine proxy that counts the statements the store sends."""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

import httpx
import pytest

import api.app
from api.app import create_app
from api.auth.settings import AuthSettings
from api.settings import ApiSettings
from graph_model.columns import ColumnRead
from graph_model.engines.base import Engine, Params, Row
from graph_model.settings import StoreSettings
from graph_model.store import GraphStore
from graph_model.store_lifecycle import open_store
from tests.graph_targets import GraphTarget

Gql = Callable[..., Awaitable[dict[str, Any]]]


def node(label: str, node_id: str, name: str, **props: Any) -> dict[str, Any]:
    return {"label": label, "id": node_id, "properties": {"name": name, **props}}


def rel(rel_type: str, source: str, target: str, **props: Any) -> dict[str, Any]:
    return {"type": rel_type, "from": source, "to": target, "properties": props}


# Two automotive accounts and one medical one.  Acme:
#   Management (Ann, CEO)  <-PART_OF-  IT (Bob, CTO; Gus)      Procurement (Cat)
#   Bob and Cat report to Ann; Gus reports to Bob.
# Bolt: Engineering (Dan).  Cure: no departments.
# Cross-company: Bob KNOWS Dan; Dan INFLUENCES Bob; Ann INFLUENCES Bob.
SEED: dict[str, Any] = {
    "nodes": [
        node("Industry", "ind-auto", "Automotive"),
        node("Industry", "ind-med", "Medical"),
        node(
            "Customer",
            "c-acme",
            "Acme Motors",
            customerType="ENTERPRISE",
            tier="STRATEGIC",
            lifecycleStage="ACTIVE",
            annualRevenue=5_000_000.0,
            region="EU",
            employees=1200,
        ),
        node(
            "Customer",
            "c-bolt",
            "Bolt Cars",
            customerType="SMB",
            tier="KEY",
            lifecycleStage="PROSPECT",
            annualRevenue=1_000_000.0,
        ),
        node(
            "Customer",
            "c-cure",
            "Cure Labs",
            customerType="GOVERNMENT",
            tier="STANDARD",
            lifecycleStage="AT_RISK",
            annualRevenue=2_000_000.0,
        ),
        node("Department", "d-acme-mgmt", "Acme Management", function="MANAGEMENT"),
        node("Department", "d-acme-it", "Acme IT", function="TECHNICAL"),
        node("Department", "d-acme-proc", "Acme Procurement", function="PROCUREMENT"),
        node("Department", "d-bolt-eng", "Bolt Engineering", function="TECHNICAL"),
        node(
            "Stakeholder",
            "s-ann",
            "Ann Archer",
            title="CEO",
            seniority="C_LEVEL",
            buyingRole="DECISION_MAKER",
            stance="CHAMPION",
            email="ann@acme.test",
            phone="+1 555 0100",
        ),
        node(
            "Stakeholder",
            "s-bob",
            "Bob Baker",
            title="CTO",
            seniority="VP",
            buyingRole="TECHNICAL_EVALUATOR",
            stance="SKEPTIC",
            email="bob@acme.test",
        ),
        node(
            "Stakeholder",
            "s-cat",
            "Cat Cole",
            title="Head of Purchasing",
            seniority="MANAGER",
            buyingRole="ECONOMIC_BUYER",
            stance="NEUTRAL",
        ),
        node("Stakeholder", "s-gus", "Gus Grant", title="Architect", seniority="STAFF", buyingRole="USER"),
        node(
            "Stakeholder",
            "s-dan",
            "Dan Dorsey",
            title="Head of Engineering",
            seniority="DIRECTOR",
            buyingRole="INFLUENCER",
            stance="SUPPORTER",
            email="dan@bolt.test",
        ),
        node("Supplier", "sup-us", "Relgraph Inc", category="Software", isUs=True),
        node("Supplier", "sup-rival", "Rival Corp", category="Software", isUs=False),
        node("TeamMember", "tm-eve", "Eve Evans", title="Account Executive", email="eve@us.test"),
        node("TeamMember", "tm-finn", "Finn Ford", title="Solutions Engineer"),
        node("Interaction", "i-kickoff", "Kick-off meeting", kind="MEETING", at="2026-01-10T09:00:00Z"),
    ],
    "relationships": [
        rel("IN_INDUSTRY", "c-acme", "ind-auto"),
        rel("IN_INDUSTRY", "c-bolt", "ind-auto"),
        rel("IN_INDUSTRY", "c-cure", "ind-med"),
        rel("IN_INDUSTRY", "sup-rival", "ind-auto"),
        rel("HAS_DEPARTMENT", "c-acme", "d-acme-mgmt"),
        rel("HAS_DEPARTMENT", "c-acme", "d-acme-proc"),
        rel("PART_OF", "d-acme-it", "d-acme-mgmt"),
        rel("HAS_DEPARTMENT", "c-bolt", "d-bolt-eng"),
        rel("WORKS_IN", "s-ann", "d-acme-mgmt", title="Chief Executive"),
        rel("WORKS_IN", "s-bob", "d-acme-it"),
        rel("WORKS_IN", "s-gus", "d-acme-it"),
        rel("WORKS_IN", "s-cat", "d-acme-proc"),
        rel("WORKS_IN", "s-dan", "d-bolt-eng"),
        rel("REPORTS_TO", "s-bob", "s-ann"),
        rel("REPORTS_TO", "s-cat", "s-ann"),
        rel("REPORTS_TO", "s-gus", "s-bob"),
        rel("INFLUENCES", "s-ann", "s-bob", strength=0.6),
        rel("INFLUENCES", "s-dan", "s-bob", strength=0.9),
        # Stored with the larger id first on purpose: KNOWS must read both ways.
        rel("KNOWS", "s-dan", "s-bob", strength=0.7, context="conference"),
        rel("SUPPLIES", "sup-us", "c-acme", category="Software", annualValue=100_000.0, shareOfWallet=0.3),
        rel("SUPPLIES", "sup-rival", "c-acme", category="Software", annualValue=250_000.0, shareOfWallet=0.5),
        rel("SUPPLIES", "sup-rival", "c-bolt", annualValue=80_000.0),
        rel("PREFERS", "s-bob", "sup-rival", strength=0.8),
        rel("MANAGES", "tm-eve", "c-acme", role="OWNER"),
        rel("MANAGES", "tm-finn", "c-acme", role="SPECIALIST"),
        rel("MANAGES", "tm-eve", "c-bolt", role="OWNER"),
        rel(
            "RELATES_TO",
            "tm-eve",
            "s-ann",
            strength=0.8,
            acceptance=0.9,
            participation=0.7,
            informationFlow=0.6,
            guidance=0.5,
            projectSupport=0.4,
            competitiveBias=0.1,
            lastContactAt="2026-01-10T09:00:00Z",
        ),
        rel("RELATES_TO", "tm-finn", "s-bob", strength=0.4),
        rel("RELATES_TO", "tm-eve", "s-dan", strength=0.5),
        rel("WITH", "i-kickoff", "s-ann"),
        rel("BY", "i-kickoff", "tm-eve"),
    ],
}

IMPORT = """mutation Import($data: JSON!) {
  importGraph(data: $data) { ok nodesWritten relationshipsWritten
    errors { section index entity field message } }
}"""


async def load(gql: Gql, document: dict[str, Any], headers: dict[str, str] | None = None) -> None:
    body = await gql(IMPORT, {"data": document}, headers=headers)
    assert "errors" not in body, body
    report = body["data"]["importGraph"]
    assert report["ok"], report["errors"]


def make_gql(client: httpx.AsyncClient) -> Gql:
    """Like the ``gql`` fixture; ``status=None`` skips the status check (the HTTP
    mapping of errors is tested on its own, these tests look at the body)."""

    async def run(
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        headers: dict[str, str] | None = None,
        status: int | None = 200,
    ) -> dict[str, Any]:
        response = await client.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers or {}
        )
        if status is not None:
            assert response.status_code == status, response.text
        body: dict[str, Any] = response.json()
        return body

    return run


@contextlib.asynccontextmanager
async def serve(
    store_settings: StoreSettings,
    auth_settings: AuthSettings,
    api_settings: ApiSettings | None = None,
    *,
    engines: list[CountingEngine] | None = None,
) -> AsyncIterator[httpx.AsyncClient]:
    """The real app with its lifespan, over httpx, bound (nominally) to loopback.

    With ``engines``, the store the app opens talks to its engine through a
    ``CountingEngine``, appended to that list.
    """
    app = create_app(
        store_settings=store_settings, api_settings=api_settings or ApiSettings(), auth_settings=auth_settings
    )

    @contextlib.asynccontextmanager
    async def counting_open_store(settings: StoreSettings) -> AsyncIterator[GraphStore]:
        async with open_store(settings) as store:
            proxy = CountingEngine(store.engine)
            store.engine = proxy
            assert engines is not None
            engines.append(proxy)
            yield store

    with pytest.MonkeyPatch.context() as patch:
        if engines is not None:
            patch.setattr(api.app, "open_store", counting_open_store)
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
                yield http


@contextlib.asynccontextmanager
async def seeded_graph(
    target: GraphTarget, keys_dir: Path, document: dict[str, Any] = SEED
) -> AsyncIterator[tuple[Gql, CountingEngine]]:
    """A fresh graph loaded with ``document``, for a module of read-only tests."""
    settings = await target.fresh_settings()
    engines: list[CountingEngine] = []
    async with serve(settings, AuthSettings(keys_path=keys_dir / "api-keys.json"), engines=engines) as client:
        gql = make_gql(client)
        await load(gql, document)
        try:
            yield gql, engines[0]
        finally:
            await engines[0].drop_all()


class CountingEngine:
    """Forwards every call to the real engine and counts the read statements.

    Instrumentation, not a fake: every call reaches the real engine, whichever
    read method the store uses; anything else passes through untouched.
    """

    def __init__(self, inner: Engine) -> None:
        self.inner = inner
        self.reads: Counter[str] = Counter()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    @property
    def read_count(self) -> int:
        return sum(self.reads.values())

    def reset(self) -> None:
        self.reads.clear()

    async def read(self, statement: str, params: Params) -> list[Row]:
        self.reads[statement] += 1
        return await self.inner.read(statement, params)

    async def read_columns(self, read: ColumnRead, params: Params) -> list[list[Any]]:
        self.reads[read.statement] += 1
        return await self.inner.read_columns(read, params)

    async def search(
        self, words: Sequence[str], params: Params, limit: int
    ) -> list[tuple[str, list[str], dict[str, Any], float]]:
        self.reads[f"search:{' '.join(words)}"] += 1
        return await self.inner.search(words, params, limit)


def ids(items: list[dict[str, Any]], key: str = "id") -> list[str]:
    return [item[key] for item in items]


def edge_nodes(connection: dict[str, Any]) -> list[dict[str, Any]]:
    return [edge["node"] for edge in connection["edges"]]


def pages_as_lists(value: Any) -> Any:
    """A result with every connection selected only for its ``nodes`` read as that list."""
    if isinstance(value, list):
        return [pages_as_lists(v) for v in value]
    if isinstance(value, dict):
        if set(value) == {"nodes"} and isinstance(value["nodes"], list):
            return pages_as_lists(value["nodes"])
        return {k: pages_as_lists(v) for k, v in value.items()}
    return value
