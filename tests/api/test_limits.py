"""Request limits through the real app: document size and shape, page size, bodies, time."""

from __future__ import annotations

import contextlib
import dataclasses
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from api.app import create_app
from api.auth.settings import AuthSettings
from api.graphql.schema import build_schema
from api.settings import ApiSettings
from graph_model.model import Label
from graph_model.settings import SettingsError, StoreSettings
from graph_model.store import GraphStore
from graph_model.validation import NodeRow

GQL = "application/graphql-response+json"
JSON = "application/json"
PAGE = "query($n: Int!) { customers(first: $n) { totalCount } }"


@contextlib.asynccontextmanager
async def serve(
    store_settings: StoreSettings, auth_settings: AuthSettings, api_settings: ApiSettings | None = None
) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(
        store_settings=store_settings, api_settings=api_settings or ApiSettings(), auth_settings=auth_settings
    )
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
            yield http


async def post(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None, accept: str = GQL
) -> httpx.Response:
    return await client.post(
        "/graphql", json={"query": query, "variables": variables}, headers={"accept": accept}
    )


def messages(response: httpx.Response) -> list[str]:
    return [e["message"] for e in response.json().get("errors", [])]


def assert_refused(response: httpx.Response, fragment: str) -> None:
    """A request error: 400, no data entry, a message that says why."""
    assert response.status_code == 400, response.text
    assert "data" not in response.json()
    assert any(fragment in m for m in messages(response)), response.text


# -- document shape -----------------------------------------------------------------


def parents(depth: int) -> str:
    """A query whose deepest field sits ``depth`` levels below the root field."""
    return '{ department(id: "d") { ' + "parent { " * (depth - 1) + "id" + " }" * depth + " }"


async def test_query_depth_is_capped(client: httpx.AsyncClient) -> None:
    limit = ApiSettings().max_query_depth
    ok = await post(client, parents(limit))
    assert ok.status_code == 200, ok.text
    assert ok.json()["data"] == {"department": None}
    assert [e["extensions"]["code"] for e in ok.json()["errors"]] == ["NOT_FOUND"]
    assert_refused(await post(client, parents(limit + 1)), "exceeds maximum operation depth")


async def test_query_depth_cap_is_configurable(
    store_settings: StoreSettings, auth_settings: AuthSettings
) -> None:
    async with serve(store_settings, auth_settings, ApiSettings(max_query_depth=3)) as http:
        assert (await post(http, parents(3))).status_code == 200
        assert_refused(await post(http, parents(4)), "exceeds maximum operation depth")


def aliases(count: int) -> str:
    return "{ " + " ".join(f"a{i}: __typename" for i in range(count)) + " }"


async def test_aliases_are_capped(client: httpx.AsyncClient) -> None:
    limit = ApiSettings().max_aliases
    assert (await post(client, aliases(limit))).status_code == 200
    assert_refused(await post(client, aliases(limit + 1)), "aliases")


async def test_tokens_are_capped(client: httpx.AsyncClient) -> None:
    limit = ApiSettings().max_tokens
    assert_refused(await post(client, "{ " + "__typename " * limit + "}"), f"more than {limit} tokens")


async def test_token_cap_is_configurable(store_settings: StoreSettings, auth_settings: AuthSettings) -> None:
    async with serve(store_settings, auth_settings, ApiSettings(max_tokens=10)) as http:
        assert (await post(http, "{ __typename }")).status_code == 200
        assert_refused(await post(http, "{ " + "__typename " * 10 + "}"), "more than 10 tokens")


