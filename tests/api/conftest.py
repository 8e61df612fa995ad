"""HTTP fixtures: the real ASGI app with its lifespan, spoken to over httpx."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.app import create_app
from api.auth.settings import AuthSettings
from api.settings import ApiSettings
from graph_model.settings import StoreSettings
from tests.graph_targets import GraphTarget

Gql = Callable[..., Awaitable[dict[str, Any]]]


@pytest.fixture
async def store_settings(graph_target: GraphTarget) -> StoreSettings:
    """A fresh graph on each engine (see ``graph_target``)."""
    return await graph_target.fresh_settings()


@pytest.fixture
def auth_settings(tmp_path: Path) -> AuthSettings:
    return AuthSettings(keys_path=tmp_path / "api-keys.json")


@pytest.fixture
async def client(
    store_settings: StoreSettings, auth_settings: AuthSettings
) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(store_settings=store_settings, api_settings=ApiSettings(), auth_settings=auth_settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
            yield http
    from graph_model.store_lifecycle import open_store

    async with open_store(store_settings) as opened:
        await opened.engine.drop_all()


@pytest.fixture
def gql(client: httpx.AsyncClient) -> Gql:
    """POST a GraphQL document; returns the decoded body (asserting HTTP 200)."""

    async def run(
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        headers: dict[str, str] | None = None,
        status: int = 200,
    ) -> dict[str, Any]:
        response = await client.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers or {}
        )
        assert response.status_code == status, response.text
        body: dict[str, Any] = response.json()
        return body

    return run
