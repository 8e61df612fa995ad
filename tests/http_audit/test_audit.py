"""The graphql-http audit suite against a running `relgraph serve`.

The suite is the reference implementation's own conformance check for the
GraphQL-over-HTTP spec; it must pass with no failures, warnings or notices.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

AUDIT_DIR = Path(__file__).resolve().parent
START_TIMEOUT_S = 30.0


def require_node_package(directory: Path = AUDIT_DIR, package: str = "graphql-http") -> str:
    """The node binary, once ``package`` is installed in ``directory`` as its lock pins it.

    Fails (never skips) otherwise.
    """
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not on PATH; install Node.js 20+ and run `make test`", pytrace=False)
    where = f"tests/{directory.name}"
    installed = directory / "node_modules" / package / "package.json"
    if not installed.exists():
        pytest.fail(f"{package} is not installed in {where}; run `make test`", pytrace=False)
    lock = json.loads((directory / "package-lock.json").read_text())
    pinned = lock["packages"][f"node_modules/{package}"]["version"]
    version = json.loads(installed.read_text())["version"]
    if version != pinned:
        pytest.fail(
            f"{where} has {package} {version}, the lock pins {pinned}; run `make test`", pytrace=False
        )
    return node


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def stop(process: subprocess.Popen[bytes], data_dir: Path) -> None:
    """SIGTERM lets uvicorn run the lifespan, which stops the engine it started."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    # A server killed before its lifespan ended leaves its engine behind.
    pid_file = data_dir / "falkordb.pid"
    if pid_file.exists():
        with open(pid_file) as handle:
            pid = int(handle.read().strip() or 0)
        if pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)


@contextlib.contextmanager
def running_server(settings: dict[str, str] | None = None) -> Iterator[str]:
    """`relgraph serve` on a free loopback port with a data directory of its own (and ``settings``)."""
    data_dir = Path(tempfile.mkdtemp(prefix="rga-", dir="/tmp"))
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("RELGRAPH_")}
    env.update(RELGRAPH_DATA_DIR=str(data_dir), RELGRAPH_AUTH="off", **(settings or {}))
    relgraph = Path(sys.executable).with_name("relgraph")
    log_path = data_dir / "serve.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [str(relgraph), "serve", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if process.poll() is not None:
                pytest.fail(f"relgraph serve exited with {process.returncode}:\n{log_path.read_text()}")
            try:
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"relgraph serve was not ready in {START_TIMEOUT_S}s:\n{log_path.read_text()}")
            time.sleep(0.1)
        yield f"{base}/graphql"
    finally:
        stop(process, data_dir)
        shutil.rmtree(data_dir, ignore_errors=True)


def test_graphql_http_audit_passes_cleanly() -> None:
    node = require_node_package()
    with running_server() as url:
        run = subprocess.run(
            [node, "audit.mjs", url], cwd=AUDIT_DIR, capture_output=True, timeout=120, check=False
        )
    assert run.returncode == 0, run.stderr.decode(errors="replace")
    report: dict[str, Any] = json.loads(run.stdout)
    problems = [r for r in report["results"] if r["status"] != "ok"]
    assert not problems, json.dumps(problems, indent=1)
    assert report["counts"]["ok"] >= 50, report["counts"]
