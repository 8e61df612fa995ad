"""An import lands whole or not at all, whichever relgraph process is killed and when.

Real processes on a real embedded engine: ``relgraph import`` and ``relgraph
serve`` are started, killed with SIGKILL part-way, and the graph is read back
(by a process that kept the engine running, or after the engine restarted from
its append-only file).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from graph_model.engines.embedded import EmbeddedServer
from graph_model.settings import StoreSettings
from graph_model.store_lifecycle import open_store
from tests.graph_model.processes import running

RELGRAPH = Path(sys.executable).with_name("relgraph")
GRAPH = "crash"
PEOPLE = 12_000


def _document() -> dict[str, Any]:
    """One customer, 60 departments, PEOPLE stakeholders in them, each reporting to the one before."""
    nodes: list[dict[str, Any]] = [{"label": "Customer", "id": "c", "properties": {"name": "Crash Co"}}]
    rels: list[dict[str, Any]] = []
    for d in range(60):
        nodes.append({"label": "Department", "id": f"d{d}", "properties": {"name": f"Dept {d}"}})
        rels.append({"type": "HAS_DEPARTMENT", "from": "c", "to": f"d{d}"})
    for p in range(PEOPLE):
        nodes.append({"label": "Stakeholder", "id": f"s{p}", "properties": {"name": f"Person {p}"}})
        rels.append({"type": "WORKS_IN", "from": f"s{p}", "to": f"d{p % 60}"})
        if p:
            rels.append({"type": "REPORTS_TO", "from": f"s{p}", "to": f"s{p - 1}"})
    return {"nodes": nodes, "relationships": rels}


DOCUMENT = _document()
FULL = (len(DOCUMENT["nodes"]), len(DOCUMENT["relationships"]))


@pytest.fixture
def data_dir() -> Iterator[Path]:
    directory = Path(tempfile.mkdtemp(prefix="rgc-", dir="/tmp"))
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="module")
def document_file() -> Iterator[Path]:
    directory = Path(tempfile.mkdtemp(prefix="rgd-"))
    path = directory / "graph.json"
    path.write_text(json.dumps(DOCUMENT))
    yield path
    shutil.rmtree(directory, ignore_errors=True)


def _env(data_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "RELGRAPH_DATA_DIR": str(data_dir),
        "RELGRAPH_GRAPH": GRAPH,
    }


async def _counts(data_dir: Path) -> tuple[int, int]:
    async with open_store(StoreSettings(data_dir=data_dir, graph_name=GRAPH)) as store:
        labels, types = await store.counts()
        return sum(labels.values()), sum(types.values())


def _whole_or_nothing(counts: tuple[int, int]) -> None:
    assert counts in ((0, 0), FULL), f"a partial graph: {counts} of {FULL}"


def _import(data_dir: Path, document_file: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(RELGRAPH), "import", str(document_file)],
        env=_env(data_dir),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _full_import_seconds(document_file: Path) -> float:
    directory = Path(tempfile.mkdtemp(prefix="rgc-", dir="/tmp"))
    try:
        started = time.monotonic()
        assert _import(directory, document_file).wait(timeout=600) == 0
        elapsed = time.monotonic() - started
        assert asyncio.run(_counts(directory)) == FULL
        return elapsed
    finally:
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="module")
def import_seconds(document_file: Path) -> float:
    return _full_import_seconds(document_file)


@pytest.mark.parametrize("fraction", [0.15, 0.35, 0.55, 0.75, 0.9])
@pytest.mark.parametrize("watched", [False, True], ids=["engine-restarts", "engine-kept-by-a-reader"])
def test_killing_the_import_command_leaves_all_or_nothing(
    data_dir: Path, document_file: Path, import_seconds: float, fraction: float, watched: bool
) -> None:
    reader = EmbeddedServer(data_dir)
    if watched:
        # Another process keeps the engine up: it must never see half an import.
        reader.start()
    try:
        importer = _import(data_dir, document_file)
        time.sleep(import_seconds * fraction)
        importer.send_signal(signal.SIGKILL)
        importer.wait()
        _whole_or_nothing(asyncio.run(_counts(data_dir)))
    finally:
        reader.stop()
    # And after a restart from the append-only file, the same.
    _whole_or_nothing(asyncio.run(_counts(data_dir)))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(data_dir: Path, port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [str(RELGRAPH), "serve", "--port", str(port), "--log-level", "warning"],
        env=_env(data_dir),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.1)
    server.kill()
    raise AssertionError("the server did not come up")


IMPORT = "mutation($data: JSON!) { importGraph(data: $data) { ok } }"


def _post_import(port: int) -> None:
    # The server is killed under it.
    with contextlib.suppress(httpx.HTTPError):
        httpx.post(
            f"http://127.0.0.1:{port}/graphql",
            json={"query": IMPORT, "variables": {"data": DOCUMENT}},
            timeout=120,
        )


@pytest.mark.parametrize("delay", [0.3, 1.0, 2.0, 4.0])
def test_killing_the_server_during_import_graph_leaves_all_or_nothing_and_no_engine(
    data_dir: Path, delay: float
) -> None:
    port = _free_port()
    server = _serve(data_dir, port)
    engine = EmbeddedServer(data_dir)
    engine_pid, keeper_pid = engine.engine_pid, engine.keeper_pid
    poster = threading.Thread(target=_post_import, args=(port,))
    poster.start()
    time.sleep(delay)
    server.send_signal(signal.SIGKILL)
    server.wait()
    poster.join()
    # The server was the engine's only user: the engine goes with it, cleanly.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (running(keeper_pid) or running(engine_pid)):
        time.sleep(0.05)
    assert not running(engine_pid) and not running(keeper_pid), "an engine was left behind"
    _whole_or_nothing(asyncio.run(_counts(data_dir)))


def test_the_engine_outlives_a_killed_server_while_another_process_uses_it(data_dir: Path) -> None:
    reader = EmbeddedServer(data_dir)
    reader.start()
    try:
        port = _free_port()
        server = _serve(data_dir, port)
        server.send_signal(signal.SIGKILL)
        server.wait()
        time.sleep(1.0)
        assert running(reader.engine_pid)
        assert asyncio.run(_counts(data_dir)) == (0, 0)
    finally:
        reader.stop()
