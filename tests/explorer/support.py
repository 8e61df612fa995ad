"""Support of the browser tests: a real relgraph server (the app under uvicorn on a
free loopback port, over a graph of the session's engine seeded by the CLI), the
watched page, and the timings they print."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Page

from graph_model.settings import StoreSettings
from graph_model.store_lifecycle import open_store

START_TIMEOUT_S = 60
OUTPUT = Path(__file__).parent / "output"
TIMINGS: list[str] = []


@dataclass(frozen=True)
class LiveServer:
    url: str

    def gql(
        self, query: str, variables: dict[str, Any] | None = None, key: str | None = None
    ) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        response = httpx.post(
            f"{self.url}/graphql",
            json={"query": query, "variables": variables or {}},
            headers=headers,
            timeout=60,
        )
        body = response.json()
        assert "errors" not in body, body["errors"]
        return dict(body["data"])


def _relgraph(settings: StoreSettings, *args: str) -> list[str]:
    return [str(Path(sys.executable).with_name("relgraph")), *args]


def _environment(settings: StoreSettings, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "RELGRAPH_DATA_DIR": str(settings.data_dir),
        "RELGRAPH_GRAPH": settings.graph_name,
        **extra,
    }


def seeded_graph(engine_dir: Path, *seed_args: str) -> StoreSettings:
    """A fresh graph of the session's engine, loaded by `relgraph seed ...`."""
    settings = StoreSettings(data_dir=engine_dir, graph_name=f"ex-{uuid.uuid4().hex[:12]}")
    subprocess.run(
        _relgraph(settings, "seed", *seed_args),
        env=_environment(settings),
        check=True,
        capture_output=True,
        timeout=600,
    )
    return settings


def drop_graph(settings: StoreSettings) -> None:
    async def drop() -> None:
        async with open_store(settings) as store:
            await store.engine.drop_all()

    # Its own thread and loop: the tests' session loop must stay untouched.
    worker = threading.Thread(target=asyncio.run, args=(drop(),))
    worker.start()
    worker.join()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def live_server(
    settings: StoreSettings, *, auth: str, log: Path, production: bool = False
) -> Iterator[LiveServer]:
    """`relgraph serve` in its own process (so the tests' own work does not slow it)."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as output:
        process = subprocess.Popen(
            _relgraph(settings, "serve", "--host", "127.0.0.1", "--port", str(port)),
            env=_environment(settings, RELGRAPH_AUTH=auth, RELGRAPH_PRODUCTION=str(production).lower()),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            while not _ready(url):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"relgraph serve did not start: {log.read_text(errors='replace')}")
                time.sleep(0.1)
            yield LiveServer(url)
        finally:
            process.terminate()
            process.wait(timeout=30)


def _ready(url: str) -> bool:
    try:
        return httpx.get(f"{url}/readyz", timeout=2).status_code == 200
    except httpx.TransportError:
        return False


@dataclass
class Watched:
    """What a page tried to reach beyond loopback, and the script errors it hit."""

    page: Page
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def screenshot(self, name: str) -> None:
        OUTPUT.mkdir(exist_ok=True)
        self.page.screenshot(path=str(OUTPUT / f"{name}.png"))

    def drawn(self) -> dict[str, Any]:
        """Node and edge ids on the map (edges added only to show a path left out)."""
        return dict(
            self.page.evaluate(
                """() => {
                    const cy = window.explorer.map.cy;
                    return {
                        nodes: cy.nodes().map((n) => n.id()),
                        edges: cy.edges().not('.intro').map((e) => e.id()),
                        highlighted: cy.nodes('.highlight').map((n) => n.id()),
                        highlightedEdges: cy.edges('.highlight').length,
                    };
                }"""
            )
        )

    def wait_for_panel(self) -> None:
        """Waits until every section of the side panel has loaded (or failed)."""
        self.page.wait_for_function("() => !document.querySelector('#panel .state.loading')", timeout=60_000)

    def wait_for_maps(self, count: int) -> list[dict[str, Any]]:
        """Waits until `count` maps were opened; returns the explorer's timings."""
        self.page.wait_for_function(
            "(count) => window.explorer"
            " && window.explorer.state.timings.filter((t) => t.what === 'open').length >= count",
            arg=count,
            timeout=30_000,
        )
        return list(self.page.evaluate("() => window.explorer.state.timings"))


@dataclass(frozen=True)
class GuardedServer:
    server: LiveServer
    member_key: str
    member_account: str


def report_timing(line: str, **figures: Any) -> None:
    TIMINGS.append(line)
    OUTPUT.mkdir(exist_ok=True)
    with (OUTPUT / "timings.jsonl").open("a", encoding="utf-8") as out:
        out.write(json.dumps({"what": line, **figures}) + "\n")
