"""Looking at processes the tests start and kill."""

from __future__ import annotations

import time
from pathlib import Path


def running(pid: int) -> bool:
    """Alive and not a zombie waiting for whichever process adopted it to reap it."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def gone(pid: int, timeout: float = 15.0) -> bool:
    """Whether the process has stopped running within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not running(pid):
            return True
        time.sleep(0.05)
    return False
