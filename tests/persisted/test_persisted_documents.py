"""Persisted documents over HTTP through the real app: APQ, its bounds, and trusted-only servers."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
import websockets
from websockets.typing import Subprotocol

from api.app import create_app
from api.graphql.core.persisted import (
    MAX_MANIFEST_DOCUMENTS,
    PersistedQueryStore,
    load_manifest,
)
from api.settings import ApiSettings
from graph_model.settings import SettingsError, StoreSettings
from tests.api.support import IMPORT, load, make_gql, node, serve
from tests.http_audit.test_audit import running_server

GQL = "application/graphql-response+json"
JSON = "application/json"
CUSTOMER = 'query Acme { customer(id: "c-acme") { id name } }'
MUTATION = 'mutation AddIndustry { upsertIndustry(input: {id: "ind-new", name: "New"}) { __typename } }'
ACME = {"customer": {"id": "c-acme", "name": "Acme Motors"}}
# A hang guard only.
RECEIVE_TIMEOUT_S = 20.0
SEED = {"nodes": [node("Customer", "c-acme", "Acme Motors")], "relationships": []}


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def persisted(text: str) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": sha(text)}}


@contextlib.asynccontextmanager
async def running(
    store_settings: StoreSettings, tmp_path: Path, **settings: Any
) -> AsyncIterator[httpx.AsyncClient]:
    from api.auth.settings import AuthSettings

    async with serve(
        store_settings, AuthSettings(keys_path=tmp_path / "api-keys.json"), ApiSettings(**settings)
    ) as client:
        await load(make_gql(client), SEED)
        yield client


async def post(client: httpx.AsyncClient, body: dict[str, Any], accept: str = GQL) -> httpx.Response:
    return await client.post("/graphql", json=body, headers={"accept": accept})


def error_code(response: httpx.Response) -> str:
    code: str = response.json()["errors"][0]["extensions"]["code"]
    return code


async def test_an_unknown_hash_asks_for_the_text_and_the_text_registers_it(
    store_settings: StoreSettings, tmp_path: Path
) -> None:
    async with running(store_settings, tmp_path) as client:
        missing = await post(client, {"extensions": persisted(CUSTOMER)})
        assert missing.status_code == 404
        assert missing.json() == {
            "errors": [
                {"message": "PersistedQueryNotFound", "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"}}
            ]
        }
        legacy = await post(client, {"extensions": persisted(CUSTOMER)}, accept=JSON)
        assert (legacy.status_code, error_code(legacy)) == (200, "PERSISTED_QUERY_NOT_FOUND")

        registered = await post(client, {"query": CUSTOMER, "extensions": persisted(CUSTOMER)})
        assert registered.status_code == 200
        assert registered.json()["data"] == ACME

        by_hash = await post(client, {"extensions": persisted(CUSTOMER)})
        assert (by_hash.status_code, by_hash.json()) == (200, {"data": ACME})
        params = {"extensions": json.dumps(persisted(CUSTOMER))}
        by_get = await client.get(f"/graphql?{urlencode(params)}", headers={"accept": GQL})
        assert (by_get.status_code, by_get.json()) == (200, {"data": ACME})


async def test_a_hash_that_is_not_the_texts_is_refused_and_nothing_is_registered(
    store_settings: StoreSettings, tmp_path: Path
) -> None:
    async with running(store_settings, tmp_path) as client:
        other = 'query Other { customer(id: "c-bolt") { id } }'
        wrong = await post(client, {"query": CUSTOMER, "extensions": persisted(other)})
        assert (wrong.status_code, error_code(wrong)) == (400, "BAD_REQUEST")
        assert "sha256Hash is not the SHA-256 of query" in wrong.json()["errors"][0]["message"]
        still_missing = await post(client, {"extensions": persisted(other)})
        assert error_code(still_missing) == "PERSISTED_QUERY_NOT_FOUND"


@pytest.mark.parametrize(
    ("extension", "names"),
    [
        ("not an object", "extensions.persistedQuery must be an object"),
        ({"version": 2, "sha256Hash": sha(CUSTOMER)}, "extensions.persistedQuery.version"),
        ({"version": "1", "sha256Hash": sha(CUSTOMER)}, "extensions.persistedQuery.version"),
        ({"version": 1, "sha256Hash": sha(CUSTOMER).upper()}, "extensions.persistedQuery.sha256Hash"),
        ({"version": 1}, "extensions.persistedQuery.sha256Hash"),
    ],
)
async def test_a_malformed_persisted_query_extension_is_a_bad_request_naming_the_field(
    store_settings: StoreSettings, tmp_path: Path, extension: Any, names: str
) -> None:
    async with running(store_settings, tmp_path) as client:
        for accept in (GQL, JSON):
            response = await post(client, {"extensions": {"persistedQuery": extension}}, accept=accept)
            assert (response.status_code, error_code(response)) == (400, "BAD_REQUEST")
            assert names in response.json()["errors"][0]["message"]


async def test_documents_refused_by_the_cost_limits_or_validation_are_never_registered(
    store_settings: StoreSettings, tmp_path: Path
) -> None:
    async with running(store_settings, tmp_path, max_aliases=2) as client:
        aliased = '{ a: customer(id: "c-acme") { id } b: customer(id: "c-acme") { id } c: __typename }'
        unknown_field = '{ customer(id: "c-acme") { noSuchField } }'
        for text, code in ((aliased, "QUERY_TOO_COMPLEX"), (unknown_field, "GRAPHQL_VALIDATION_FAILED")):
            refused = await post(client, {"query": text, "extensions": persisted(text)})
            assert (refused.status_code, error_code(refused)) == (400, code)
            by_hash = await post(client, {"extensions": persisted(text)})
            assert error_code(by_hash) == "PERSISTED_QUERY_NOT_FOUND"


async def test_a_registered_mutation_runs_by_hash_over_post_but_not_over_get(
    store_settings: StoreSettings, tmp_path: Path
) -> None:
    async with running(store_settings, tmp_path) as client:
        first = await post(client, {"query": MUTATION, "extensions": persisted(MUTATION)})
        assert first.json() == {"data": {"upsertIndustry": {"__typename": "IndustryPayload"}}}
        again = await post(client, {"extensions": persisted(MUTATION)})
        assert again.json() == first.json()
        params = {"extensions": json.dumps(persisted(MUTATION))}
        by_get = await client.get(f"/graphql?{urlencode(params)}", headers={"accept": GQL})
        assert (by_get.status_code, by_get.headers["allow"]) == (405, "POST")


async def test_the_apq_store_keeps_the_most_recently_used_documents_within_its_caps(
    store_settings: StoreSettings, tmp_path: Path
) -> None:
    texts = [f'query Q{i} {{ customer(id: "c-acme") {{ id }} }}' for i in range(3)]
    async with running(store_settings, tmp_path, apq_max_entries=2) as client:
        for text in texts[:2]:
            await post(client, {"query": text, "extensions": persisted(text)})
        # Using Q0 makes Q1 the least recently used, so Q2 pushes Q1 out.
        assert "data" in (await post(client, {"extensions": persisted(texts[0])})).json()
        await post(client, {"query": texts[2], "extensions": persisted(texts[2])})
        kept = ["data" in (await post(client, {"extensions": persisted(text)})).json() for text in texts]
        assert kept == [True, False, True]


def test_the_store_is_capped_in_bytes_and_refuses_a_document_of_more_than_a_quarter_of_them() -> None:
    store = PersistedQueryStore(max_entries=100, max_bytes=400)
    texts = [f"{{ __typename }} # {i:02d} " + "x" * 80 for i in range(5)]
    for text in texts:
        store.put(sha(text), text)
    assert store.bytes <= 400
    assert [store.get(sha(t)) is not None for t in texts] == [False, True, True, True, True]
    huge = "{ __typename } #" + "x" * 100
    store.put(sha(huge), huge)
    assert store.get(sha(huge)) is None
    off = PersistedQueryStore(max_entries=0, max_bytes=400)
    off.put(sha(texts[0]), texts[0])
    assert len(off) == 0


def write_manifest(path: Path, documents: list[str], *, apollo: bool) -> Path:
    if apollo:
        operations = [
            {"id": sha(text), "name": f"Op{i}", "type": "query", "body": text}
            for i, text in enumerate(documents)
        ]
        manifest: Any = {"format": "apollo-persisted-query-manifest", "version": 1, "operations": operations}
    else:
        manifest = {sha(text): text for text in documents}
    path.write_text(json.dumps(manifest), encoding="utf-8")
    return path


@pytest.mark.parametrize("apollo", [False, True], ids=["codegen-client-preset", "apollo-manifest"])
async def test_a_trusted_only_server_runs_registered_documents_and_refuses_everything_else(
    store_settings: StoreSettings, tmp_path: Path, apollo: bool
) -> None:
    # The seed goes in through the import mutation, so it is registered too.
    manifest = write_manifest(tmp_path / "documents.json", [CUSTOMER, IMPORT], apollo=apollo)
    unlisted = '{ customer(id: "c-acme") { name } }'
    async with running(store_settings, tmp_path, trusted_documents=manifest) as client:
        for body in ({"extensions": persisted(CUSTOMER)}, {"query": CUSTOMER}):
            response = await post(client, body)
            assert (response.status_code, response.json()) == (200, {"data": ACME})
        for body in (
            {"query": unlisted},
            {"extensions": persisted(unlisted)},
            {"query": unlisted, "extensions": persisted(unlisted)},
        ):
            refused = await post(client, body)
            assert (refused.status_code, error_code(refused)) == (403, "PERSISTED_QUERY_NOT_ALLOWED")
            assert "data" not in refused.json()
            legacy = await post(client, body, accept=JSON)
            assert (legacy.status_code, error_code(legacy)) == (200, "PERSISTED_QUERY_NOT_ALLOWED")
        # Sending the text did not register it: trusted servers take no new documents.
        assert error_code(await post(client, {"extensions": persisted(unlisted)})) == (
            "PERSISTED_QUERY_NOT_ALLOWED"
        )


async def test_trusted_documents_meet_the_same_cost_limits_as_any_other(
    store_settings: StoreSettings, tmp_path: Path
) -> None:
    deep = "{ customers { edges { node { id } } } }"
    manifest = write_manifest(tmp_path / "documents.json", [deep, IMPORT], apollo=False)
    async with running(store_settings, tmp_path, trusted_documents=manifest, max_query_depth=2) as client:
        refused = await post(client, {"extensions": persisted(deep)})
        assert (refused.status_code, error_code(refused)) == (400, "QUERY_TOO_COMPLEX")


def test_a_manifest_entry_whose_hash_is_not_its_documents_refuses_start_up_naming_it(tmp_path: Path) -> None:
    good, bad = "{ __typename }", "query Tampered { __typename }"
    codegen = tmp_path / "codegen.json"
    codegen.write_text(json.dumps({sha(good): good, sha(good + " "): bad}))
    with pytest.raises(SettingsError) as refused:
        create_app(api_settings=ApiSettings(trusted_documents=codegen), store_settings=StoreSettings())
    message = str(refused.value)
    assert "\n" not in message
    assert f"entry {sha(good + ' ')}" in message
    assert "RELGRAPH_TRUSTED_DOCUMENTS" in message

    env = {k: v for k, v in os.environ.items() if not k.startswith("RELGRAPH_")}
    env.update(RELGRAPH_TRUSTED_DOCUMENTS=str(codegen), RELGRAPH_DATA_DIR=str(tmp_path / "data"))
    relgraph = Path(sys.executable).with_name("relgraph")
    serve_run = subprocess.run(
        [str(relgraph), "serve", "--port", "1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert serve_run.returncode == 1
    assert serve_run.stderr.strip().splitlines() == [f"Error: {message}"]

    apollo = write_manifest(tmp_path / "apollo.json", [good, bad], apollo=True)
    data = json.loads(apollo.read_text())
    data["operations"][1]["body"] = "query Tampered { __typename __typename }"
    apollo.write_text(json.dumps(data))
    with pytest.raises(SettingsError, match=r"operations\[1\] \(Op1\): the hash is not the SHA-256"):
        load_manifest(apollo)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("[1, 2]", "expected an object of sha256 -> document"),
        ("{not json", "is not UTF-8 JSON"),
        (json.dumps({"abc": "{ __typename }"}), "the id must be a lower-case hex SHA-256"),
        (json.dumps({sha(""): ""}), "the document must be a non-empty string"),
        (json.dumps({"format": "apollo-persisted-query-manifest", "version": 2}), "expected version 1"),
    ],
)
def test_a_malformed_manifest_refuses_start_up_with_the_reason(
    tmp_path: Path, content: str, reason: str
) -> None:
    path = tmp_path / "documents.json"
    path.write_text(content)
    with pytest.raises(SettingsError, match=reason):
        load_manifest(path)
    with pytest.raises(SettingsError, match="cannot read"):
        load_manifest(tmp_path / "missing.json")


def test_a_manifest_listing_too_many_documents_is_refused(tmp_path: Path) -> None:
    texts = [f"query Q{i} {{ __typename }}" for i in range(MAX_MANIFEST_DOCUMENTS + 1)]
    path = write_manifest(tmp_path / "documents.json", texts, apollo=False)
    with pytest.raises(SettingsError, match=f"more than {MAX_MANIFEST_DOCUMENTS} documents"):
        load_manifest(path)


def test_the_settings_name_the_manifest_and_the_apq_caps() -> None:
    settings = ApiSettings.from_env(
        {
            "RELGRAPH_TRUSTED_DOCUMENTS": "/srv/documents.json",
            "RELGRAPH_APQ_MAX_ENTRIES": "0",
            "RELGRAPH_APQ_MAX_BYTES": "65536",
        }
    )
    assert (settings.trusted_documents, settings.apq_max_entries, settings.apq_max_bytes) == (
        Path("/srv/documents.json"),
        0,
        65536,
    )
    assert ApiSettings.from_env({}).trusted_documents is None
    with pytest.raises(SettingsError, match="RELGRAPH_APQ_MAX_BYTES: must be at least 1"):
        ApiSettings.from_env({"RELGRAPH_APQ_MAX_BYTES": "0"})


async def test_over_the_websocket_only_listed_subscriptions_start_and_a_hash_stands_for_its_document(
    tmp_path: Path,
) -> None:
    subscribe = "subscription Changes { graphChanged { operation entityId } }"
    manifest = write_manifest(tmp_path / "documents.json", [subscribe, MUTATION], apollo=False)
    with running_server({"RELGRAPH_TRUSTED_DOCUMENTS": str(manifest)}) as url:
        async with websockets.connect(
            url.replace("http://", "ws://"),
            subprotocols=[Subprotocol("graphql-transport-ws")],
        ) as ws:
            await ws.send(json.dumps({"type": "connection_init"}))
            assert (
                json.loads(await asyncio.wait_for(ws.recv(), RECEIVE_TIMEOUT_S))["type"] == "connection_ack"
            )
            unlisted = {"query": "subscription { graphChanged { entityId } }"}
            await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": unlisted}))
            refused = json.loads(await asyncio.wait_for(ws.recv(), RECEIVE_TIMEOUT_S))
            assert (refused["id"], refused["type"]) == ("1", "error")
            assert refused["payload"][0]["extensions"] == {"code": "PERSISTED_QUERY_NOT_ALLOWED"}

            by_hash = {"query": None, "extensions": persisted(subscribe)}
            await ws.send(json.dumps({"id": "2", "type": "subscribe", "payload": by_hash}))
            async with httpx.AsyncClient() as http:
                wrote = await http.post(url, json={"extensions": persisted(MUTATION)})
            assert wrote.json() == {"data": {"upsertIndustry": {"__typename": "IndustryPayload"}}}
            change = json.loads(await asyncio.wait_for(ws.recv(), RECEIVE_TIMEOUT_S))
            assert (change["id"], change["type"]) == ("2", "next"), change
            assert change["payload"]["data"]["graphChanged"]["entityId"] == "ind-new"
