"""The embedded engine's process life: start, join, crash, recover."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph_model.engines import embedded
from graph_model.engines.embedded import EmbeddedServer, socket_answers
from graph_model.errors import EngineError
from graph_model.model import Label
from graph_model.opening import open_store
from graph_model.settings import StoreSettings
from graph_model.validation import validate_node


@pytest.fixture
def data_dir() -> Iterator[Path]:
    directory = Path(tempfile.mkdtemp(prefix="rge-", dir="/tmp"))
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


def test_start_stop_and_private_socket(data_dir: Path) -> None:
    server = EmbeddedServer(data_dir)
    socket_path = server.start()
    try:
        assert server.owned and socket_answers(socket_path)
        assert (data_dir.stat().st_mode & 0o777) == 0o700
        config = (data_dir / "falkordb.pid").read_text().strip()
        assert config.isdigit()
    finally:
        server.stop()
    assert not socket_answers(socket_path)


def test_second_process_joins_the_running_engine(data_dir: Path) -> None:
    first = EmbeddedServer(data_dir)
    first.start()
    try:
        second = EmbeddedServer(data_dir)
        assert second.start() == first.socket_path
        assert not second.owned
        second.stop()  # not its engine: must leave it running
        assert socket_answers(first.socket_path)
    finally:
        first.stop()


def test_recovers_from_stale_socket_and_pid(data_dir: Path) -> None:
    server = EmbeddedServer(data_dir)
    server.start()
    assert server.process is not None
    server.process.kill()
    server.process.wait()
    server.process = None
    # The crash left the socket file and pid file behind.
    assert (data_dir / "falkordb.sock").exists() and (data_dir / "falkordb.pid").exists()
    again = EmbeddedServer(data_dir)
    try:
        again.start()
        assert again.owned and socket_answers(again.socket_path)
    finally:
        again.stop()


def test_clear_error_when_the_engine_cannot_start(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embedded, "_binaries", lambda: ("/bin/false", "/nonexistent/falkordb.so"))
    with pytest.raises(EngineError, match="did not start"):
        EmbeddedServer(data_dir).start()


def test_refuses_a_data_dir_too_long_for_a_socket(data_dir: Path) -> None:
    deep = data_dir / ("x" * 120)
    with pytest.raises(EngineError, match="too long"):
        EmbeddedServer(deep).start()


WRITER = """
import asyncio, sys
from pathlib import Path
from graph_model.opening import open_store
from graph_model.settings import StoreSettings
from graph_model.validation import validate_node

async def main():
    settings = StoreSettings(data_dir=Path(sys.argv[1]), graph_name="durable")
    async with open_store(settings) as store:
        for i in range(100000):
            row, _ = validate_node({"label": "Industry", "id": f"i{i}", "properties": {"name": f"I{i}"}})
            await store.upsert_nodes([row])
            print(i, flush=True)

asyncio.run(main())
"""


async def _ids(data_dir: Path) -> set[str]:
    settings = StoreSettings(data_dir=data_dir, graph_name="durable")
    async with open_store(settings) as store:
        items, _ = await store.list_nodes(Label.INDUSTRY, limit=100_000)
        return {n.id for n in items}


def test_every_acknowledged_write_survives_sigkill(data_dir: Path) -> None:
    """Kill the engine mid-write: whatever the writer saw acknowledged is still there."""
    engine = EmbeddedServer(data_dir)
    engine.start()
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(data_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    assert writer.stdout is not None
    acknowledged = -1
    for line in writer.stdout:
        acknowledged = int(line)
        if acknowledged >= 200:
            break
    assert engine.process is not None
    os.kill(engine.process.pid, signal.SIGKILL)
    engine.process.wait()
    engine.process = None
    # Drain what the writer printed before it noticed the engine was gone.
    for line in writer.stdout:
        if line.strip().isdigit():
            acknowledged = max(acknowledged, int(line))
    writer.wait(timeout=30)
    found = asyncio.run(_ids(data_dir))
    assert {f"i{i}" for i in range(acknowledged + 1)} <= found


def test_open_store_stops_the_engine_it_started(data_dir: Path) -> None:
    async def run() -> None:
        async with open_store(StoreSettings(data_dir=data_dir, graph_name="g")) as store:
            row, _ = validate_node({"label": "Industry", "id": "x", "properties": {"name": "X"}})
            assert row is not None
            await store.upsert_nodes([row])
        assert not socket_answers(data_dir / "falkordb.sock")
        async with open_store(StoreSettings(data_dir=data_dir, graph_name="g")) as store:
            assert await store.get_node("x") is not None

    asyncio.run(run())


def test_restarts_replay_schema_setup_and_drops(data_dir: Path) -> None:
    """Schema set-up runs at every start; the append-only file must still load."""

    async def cycle(round_no: int) -> None:
        async with open_store(StoreSettings(data_dir=data_dir, graph_name="g")) as store:
            if round_no == 1:
                await store.engine.drop_all()
                await store.engine.ensure_schema()
            row, _ = validate_node({"label": "Industry", "id": f"x{round_no}", "properties": {"name": "X"}})
            assert row is not None
            await store.upsert_nodes([row])
            assert set(await store.get_nodes([f"x{i}" for i in range(round_no + 1)])) == {
                f"x{i}" for i in range(1 if round_no >= 1 else 0, round_no + 1)
            }

    for round_no in range(4):
        asyncio.run(cycle(round_no))
