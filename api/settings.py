"""API settings, read once from the environment."""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from algorithms.buying_committee import DEFAULT_ROLES
from graph_model.model import BuyingRole
from graph_model.settings import SettingsError, _bool, _int, read_setting


def _number(env: Mapping[str, str], name: str, default: float, *, unit: str, zero_means: str = "") -> float:
    """A finite positive number of ``unit`` (or 0, when ``zero_means`` says what 0 does)."""

    def parse(raw: str) -> float:
        value = float(raw)
        if not math.isfinite(value) or value < 0 or (value == 0 and not zero_means):
            allowed = f"a positive number of {unit}"
            if zero_means:
                allowed = f"0 ({zero_means}) or a positive number"
            raise SettingsError(f"{name}: must be {allowed}, got {raw!r}")
        return value

    return read_setting(env, name, default, parse, f"a number of {unit}")


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    return _number(env, name, default, unit="seconds")


def _rate(env: Mapping[str, str], name: str, default: float) -> float:
    """Requests per second; 0 turns the limit off."""
    return _number(env, name, default, unit="requests per second", zero_means="off")


def _origins(env: Mapping[str, str], name: str) -> tuple[str, ...]:
    """Comma-separated origins (scheme://host[:port]); '*' is refused: name them."""
    origins = tuple(o.strip().rstrip("/") for o in env.get(name, "").split(",") if o.strip())
    for origin in origins:
        scheme, sep, host = origin.partition("://")
        if origin == "*" or not sep or scheme not in ("http", "https") or not host or "/" in host:
            raise SettingsError(f"{name}: {origin!r} is not an origin like https://app.example.com")
    return origins


def _roles(env: Mapping[str, str], name: str) -> tuple[BuyingRole, ...]:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return DEFAULT_ROLES
    names = [part.strip() for part in raw.split(",") if part.strip()]
    allowed = {r.value for r in BuyingRole}
    unknown = [n for n in names if n not in allowed]
    if unknown or len(set(names)) != len(names):
        expected = ", ".join(sorted(allowed))
        raise SettingsError(
            f"{name}: expected distinct buying roles separated by commas ({expected}), got {raw!r}"
        )
    return tuple(BuyingRole(n) for n in names)


def _optional_bool(env: Mapping[str, str], name: str) -> bool | None:
    return _bool(env, name, False) if env.get(name) else None


@dataclass(frozen=True)
class ApiSettings:
    max_depth: int = 4  # relationship map depth
    max_map_nodes: int = 5_000
    max_page_size: int = 100
    max_query_depth: int = 12  # GraphQL selection depth
    max_aliases: int = 30
    max_tokens: int = 5_000
    max_selections: int = 2_000  # fields of a document once its fragments are expanded
    max_body_bytes: int = 5 * 1024 * 1024
    request_timeout_s: float = 30.0
    analytics_workers: int = 2
    analytics_queue: int = 8  # analytics jobs waiting for a worker before SERVICE_UNAVAILABLE
    analytics_cache_mb: int = 512
    # Longest estimated run of one influence measure; None: the request time limit.
    analytics_budget_s: float | None = None
    rate_limit_per_s: float = 20.0  # requests per second per API key, JWT subject or address
    rate_limit_burst: int = 100
    cors_origins: tuple[str, ...] = ()
    # None follows `production`, so production=True alone closes both.
    introspection: bool | None = None
    field_suggestions: bool | None = None
    production: bool = False
    # The roles buyingCommittee checks when the query names none.
    buying_committee_roles: tuple[BuyingRole, ...] = DEFAULT_ROLES
    # Automatic persisted queries: documents registered by hash, per process.
    apq_max_entries: int = 1_000
    apq_max_bytes: int = 4 * 1024 * 1024
    # A manifest of the only documents that may run (api/graphql/core/persisted.py).
    trusted_documents: Path | None = None

    def __post_init__(self) -> None:
        if not math.isfinite(self.request_timeout_s) or self.request_timeout_s <= 0:
            raise SettingsError(f"request_timeout_s must be a positive number, got {self.request_timeout_s}")
        if self.analytics_workers < 1 or self.analytics_queue < 0 or self.analytics_cache_mb < 1:
            raise SettingsError("analytics workers and cache size must be >= 1, the queue >= 0")
        if self.rate_limit_burst < 1 or self.max_selections < 1:
            raise SettingsError("rate_limit_burst and max_selections must be >= 1")

    @property
    def introspection_enabled(self) -> bool:
        return not self.production if self.introspection is None else self.introspection

    @property
    def field_suggestions_enabled(self) -> bool:
        return not self.production if self.field_suggestions is None else self.field_suggestions

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> ApiSettings:
        env = os.environ if env is None else env
        return cls(
            max_depth=_int(env, "RELGRAPH_MAX_MAP_DEPTH", 4),
            max_map_nodes=_int(env, "RELGRAPH_MAX_MAP_NODES", 5_000),
            max_page_size=_int(env, "RELGRAPH_MAX_PAGE_SIZE", 100),
            max_query_depth=_int(env, "RELGRAPH_MAX_QUERY_DEPTH", 12),
            max_aliases=_int(env, "RELGRAPH_MAX_ALIASES", 30),
            max_tokens=_int(env, "RELGRAPH_MAX_TOKENS", 5_000),
            max_selections=_int(env, "RELGRAPH_MAX_SELECTIONS", 2_000),
            max_body_bytes=_int(env, "RELGRAPH_MAX_BODY_BYTES", 5 * 1024 * 1024),
            request_timeout_s=_seconds(env, "RELGRAPH_REQUEST_TIMEOUT_S", 30.0),
            analytics_workers=_int(env, "RELGRAPH_ANALYTICS_WORKERS", 2),
            analytics_queue=_int(env, "RELGRAPH_ANALYTICS_QUEUE", 8, minimum=0),
            analytics_cache_mb=_int(env, "RELGRAPH_ANALYTICS_CACHE_MB", 512),
            analytics_budget_s=(
                _seconds(env, "RELGRAPH_ANALYTICS_BUDGET_S", 1.0)
                if env.get("RELGRAPH_ANALYTICS_BUDGET_S")
                else None
            ),
            rate_limit_per_s=_rate(env, "RELGRAPH_RATE_LIMIT_PER_S", 20.0),
            rate_limit_burst=_int(env, "RELGRAPH_RATE_LIMIT_BURST", 100),
            cors_origins=_origins(env, "RELGRAPH_CORS_ORIGINS"),
            introspection=_optional_bool(env, "RELGRAPH_INTROSPECTION"),
            field_suggestions=_optional_bool(env, "RELGRAPH_FIELD_SUGGESTIONS"),
            production=_bool(env, "RELGRAPH_PRODUCTION", False),
            buying_committee_roles=_roles(env, "RELGRAPH_BUYING_COMMITTEE_ROLES"),
            apq_max_entries=_int(env, "RELGRAPH_APQ_MAX_ENTRIES", 1_000, minimum=0),
            apq_max_bytes=_int(env, "RELGRAPH_APQ_MAX_BYTES", 4 * 1024 * 1024),
            trusted_documents=Path(env["RELGRAPH_TRUSTED_DOCUMENTS"])
            if env.get("RELGRAPH_TRUSTED_DOCUMENTS")
            else None,
        )
