"""The graphChanged subscription, end to end: `relgraph serve` in its own process, a
websocket client speaking graphql-transport-ws, and writes made by another process's
store on the same database, which the server only learns of from the log."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
import websockets
from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed

from graph_model.access import AccessScope
from graph_model.importer import import_document
from graph_model.settings import StoreSettings
from graph_model.store import GraphStore
from graph_model.store_lifecycle import open_store
from graph_model.validation import validate_node
from tests.api.support import SEED

SECRET = "change-log-subscription-test-secret-0123456789"
SUBSCRIBE = """subscription ($customerId: ID) {
  graphChanged(customerId: $customerId) { sequence actor operation entityId accountIds after }
}"""
WRONG_CLAIMS = {"sub": "x", "role": "admin", "accounts": []}
# A hang guard only: delivery time is measured by tests/bench, not asserted here.
RECEIVE_TIMEOUT_S = 20.0


def token(subject: str, role: str, accounts: list[str]) -> str:
    claims = {"sub": subject, "role": role, "accounts": accounts, "exp": int(time.time()) + 600}
    return jwt.encode(claims, SECRET, algorithm="HS256")


@dataclass(frozen=True)
class Live:
    ws_url: str
    settings: StoreSettings


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def live(engine_dir: Path, tmp_path: Path) -> Iterator[Live]:
    """`relgraph serve` over a graph of the session's embedded engine (embedded only: the
    server is a separate process, and the writer in this one reaches the same graph)."""
    store_settings = StoreSettings(data_dir=engine_dir, graph_name=f"ws-{uuid.uuid4().hex[:12]}")
    port = _free_port()
    env = {
        **os.environ,
        "RELGRAPH_DATA_DIR": str(store_settings.data_dir),
        "RELGRAPH_GRAPH": store_settings.graph_name,
        "RELGRAPH_AUTH": "on",
        "RELGRAPH_JWT_SECRET": SECRET,
    }
    relgraph = str(Path(sys.executable).with_name("relgraph"))
    with (tmp_path / "serve.log").open("wb") as log:
        process = subprocess.Popen(
            [relgraph, "serve", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while not _ready(f"http://127.0.0.1:{port}/readyz"):
                assert process.poll() is None and time.monotonic() < deadline, (
                    tmp_path / "serve.log"
                ).read_text()
                time.sleep(0.1)
            yield Live(f"ws://127.0.0.1:{port}/graphql", store_settings)
        finally:
            process.terminate()
            process.wait(timeout=30)


def _ready(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.fixture
async def writer(live: Live) -> AsyncIterator[GraphStore]:
    """Another process's view of the same database: its own store and engine connection."""
    async with open_store(live.settings) as store:
        assert (await import_document(store, SEED)).ok
        yield store
        await store.engine.drop_all()


async def _connect(live: Live, params: dict[str, Any] | None) -> ClientConnection:
    ws = await websockets.connect(live.ws_url, subprotocols=["graphql-transport-ws"])  # type: ignore[list-item]
    await ws.send(json.dumps({"type": "connection_init", "payload": params or {}}))
    return ws


async def _subscribe(live: Live, bearer: str, customer_id: str | None = None) -> ClientConnection:
    ws = await _connect(live, {"Authorization": f"Bearer {bearer}"})
    ack = json.loads(await asyncio.wait_for(ws.recv(), RECEIVE_TIMEOUT_S))
    assert ack["type"] == "connection_ack"
    payload = {"query": SUBSCRIBE, "variables": {"customerId": customer_id}}
    await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": payload}))
    return ws


async def _next(ws: ClientConnection) -> dict[str, Any]:
    message = json.loads(await asyncio.wait_for(ws.recv(), RECEIVE_TIMEOUT_S))
    assert message["type"] == "next", message
    assert "errors" not in message["payload"], message
    entry: dict[str, Any] = message["payload"]["data"]["graphChanged"]
    return entry


async def _set_stance(store: GraphStore, node_id: str, name: str, stance: str) -> None:
    row, _ = validate_node(
        {"label": "Stakeholder", "id": node_id, "properties": {"name": name, "stance": stance}}
    )
    assert row is not None
    await store.upsert_nodes([row], AccessScope(actor="another-process"))


async def test_entries_written_elsewhere_reach_subscribers_by_their_access(
    live: Live, writer: GraphStore
) -> None:
    admin = await _subscribe(live, token("ada@us.test", "admin", []))
    member = await _subscribe(live, token("bo@us.test", "account_member", ["c-bolt"]))
    acme_only = await _subscribe(live, token("cy@us.test", "admin", []), customer_id="c-acme")
    # Give the three subscriptions time to read the version they follow from.
    await asyncio.sleep(1.5)
    await _set_stance(writer, "s-ann", "Ann Archer", "BLOCKER")  # Acme
    await _set_stance(writer, "s-dan", "Dan Dorsey", "BLOCKER")  # Bolt
    first, second = await _next(admin), await _next(admin)
    assert [first["entityId"], second["entityId"]] == ["s-ann", "s-dan"]
    assert second["sequence"] == first["sequence"] + 1
    assert first["actor"] == "another-process" and first["after"] == {"stance": "BLOCKER"}
    # The member of Bolt never hears of Acme's change: its first entry is Dan's.
    heard = await _next(member)
    assert heard["entityId"] == "s-dan" and heard["accountIds"] == ["c-bolt"]
    assert (await _next(acme_only))["entityId"] == "s-ann"
    await _set_stance(writer, "s-ann", "Ann Archer", "CHAMPION")
    assert (await _next(acme_only))["entityId"] == "s-ann"
    for ws in (admin, member, acme_only):
        await ws.close()


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"Authorization": "Bearer not-a-token"},
        {"Authorization": f"Bearer {jwt.encode(WRONG_CLAIMS, 'wrong-secret-' * 4)}"},
    ],
)
async def test_a_connection_without_valid_credentials_is_closed(live: Live, params: dict[str, Any]) -> None:
    ws = await _connect(live, params)
    with pytest.raises(ConnectionClosed) as closed:
        await asyncio.wait_for(ws.recv(), RECEIVE_TIMEOUT_S)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403


async def test_credentials_in_the_upgrade_request_are_accepted(live: Live, writer: GraphStore) -> None:
    headers = {"Authorization": f"Bearer {token('ada@us.test', 'admin', [])}"}
    ws = await websockets.connect(
        live.ws_url, subprotocols=["graphql-transport-ws"], additional_headers=headers
    )  # type: ignore[list-item]
    await ws.send(json.dumps({"type": "connection_init"}))
    assert json.loads(await asyncio.wait_for(ws.recv(), RECEIVE_TIMEOUT_S))["type"] == "connection_ack"
    await ws.close()
