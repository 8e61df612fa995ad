"""Analytics within bounds: one graph version per request, a bounded pool, affordable measures.

The service runs on the real embedded engine with the API tests' small graph.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from api.analytics.service import AnalyticsService
from api.analytics.workers import (
    AnalyticsBusy,
    AnalyticsPool,
    ScopeTooLarge,
    check_affordable,
    estimated_seconds,
)
from api.app import create_app, services_of
from api.auth.settings import AuthSettings
from api.settings import ApiSettings
from graph_model.access import EVERYTHING, AccessScope
from graph_model.analytics_export import ExportScope
from graph_model.importer import import_document
from graph_model.model import RelType
from graph_model.settings import StoreSettings
from graph_model.store import GraphStore
from graph_model.validation import RelRow
from tests.api.support import SEED

GQL = "application/graphql-response+json"


@pytest.fixture
async def seeded(store: GraphStore) -> GraphStore:
    report = await import_document(store, SEED)
    assert report.ok, report
    return store


def _strengths(report: Any) -> dict[str, float]:
    return {r.stakeholder_id: r.strength for r in report.relationships}


async def test_a_write_during_a_request_never_files_the_old_answer_under_the_new_version(
    seeded: GraphStore,
) -> None:
    service = AnalyticsService(seeded)
    real_export = seeded.export_scope
    written = asyncio.Event()

    async def export_then_write(scope: ExportScope, access: AccessScope = EVERYTHING) -> Any:
        # The export reads the graph as it is; a write lands right after it,
        # while the request is still computing its answer.
        export = await real_export(scope, access)
        if not written.is_set():
            written.set()
            await seeded.upsert_relationships(
                [RelRow(RelType.RELATES_TO, "tm-eve", "s-ann", {"strength": 0.1})]
            )
        return export

    seeded.export_scope = export_then_write  # type: ignore[method-assign]
    try:
        during = await service.relationship_health("c-acme", EVERYTHING)
    finally:
        seeded.export_scope = real_export  # type: ignore[method-assign]
    assert during is not None and written.is_set()
    assert _strengths(during)["s-ann"] == pytest.approx(0.8)  # computed from the graph before the write
    after = await service.relationship_health("c-acme", EVERYTHING)
    assert after is not None
    assert _strengths(after)["s-ann"] == pytest.approx(0.1)


async def test_the_pool_refuses_past_its_queue_and_drops_queued_jobs_of_cancelled_requests() -> None:
    pool = AnalyticsPool(workers=1, queue=1)
    release = threading.Event()
    ran: list[str] = []

    def blocker() -> str:
        release.wait(10)
        ran.append("blocker")
        return "done"

    try:
        running = asyncio.create_task(pool.run(blocker))
        await asyncio.sleep(0.05)
        queued = asyncio.create_task(pool.run(lambda: ran.append("queued")))
        await asyncio.sleep(0.05)
        assert pool.pending == 2
        with pytest.raises(AnalyticsBusy):
            await pool.run(lambda: ran.append("refused"))
        queued.cancel()
        await asyncio.sleep(0.05)
        assert pool.pending == 1  # the queued job was dropped before it started
        release.set()
        assert await running == "done"
        assert ran == ["blocker"]
        assert pool.pending == 0
        assert await pool.run(lambda: 42) == 42
    finally:
        release.set()
        pool.close()


def test_measures_past_the_budget_are_refused_with_a_reason() -> None:
    # Closeness on 10k people and 40k ties took 81 s before: it is now refused up front.
    assert estimated_seconds("CLOSENESS", 10_000, 40_000) > 30
    with pytest.raises(ScopeTooLarge) as refused:
        check_affordable("CLOSENESS", 10_000, 40_000, budget_s=30)
    message = str(refused.value)
    assert "CLOSENESS over 10,000 people" in message and "customerId" in message and "PAGERANK" in message
    for measure in ("CLOSENESS", "BROKERAGE", "EIGENVECTOR", "BETWEENNESS"):
        check_affordable(measure, 500, 2_000, budget_s=30)  # an account's scope is fine
    check_affordable("PAGERANK", 100_000, 400_000, budget_s=30)


async def test_an_expensive_measure_is_refused_over_http_with_the_field(
    seeded: GraphStore, store_settings: StoreSettings, tmp_path: Any
) -> None:
    # A budget so small that even the seed graph's closeness is past it.
    settings = ApiSettings(analytics_budget_s=1e-9)
    app = create_app(
        store_settings=store_settings,
        api_settings=settings,
        auth_settings=AuthSettings(keys_path=tmp_path / "keys.json"),
    )
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
            response = await http.post(
                "/graphql",
                json={"query": "{ influencers(scope: {all: true}, measure: CLOSENESS) { id } }"},
                headers={"accept": GQL},
            )
    assert response.status_code == 200, response.text
    [error] = response.json()["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "measure"}
    assert error["message"].startswith("CLOSENESS over ")


@contextlib.asynccontextmanager
async def _held_worker(
    store_settings: StoreSettings, settings: ApiSettings, tmp_path: Any
) -> AsyncIterator[tuple[httpx.AsyncClient, Any, threading.Event, asyncio.Task[Any]]]:
    """The app over httpx, its only analytics worker held by a job until the event is set."""
    app = create_app(
        store_settings=store_settings,
        api_settings=settings,
        auth_settings=AuthSettings(keys_path=tmp_path / "keys.json"),
    )
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
            analytics = services_of(app).analytics
            # The start-up build has its turn first: the pool is then idle.
            await asyncio.wait_for(analytics.live.warmed.wait(), 30)
            pool = analytics.pool
            release = threading.Event()
            holder = asyncio.create_task(pool.run(lambda: release.wait(10)))
            await asyncio.sleep(0.05)
            yield http, pool, release, holder


COMMUNITIES = '{ communities(scope: {customerId: "c-acme"}) { modularity } }'


async def test_a_saturated_pool_answers_503_with_retry_after(
    seeded: GraphStore, store_settings: StoreSettings, tmp_path: Any
) -> None:
    settings = ApiSettings(analytics_workers=1, analytics_queue=0)
    async with _held_worker(store_settings, settings, tmp_path) as (http, _pool, release, holder):
        try:
            for accept in (GQL, "application/json"):
                response = await http.post(
                    "/graphql", json={"query": COMMUNITIES}, headers={"accept": accept}
                )
                assert response.status_code == 503, response.text
                assert response.headers["retry-after"] == "2"
                [error] = response.json()["errors"]
                assert error["extensions"]["code"] == "SERVICE_UNAVAILABLE"
        finally:
            release.set()
            await holder
        ok = await http.post("/graphql", json={"query": COMMUNITIES}, headers={"accept": GQL})
        assert ok.status_code == 200 and "errors" not in ok.json(), ok.text


async def test_the_request_time_limit_binds_analytics(
    seeded: GraphStore, store_settings: StoreSettings, tmp_path: Any
) -> None:
    settings = ApiSettings(request_timeout_s=0.5, analytics_workers=1)
    # A job that takes longer than the limit holds the only worker.
    async with _held_worker(store_settings, settings, tmp_path) as (http, pool, release, holder):
        started = time.perf_counter()
        try:
            response = await http.post("/graphql", json={"query": COMMUNITIES}, headers={"accept": GQL})
        finally:
            release.set()
            await holder
        elapsed = time.perf_counter() - started
        assert response.status_code == 504, response.text
        assert response.json()["errors"][0]["extensions"]["code"] == "TIMEOUT"
        assert elapsed < 2.0
        # The request that gave up left nothing queued behind it.
        assert pool.pending == 0