# -- page size ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        pytest.param("{ customers(first: 1000) { totalCount } }", None, id="literal"),
        pytest.param(PAGE, {"n": 1000}, id="variable"),
        pytest.param(PAGE, {"n": -1}, id="negative"),
    ],
)
async def test_page_size_is_capped_however_it_is_given(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any] | None
) -> None:
    response = await post(client, query, variables)
    assert response.status_code == 200, response.text
    payload = response.json()
    assert payload["data"] is None
    [error] = payload["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "first"}
    assert error["path"] == ["customers"]


async def test_page_size_up_to_the_cap_is_served(client: httpx.AsyncClient) -> None:
    response = await post(client, PAGE, {"n": ApiSettings().max_page_size})
    assert response.json() == {"data": {"customers": {"totalCount": 0}}}


# -- request bodies -------------------------------------------------------------------


async def test_batched_requests_are_refused(client: httpx.AsyncClient) -> None:
    batch = [{"query": "{ __typename }"}, {"query": "{ __typename }"}]
    response = await client.post("/graphql", json=batch, headers={"accept": GQL})
    assert response.status_code == 400
    assert "batched requests are not supported" in messages(response)[0]


async def test_bodies_over_the_cap_are_413(
    store_settings: StoreSettings, auth_settings: AuthSettings
) -> None:
    cap = 1024
    padding = " " * cap
    async with serve(store_settings, auth_settings, ApiSettings(max_body_bytes=cap)) as http:
        small = await http.post("/graphql", json={"query": "{ __typename }"})
        assert small.status_code == 200
        declared = await http.post(
            "/graphql", json={"query": "{ __typename }" + padding}, headers={"accept": GQL}
        )
        assert declared.status_code == 413
        assert declared.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"

        async def chunks() -> AsyncIterator[bytes]:
            # No Content-Length: the cap must hold while the body streams in.
            yield b'{"query": "{ __typename }'
            for _ in range(4):
                yield padding.encode()
            yield b'"}'

        streamed = await http.post("/graphql", content=chunks(), headers={"content-type": JSON})
        assert "content-length" not in streamed.request.headers
        assert streamed.status_code == 413


# -- introspection and suggestions ----------------------------------------------------

INTROSPECT = "{ __schema { queryType { name } } }"
TYPO = "{ custmers { totalCount } }"


@pytest.mark.parametrize(
    ("settings", "allowed"),
    [
        (ApiSettings(), True),
        (ApiSettings(production=True), False),
        (ApiSettings(production=True, introspection=True), True),
        (ApiSettings(introspection=False), False),
    ],
)
async def test_introspection_follows_the_settings(
    store_settings: StoreSettings, auth_settings: AuthSettings, settings: ApiSettings, allowed: bool
) -> None:
    async with serve(store_settings, auth_settings, settings) as http:
        response = await post(http, INTROSPECT)
        if allowed:
            assert response.json() == {"data": {"__schema": {"queryType": {"name": "Query"}}}}
        else:
            assert_refused(response, "introspection")
        assert (await post(http, "{ __typename }")).json() == {"data": {"__typename": "Query"}}


@pytest.mark.parametrize(
    ("settings", "suggested"),
    [
        (ApiSettings(), True),
        (ApiSettings(production=True), False),
        (ApiSettings(field_suggestions=False), False),
        (ApiSettings(production=True, field_suggestions=True), True),
    ],
)
async def test_field_suggestions_follow_the_settings(
    store_settings: StoreSettings, auth_settings: AuthSettings, settings: ApiSettings, suggested: bool
) -> None:
    async with serve(store_settings, auth_settings, settings) as http:
        response = await post(http, TYPO)
        assert_refused(response, "Cannot query field 'custmers'")
        assert ("Did you mean" in messages(response)[0]) is suggested


def test_settings_from_the_environment() -> None:
    production = ApiSettings.from_env({"RELGRAPH_PRODUCTION": "true", "RELGRAPH_REQUEST_TIMEOUT_S": "2.5"})
    assert production.request_timeout_s == 2.5
    assert not production.introspection_enabled
    assert not production.field_suggestions_enabled
    reopened = ApiSettings.from_env(
        {"RELGRAPH_PRODUCTION": "1", "RELGRAPH_INTROSPECTION": "on", "RELGRAPH_FIELD_SUGGESTIONS": "yes"}
    )
    assert reopened.introspection_enabled
    assert reopened.field_suggestions_enabled
    development = ApiSettings.from_env({})
    assert development.request_timeout_s == 30
    assert development.introspection_enabled
    assert development.field_suggestions_enabled
    for bad in ("0", "-1", "soon", "nan"):
        with pytest.raises(SettingsError, match="RELGRAPH_REQUEST_TIMEOUT_S"):
            ApiSettings.from_env({"RELGRAPH_REQUEST_TIMEOUT_S": bad})


# -- caches ---------------------------------------------------------------------------


async def test_prepared_documents_are_cached_by_text() -> None:
    schema = build_schema(ApiSettings())
    query = f"{{ q{uuid.uuid4().hex}: __typename }}"
    assert (await schema.execute(query)).errors is None
    assert (schema.documents.hits, schema.documents.misses) == (0, 1)
    assert (await schema.execute(query)).errors is None
    assert (schema.documents.hits, schema.documents.misses) == (1, 1)


# -- time -----------------------------------------------------------------------------

COUNT = "{ customers { totalCount } }"


async def test_requests_over_the_time_limit_are_stopped(
    store_settings: StoreSettings, auth_settings: AuthSettings
) -> None:
    async with serve(store_settings, auth_settings, ApiSettings(request_timeout_s=1e-6)) as http:
        response = await post(http, COUNT)
        assert response.status_code == 504, response.text
        assert response.headers["content-type"] == f"{GQL}; charset=utf-8"
        payload = response.json()
        assert "data" not in payload
        assert payload["errors"][0]["extensions"] == {"code": "TIMEOUT"}
        legacy = await post(http, COUNT, accept=JSON)
        assert legacy.status_code == 200
        assert legacy.json()["errors"][0]["extensions"] == {"code": "TIMEOUT"}


CUSTOMERS = 2_000
SLOW_PAGE = (
    '{ customers(first: 100, filter: {nameContains: "Customer"}) { totalCount edges { node { id } } } }'
)


async def test_the_database_query_timeout_is_honoured(
    store: GraphStore, store_settings: StoreSettings, auth_settings: AuthSettings
) -> None:
    rows = [NodeRow(Label.CUSTOMER, f"c{i:05}", {"name": f"Customer {i}"}) for i in range(CUSTOMERS)]
    await store.upsert_nodes(rows)
    # Filtering and sorting 2,000 names takes FalkorDB a few milliseconds, so a
    # 1 ms limit stops it; a few tries keep a lucky fast run from passing the test.
    hurried = dataclasses.replace(store_settings, query_timeout_ms=1)
    async with serve(hurried, auth_settings) as http:
        for _ in range(5):
            response = await post(http, SLOW_PAGE)
            if "errors" in response.json():
                break
    assert response.status_code == 200
    payload = response.json()
    assert payload["data"] is None
    [error] = payload["errors"]
    assert error["extensions"] == {"code": "TIMEOUT"}
    assert error["path"] == ["customers"]
    async with serve(store_settings, auth_settings) as http:
        response = await post(http, SLOW_PAGE)
        assert response.json()["data"]["customers"]["totalCount"] == CUSTOMERS
