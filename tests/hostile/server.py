"""A real relgraph server in a subprocess on a free loopback port, for the hostile suites.

Each server has its own data directory (its own embedded engine), API keys
for every role, a JWT secret, and writes its log (the access log included)
to a file the tests can read.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jwt

from api.auth.keystore import KeyStore
from api.auth.principal import Role
from tests.bench.http_server import stop, wait_ready

HOST = "127.0.0.1"
JWT_SECRET = "hostile-suite-secret-of-at-least-32-bytes"
MEMBER_ACCOUNT = "c-acme"


def free_port() -> int:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def token(claims: dict[str, Any], secret: str = JWT_SECRET, algorithm: str = "HS256") -> str:
    """A signed token over exactly these claims (PyJWT's own encoder would check their types)."""
    with warnings.catch_warnings():
        # HS512 with the suite's 41-byte secret: short for SHA-512, on purpose.
        warnings.simplefilter("ignore")
        return jwt.api_jws.PyJWS().encode(json.dumps(claims).encode(), secret, algorithm=algorithm)


def jwt_claims(**overrides: Any) -> dict[str, Any]:
    claims: dict[str, Any] = {"sub": "jwt-user", "role": "admin", "accounts": [], "exp": time.time() + 3600}
    claims.update(overrides)
    return {k: v for k, v in claims.items() if v is not None}


@dataclass
class Server:
    url: str
    log_path: Path
    process: subprocess.Popen[bytes]
    headers: dict[str, dict[str, str]] = field(default_factory=dict)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


@contextlib.contextmanager
def serve(extra_env: dict[str, str] | None = None) -> Iterator[Server]:
    """Start ``relgraph serve`` with auth on, keys for each role, and ``extra_env``."""
    data_dir = Path(tempfile.mkdtemp(prefix="rgh-", dir="/tmp"))
    keys = KeyStore(data_dir / "api-keys.json")
    headers = {
        "admin": keys.create(Role.ADMIN),
        "editor": keys.create(Role.EDITOR),
        "analyst": keys.create(Role.ANALYST),
        "member": keys.create(Role.ACCOUNT_MEMBER, [MEMBER_ACCOUNT]),
    }
    port = free_port()
    env = {
        **os.environ,
        "RELGRAPH_DATA_DIR": str(data_dir),
        "RELGRAPH_GRAPH": "hostile",
        "RELGRAPH_DB": "embedded",
        "RELGRAPH_AUTH": "on",
        "RELGRAPH_JWT_SECRET": JWT_SECRET,
        **(extra_env or {}),
    }
    log_path = data_dir / "server.log"
    command = [sys.executable, "-c", "from api.cli import main; main()", "serve", "--host", HOST]
    command += ["--port", str(port), "--log-level", "info"]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    server = Server(
        f"http://{HOST}:{port}",
        log_path,
        process,
        {role: {"Authorization": f"Bearer {created.key}"} for role, created in headers.items()},
    )
    try:
        wait_ready(server.url, server.process, server.log)
        yield server
    finally:
        stop(process)
        shutil.rmtree(data_dir, ignore_errors=True)
