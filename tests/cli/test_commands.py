"""One-line errors: read-only commands refuse a data dir that is not there; serve refuses a busy port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from .support import Relgraph

HOST = "127.0.0.1"


@pytest.mark.parametrize("command", [["db", "status"], ["export", "-"]], ids=["db-status", "export"])
def test_read_only_commands_refuse_a_data_dir_that_does_not_exist(
    relgraph: Relgraph, tmp_path: Path, command: list[str]
) -> None:
    missing = tmp_path / "mistyped"
    result = relgraph(*command, RELGRAPH_DATA_DIR=str(missing))
    assert result.exit_code == 1
    assert result.output == (
        f"Error: data dir {missing} does not exist; "
        "check RELGRAPH_DATA_DIR (only serve, seed and import create one)\n"
    )
    assert not missing.exists()


def test_db_status_reads_an_existing_store(relgraph: Relgraph) -> None:
    assert relgraph("import", str(Path(__file__).parents[2] / "seeds" / "csv-example")).exit_code == 0
    result = relgraph("db", "status")
    assert result.exit_code == 0, result.output
    assert "nodes: Customer 2, Department 3, Industry 1, Interaction 1, Stakeholder 4" in result.output


def _relgraph(*args: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
    script = Path(sys.executable).with_name("relgraph")
    return subprocess.Popen(
        [str(script), *args], env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def test_serve_on_a_busy_port_says_so_in_one_line(relgraph: Relgraph) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind((HOST, 0))
        busy.listen()
        port = busy.getsockname()[1]
        server = _relgraph("serve", "--host", HOST, "--port", str(port), env=relgraph.env)
        out, err = server.communicate(timeout=60)
    assert server.returncode == 1
    assert out == b""
    assert err.decode() == (
        f"Error: port {port} on {HOST} is already in use; stop what is using it or choose another --port\n"
    )


def test_serve_answers_on_the_port_it_bound(relgraph: Relgraph) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        port = probe.getsockname()[1]
    env = {**relgraph.env, "RELGRAPH_AUTH": "off"}
    server = _relgraph("serve", "--host", HOST, "--port", str(port), "--log-level", "warning", env=env)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, server.communicate()
            try:
                reply = httpx.post(f"http://{HOST}:{port}/graphql", json={"query": "{ __typename }"})
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the server did not answer"
                time.sleep(0.2)
        assert reply.json() == {"data": {"__typename": "Query"}}
    finally:
        server.terminate()
        server.communicate(timeout=30)
