"""Run ``relgraph serve`` as a subprocess on a free loopback port, and stop it by its pid.

The server opens the same data directory as the benchmark, so it joins the
engine the benchmark already runs instead of starting a second one.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.bench.common import BenchConfig

HOST = "127.0.0.1"
READY_TIMEOUT_S = 120.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _command(port: int) -> list[str]:
    script = Path(sys.executable).with_name("relgraph")
    serve = ["serve", "--host", HOST, "--port", str(port), "--log-level", "warning"]
    if script.exists():
        return [str(script), *serve]
    return [sys.executable, "-c", "from api.cli import main; main()", *serve]


@dataclass(frozen=True)
class Server:
    url: str
    pid: int


def server_environment(config: BenchConfig) -> dict[str, str]:
    """A benchmark server's settings: the shared graph, auth off (loopback only)."""
    return {
        **os.environ,
        "RELGRAPH_DATA_DIR": str(config.data_dir),
        "RELGRAPH_GRAPH": config.graph_name,
        "RELGRAPH_AUTH": "off",
        "RELGRAPH_DB": config.store_settings().db_url,
        # One client measures the server as fast as it answers: no per-client budget.
        "RELGRAPH_RATE_LIMIT_PER_S": os.environ.get("RELGRAPH_RATE_LIMIT_PER_S", "0"),
    }


@contextlib.contextmanager
def serve(config: BenchConfig, log_path: Path) -> Iterator[Server]:
    """One uvicorn worker with auth off (loopback only), ready before this yields."""
    port = free_port()
    env = server_environment(config)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "wb") as log:
        process = subprocess.Popen(_command(port), env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            url = f"http://{HOST}:{port}"
            wait_ready(url, process)
            yield Server(url, process.pid)
        finally:
            stop(process)


def wait_ready(url: str, process: subprocess.Popen[bytes], log: Callable[[], str] | None = None) -> None:
    """Until ``/readyz`` answers 200; an early exit is reported with the tail of ``log``."""
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = f":\n{log()[-2000:]}" if log else ""
            raise RuntimeError(f"relgraph serve exited with {process.returncode} before it was ready{tail}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"relgraph serve not ready after {READY_TIMEOUT_S:.0f} s")


def wait_analytics_warm(url: str, timeout_s: float = 600) -> float:
    """Until ``/readyz`` says the analytics projection is built; the seconds it took."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout_s:
        if httpx.get(f"{url}/readyz", timeout=5).json().get("analytics") == "ready":
            return time.perf_counter() - started
        time.sleep(0.2)
    raise RuntimeError(f"the analytics projection was not built within {timeout_s:.0f} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then SIGKILL after 30 s."""
    if process.poll() is None:
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
