"""The embedded engine's process life: start, join, crash, recover."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph_model.engines.embedded import EmbeddedServer, socket_answers
from graph_model.errors import EngineError
from graph_model.model import Label
from graph_model.settings import StoreSettings
from graph_model.store_lifecycle import open_store
from graph_model.validation import validate_node
from tests.graph_model.processes import gone


@pytest.fixture
def data_dir() -> Iterator[Path]:
    directory = Path(tempfile.mkdtemp(prefix="rge-", dir="/tmp"))
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


def test_start_stop_and_private_socket(data_dir: Path) -> None:
    server = EmbeddedServer(data_dir)
    socket_path = server.start()
    engine, keeper = server.engine_pid, server.keeper_pid
    try:
        assert server.started and socket_answers(socket_path)
        assert (data_dir.stat().st_mode & 0o777) == 0o700
        assert engine and keeper and server.keeper_alive()
    finally:
        server.stop()
    # The last user out: the engine and its keeper are gone when stop returns.
    assert not socket_answers(socket_path)
    assert gone(engine, 0.1) and gone(keeper, 0.1)


def test_the_engine_lives_while_any_process_uses_it(data_dir: Path) -> None:
    first = EmbeddedServer(data_dir)
    first.start()
    second = EmbeddedServer(data_dir)
    assert second.start() == first.socket_path
    assert not second.started
    engine = first.engine_pid
    first.stop()  # the second still uses it: it must keep running
    time.sleep(0.6)
    assert socket_answers(first.socket_path) and first.engine_pid == engine
    second.stop()
    assert gone(engine)


def test_recovers_from_a_dead_keeper_and_a_stale_socket(data_dir: Path) -> None:
    server = EmbeddedServer(data_dir)
    server.start()
    engine = server.engine_pid
    os.kill(server.keeper_pid, signal.SIGKILL)
    # Its engine follows it (parent-death signal); the keeper's pid file stays behind.
    assert gone(engine)
    assert (data_dir / "keeper.pid").exists()
    again = EmbeddedServer(data_dir)
    try:
        again.start()
        assert again.started and socket_answers(again.socket_path)
    finally:
        again.stop()
        server.stop()


def test_clear_error_when_the_engine_cannot_start(data_dir: Path) -> None:
    server = EmbeddedServer(data_dir)
    server.start()
    server.stop()
    # A damaged append-only file: the engine refuses to load it, every time.
    manifest = next((data_dir / "appendonlydir").glob("*.manifest"))
    manifest.write_text("not a manifest\n")
    with pytest.raises(EngineError, match="did not start"):
        EmbeddedServer(data_dir).start()


def test_refuses_a_data_dir_too_long_for_a_socket(data_dir: Path) -> None:
    deep = data_dir / ("x" * 120)
    with pytest.raises(EngineError, match="too long"):
        EmbeddedServer(deep).start()


WRITER = """
import asyncio, sys
from pathlib import Path
from graph_model.errors import EngineUnavailable
from graph_model.store_lifecycle import open_store
from graph_model.settings import StoreSettings
from graph_model.validation import validate_node
from tests.graph_model.processes import gone

async def main():
    settings = StoreSettings(data_dir=Path(sys.argv[1]), graph_name="durable")
    async with open_store(settings) as store:
        i = 0
        while i < 100000:
            row, _ = validate_node({"label": "Industry", "id": f"i{i}", "properties": {"name": f"I{i}"}})
            try:
                await store.upsert_nodes([row])
            except EngineUnavailable:
                print("unavailable", flush=True)
                await asyncio.sleep(0.1)
                continue
            print(i, flush=True)
            i += 1

asyncio.run(main())
"""


async def _ids(data_dir: Path) -> set[str]:
    settings = StoreSettings(data_dir=data_dir, graph_name="durable")
    async with open_store(settings) as store:
        items, _ = await store.list_nodes(Label.INDUSTRY, limit=100_000)
        return {n.id for n in items}


def test_a_killed_engine_is_restarted_and_loses_no_acknowledged_write(data_dir: Path) -> None:
    """Kill the engine mid-write: its keeper restarts it, and whatever was acknowledged is there."""
    engine = EmbeddedServer(data_dir)
    engine.start()
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(data_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    assert writer.stdout is not None and writer.stderr is not None
    try:
        acknowledged, refused, after = -1, 0, 0
        for line in writer.stdout:
            if line.startswith("unavailable"):
                refused += 1
                continue
            acknowledged = int(line)
            if acknowledged == 200:
                killed = engine.engine_pid
                os.kill(killed, signal.SIGKILL)
            if acknowledged > 200 and engine.engine_pid != killed:
                after += 1
                if after >= 50:
                    break
    finally:
        writer.kill()
        _, errors = writer.communicate(timeout=30)
        engine.stop()
    # The client may ride out the restart on its own retries, or see it as unavailable.
    assert after >= 50, f"writes did not resume after the restart ({refused} refused): {errors[-2000:]}"
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
