"""Authentication settings, read once from the environment at start-up."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from .errors import AuthConfigError

AuthMode = Literal["on", "off"]

MIN_JWT_SECRET_BYTES = 32
KEYS_FILE_NAME = "api-keys.json"


def is_loopback(host: str) -> bool:
    """Whether binding to ``host`` keeps the server reachable from this machine only.

    Anything that is not recognisably loopback counts as public: a typo or an
    unusual hostname must not switch authentication off.
    """
    name = host.strip()
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    if name.lower().rstrip(".") == "localhost":
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped.is_loopback
    return address.is_loopback


def parse_auth_mode(value: str | None) -> AuthMode | None:
    if value is None or not value.strip():
        return None
    mode = value.strip().lower()
    if mode == "on":
        return "on"
    if mode == "off":
        return "off"
    raise AuthConfigError(f"RELGRAPH_AUTH must be 'on' or 'off', not {value!r}")


def auth_required(host: str, setting: str | None) -> bool:
    """Decide whether requests to a server bound to ``host`` must authenticate.

    ``setting`` is the raw ``RELGRAPH_AUTH`` value; unset means "off on
    loopback, on everywhere else".
    """
    mode = parse_auth_mode(setting)
    loopback = is_loopback(host)
    if mode == "off" and not loopback:
        raise AuthConfigError(
            f"RELGRAPH_AUTH=off is only allowed when binding to loopback, not {host!r}; "
            "bind to 127.0.0.1 or turn authentication on"
        )
    if mode is None:
        return not loopback
    return mode == "on"


def default_keys_path(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    data_dir = env.get("RELGRAPH_DATA_DIR") or ".relgraph"
    return Path(data_dir) / KEYS_FILE_NAME


@dataclass(frozen=True)
class AuthSettings:
    mode: AuthMode | None = None
    jwt_secret: bytes | None = field(default=None, repr=False)
    jwt_issuer: str | None = None
    jwt_audience: str | None = None
    jwt_leeway_seconds: float = 30.0
    keys_path: Path = field(default_factory=default_keys_path)

    def __post_init__(self) -> None:
        # Short HMAC secrets can be brute-forced offline from any one token.
        if self.jwt_secret is not None and len(self.jwt_secret) < MIN_JWT_SECRET_BYTES:
            raise AuthConfigError(
                f"RELGRAPH_JWT_SECRET is {len(self.jwt_secret)} bytes; "
                f"at least {MIN_JWT_SECRET_BYTES} are required"
            )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> AuthSettings:
        env = os.environ if environ is None else environ
        return cls(
            mode=parse_auth_mode(env.get("RELGRAPH_AUTH")),
            jwt_secret=(env.get("RELGRAPH_JWT_SECRET") or "").encode() or None,
            jwt_issuer=env.get("RELGRAPH_JWT_ISSUER") or None,
            jwt_audience=env.get("RELGRAPH_JWT_AUDIENCE") or None,
            keys_path=default_keys_path(env),
        )

    def required_for(self, host: str) -> bool:
        return auth_required(host, self.mode)
