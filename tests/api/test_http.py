"""GraphQL over HTTP through the real app: negotiation, status codes, auth and masking."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import shutil
import signal
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest

from api.app import create_app
from api.auth.keystore import KeyStore
from api.auth.settings import AuthSettings
from api.settings import ApiSettings
from graph_model.cypher import Write
from graph_model.settings import StoreSettings
from graph_model.store_lifecycle import open_store

GQL = "application/graphql-response+json"
JSON = "application/json"
TYPENAME = {"query": "{ __typename }"}


@contextlib.asynccontextmanager
async def serve(
    store_settings: StoreSettings,
    auth_settings: AuthSettings,
    api_settings: ApiSettings | None = None,
    *,
    host: str = "127.0.0.1",
) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(
        host=host,
        store_settings=store_settings,
        api_settings=api_settings or ApiSettings(),
        auth_settings=auth_settings,
    )
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
            yield http


async def post(
    client: httpx.AsyncClient, body: dict[str, Any], accept: str = GQL, **headers: str
) -> httpx.Response:
    return await client.post("/graphql", json=body, headers={"accept": accept, **headers})


async def post_raw(
    client: httpx.AsyncClient, content: bytes, content_type: str | None = JSON, accept: str = GQL
) -> httpx.Response:
    headers = {"accept": accept}
    if content_type is not None:
        headers["content-type"] = content_type
    return await client.post("/graphql", content=content, headers=headers)


async def get(client: httpx.AsyncClient, accept: str = GQL, **params: str) -> httpx.Response:
    return await client.get(f"/graphql?{urlencode(params)}", headers={"accept": accept})


def media_type(response: httpx.Response) -> str:
    return response.headers["content-type"]


# -- content negotiation --------------------------------------------------------


async def test_graphql_response_json_answers_are_labelled_utf8(client: httpx.AsyncClient) -> None:
    response = await post(client, TYPENAME)
    assert response.status_code == 200
    assert media_type(response) == f"{GQL}; charset=utf-8"
    assert response.json() == {"data": {"__typename": "Query"}}


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("*/*", JSON),
        ("application/*", JSON),
        ("application/json", JSON),
        ("application/json; charset=utf-8", JSON),
        ("application/json;charset=UTF-8", JSON),
        (GQL, GQL),
        (f"{GQL}; charset=utf-8", GQL),
        (f"{JSON}, {GQL}", GQL),
        (f"{GQL};q=0.5, {JSON}", JSON),
        ("text/html, */*;q=0.1", JSON),
        (f"*/*, {JSON};q=0", GQL),
    ],
)
async def test_accept_header_picks_the_response_type(
    client: httpx.AsyncClient, accept: str, expected: str
) -> None:
    response = await post(client, TYPENAME, accept=accept)
    assert response.status_code == 200, response.text
    assert media_type(response) == f"{expected}; charset=utf-8"


async def test_missing_accept_means_application_json(client: httpx.AsyncClient) -> None:
    request = client.build_request("POST", "/graphql", json=TYPENAME)
    del request.headers["accept"]
    response = await client.send(request)
    assert response.status_code == 200
    assert media_type(response) == f"{JSON}; charset=utf-8"


@pytest.mark.parametrize("accept", ["text/html", "application/xml", f"{JSON}; charset=latin1", f"{GQL};q=0"])
async def test_unacceptable_accept_is_406(client: httpx.AsyncClient, accept: str) -> None:
    response = await post(client, TYPENAME, accept=accept)
    assert response.status_code == 406
    assert response.json()["errors"][0]["extensions"]["code"] == "NOT_ACCEPTABLE"


@pytest.mark.parametrize(
    "content_type", [JSON, "application/json; charset=utf-8", 'application/json;charset="UTF-8"']
)
async def test_json_content_type_parameters_are_accepted(
    client: httpx.AsyncClient, content_type: str
) -> None:
    response = await post_raw(client, b'{"query": "{ __typename }"}', content_type)
    assert response.status_code == 200, response.text
    assert response.json() == {"data": {"__typename": "Query"}}


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "application/graphql",
        "application/x-www-form-urlencoded",
        "application/json; charset=latin-1",
        None,
    ],
)
async def test_other_content_types_are_415(client: httpx.AsyncClient, content_type: str | None) -> None:
    response = await post_raw(client, b'{"query": "{ __typename }"}', content_type)
    assert response.status_code == 415
    assert media_type(response) == f"{GQL}; charset=utf-8"
    assert response.json()["errors"][0]["extensions"]["code"] == "UNSUPPORTED_MEDIA_TYPE"


# -- status codes -----------------------------------------------------------------

REQUEST_ERRORS = [
    pytest.param({"query": "{ customers {"}, id="parse"),
    pytest.param({"query": "{ noSuchField }"}, id="validation"),
    pytest.param(
        {"query": "query($n: Int!) { customers(first: $n) { totalCount } }", "variables": {"n": "many"}},
        id="variable-coercion",
    ),
    pytest.param({"query": "query($n: Int!) { customers(first: $n) { totalCount } }"}, id="missing-variable"),
    pytest.param({"query": "query A { __typename }", "operationName": "B"}, id="unknown-operation"),
    pytest.param({"query": "query A { __typename } query B { __typename }"}, id="ambiguous-operation"),
]


@pytest.mark.parametrize("body", REQUEST_ERRORS)
async def test_request_errors_are_400_without_data(client: httpx.AsyncClient, body: dict[str, Any]) -> None:
    response = await post(client, body)
    assert response.status_code == 400, response.text
    payload = response.json()
    assert "data" not in payload
    assert payload["errors"][0]["message"]


@pytest.mark.parametrize("body", REQUEST_ERRORS)
async def test_request_errors_are_200_for_legacy_json(
    client: httpx.AsyncClient, body: dict[str, Any]
) -> None:
    response = await post(client, body, accept=JSON)
    assert response.status_code == 200, response.text
    assert media_type(response) == f"{JSON}; charset=utf-8"
    payload = response.json()
    assert "data" not in payload
    assert payload["errors"]


async def test_field_errors_once_execution_began_are_200_with_null_data(client: httpx.AsyncClient) -> None:
    response = await post(client, {"query": "{ customers(first: 1000) { totalCount } }"})
    assert response.status_code == 200
    payload = response.json()
    # customers is non-null, so its error nulls the whole result, but the data entry stays.
    assert payload["data"] is None
    [error] = payload["errors"]
    assert error["path"] == ["customers"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


async def test_get_runs_queries_with_variables(client: httpx.AsyncClient) -> None:
    response = await get(
        client, query="query($n: Int!) { customers(first: $n) { totalCount } }", variables='{"n": 5}'
    )
    assert response.status_code == 200, response.text
    assert response.json() == {"data": {"customers": {"totalCount": 0}}}


async def test_get_refuses_mutations_with_405_and_allow(client: httpx.AsyncClient) -> None:
    mutation = 'mutation { upsertCustomer(input: {id: "c1", name: "Acme", tier: KEY}) { customer { id } } }'
    response = await get(client, query=mutation)
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert response.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"
    # Nothing was written.
    check = await post(client, {"query": '{ customer(id: "c1") { id } }'})
    assert check.json()["data"] == {"customer": None}
    assert [e["extensions"]["code"] for e in check.json()["errors"]] == ["NOT_FOUND"]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"query": ""},
        {"query": "{ __typename }", "variables": "{nope"},
        {"query": "{ __typename }", "variables": "[1]"},
        {"query": "{ __typename }", "extensions": "3"},
    ],
)
async def test_malformed_get_requests_are_400(client: httpx.AsyncClient, params: dict[str, str]) -> None:
    for accept in (GQL, JSON):
        response = await get(client, accept=accept, **params)
        assert response.status_code == 400, (accept, response.text)
        assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


@pytest.mark.parametrize(
    "content",
    [
        b"{",
        b'"{ __typename }"',
        b"null",
        b"{}",
        b'{"query": 1}',
        b"\xff\xfe",
        b'{"query": "{ __typename }", "variables": []}',
        b'{"query": "{ __typename }", "operationName": 3}',
        b'{"query": "{ __typename }", "extensions": "x"}',
        b"[" * 100_000,
    ],
)
async def test_malformed_post_bodies_are_400(client: httpx.AsyncClient, content: bytes) -> None:
    for accept in (GQL, JSON):
        response = await post_raw(client, content, accept=accept)
        assert response.status_code == 400, (accept, response.text)
        assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_other_methods_are_405(client: httpx.AsyncClient) -> None:
    response = await client.put("/graphql", json=TYPENAME)
    assert response.status_code == 405
    assert "POST" in response.headers["allow"]


async def test_graphiql_only_for_browsers_outside_production(
    store_settings: StoreSettings, auth_settings: AuthSettings
) -> None:
    async with serve(store_settings, auth_settings) as http:
        response = await get(http, accept="text/html,application/xhtml+xml,*/*;q=0.8")
        assert response.status_code == 200
        assert "graphiql" in response.text.lower()
    async with serve(store_settings, auth_settings, ApiSettings(production=True)) as http:
        response = await get(http, accept="text/html")
        assert response.status_code == 406


# -- authentication ---------------------------------------------------------------


def assert_unauthenticated(response: httpx.Response) -> None:
    assert response.status_code == 401, response.text
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_auth_on_refuses_missing_and_invalid_credentials(
    store_settings: StoreSettings, tmp_path: Path
) -> None:
    auth = AuthSettings(mode="on", keys_path=tmp_path / "api-keys.json")
    key = KeyStore(auth.keys_path).create("analyst").key
    async with serve(store_settings, auth) as http:
        assert_unauthenticated(await post(http, TYPENAME))
        assert_unauthenticated(await post(http, TYPENAME, authorization="Bearer not-a-token"))
        assert_unauthenticated(await post(http, TYPENAME, **{"x-api-key": "rgk_not_a_real_key"}))
        assert_unauthenticated(await get(http, query="{ __typename }"))
        ok = await post(http, TYPENAME, **{"x-api-key": key})
        assert ok.status_code == 200, ok.text
        assert ok.json() == {"data": {"__typename": "Query"}}


async def test_binding_beyond_loopback_forces_auth(
    store_settings: StoreSettings, auth_settings: AuthSettings
) -> None:
    async with serve(store_settings, auth_settings, host="0.0.0.0") as http:
        assert_unauthenticated(await post(http, TYPENAME, accept=JSON))


# -- masking ----------------------------------------------------------------------


@pytest.fixture
def own_engine_dir() -> Iterator[Path]:
    """A data directory of its own, so the test may stop the engine under the app."""
    directory = Path(tempfile.mkdtemp(prefix="rgm-", dir="/tmp"))
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


async def test_unexpected_failures_are_masked_and_logged_without_their_message(
    own_engine_dir: Path, auth_settings: AuthSettings, caplog: pytest.LogCaptureFixture
) -> None:
    settings = StoreSettings(data_dir=own_engine_dir, graph_name="masking")
    # Another tool wrote a node the model cannot read (no model label): reading
    # it is a genuine unexpected failure, whose message quotes the data.
    async with open_store(settings) as store:
        ghost = Write("TEST_GHOST", "CREATE (:Entity {id: 'ghost', name: 'Secret Ghost'})")
        await store.engine.write(ghost, {})
    query = {"query": '{ node(id: "ghost") { id } }'}
    async with serve(settings, auth_settings) as http:
        caplog.clear()
        with caplog.at_level(logging.INFO):
            response = await post(http, query)
    assert response.status_code == 200
    payload = response.json()
    assert payload["data"] == {"node": None}
    [error] = payload["errors"]
    assert error["message"] == "Internal server error."
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR"}
    assert error["path"] == ["node"]
    assert "Entity" not in response.text
    logged = [r for r in caplog.records if r.name == "relgraph.api" and r.levelno >= logging.ERROR]
    assert logged, "the unexpected failure was not logged"
    assert "ValueError" in logged[0].getMessage()
    for record in caplog.records:
        text = record.getMessage() + (record.exc_text or "")
        if record.exc_info:
            text += str(record.exc_info[1])
        assert "['Entity']" not in text, f"{record.name} logged the failure's message"


async def test_a_lost_engine_answers_503_until_it_is_back(
    own_engine_dir: Path, auth_settings: AuthSettings
) -> None:
    settings = StoreSettings(data_dir=own_engine_dir, graph_name="restart")
    query = {"query": "{ customers { totalCount } }"}
    async with serve(settings, auth_settings) as http:
        assert (await post(http, query)).json() == {"data": {"customers": {"totalCount": 0}}}
        assert (await http.get("/healthz")).status_code == 200
        os.kill(int((own_engine_dir / "falkordb.pid").read_text()), signal.SIGKILL)
        refused = await post(http, query)
        assert refused.status_code == 503
        assert refused.headers["retry-after"] == "2"
        [error] = refused.json()["errors"]
        assert error["extensions"] == {"code": "SERVICE_UNAVAILABLE"}
        assert str(own_engine_dir) not in refused.text
        health = await http.get("/healthz")
        assert (health.status_code, health.json()["status"]) == (503, "unavailable")
        # The keeper restarts the engine from its append-only file.
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and (await http.get("/healthz")).status_code != 200:  # noqa: ASYNC110 - polling a server over HTTP
            await asyncio.sleep(0.1)
        assert (await http.get("/healthz")).json() == {"status": "ok", "engine": "falkordb"}
        assert (await post(http, query)).json() == {"data": {"customers": {"totalCount": 0}}}


async def test_readiness_says_when_the_analytics_projection_is_built(
    own_engine_dir: Path, auth_settings: AuthSettings
) -> None:
    settings = StoreSettings(data_dir=own_engine_dir, graph_name="warm")
    async with serve(settings, auth_settings) as http:
        ready = await http.get("/readyz")
        assert ready.status_code == 200
        assert ready.json()["analytics"] in ("warming", "ready")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and (await http.get("/readyz")).json()["analytics"] != "ready":  # noqa: ASYNC110 - polling a server over HTTP
            await asyncio.sleep(0.05)
        assert (await http.get("/readyz")).json() == {
            "status": "ready",
            "engine": "falkordb",
            "graphVersion": 0,
            "analytics": "ready",
        }
