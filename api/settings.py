"""API settings, read once from the environment."""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass

from algorithms.buying_committee import DEFAULT_ROLES
from graph_model.model import BuyingRole
from graph_model.settings import SettingsError, _bool, _int


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name}: expected a number of seconds, got {raw!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise SettingsError(f"{name}: must be a positive number of seconds, got {raw!r}")
    return value


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
    max_body_bytes: int = 5 * 1024 * 1024
    request_timeout_s: float = 30.0
    # None follows `production`, so production=True alone closes both.
    introspection: bool | None = None
    field_suggestions: bool | None = None
    production: bool = False
    # The roles buyingCommittee checks when the query names none.
    buying_committee_roles: tuple[BuyingRole, ...] = DEFAULT_ROLES

    def __post_init__(self) -> None:
        if not math.isfinite(self.request_timeout_s) or self.request_timeout_s <= 0:
            raise SettingsError(f"request_timeout_s must be a positive number, got {self.request_timeout_s}")

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
            max_body_bytes=_int(env, "RELGRAPH_MAX_BODY_BYTES", 5 * 1024 * 1024),
            request_timeout_s=_seconds(env, "RELGRAPH_REQUEST_TIMEOUT_S", 30.0),
            introspection=_optional_bool(env, "RELGRAPH_INTROSPECTION"),
            field_suggestions=_optional_bool(env, "RELGRAPH_FIELD_SUGGESTIONS"),
            production=_bool(env, "RELGRAPH_PRODUCTION", False),
            buying_committee_roles=_roles(env, "RELGRAPH_BUYING_COMMITTEE_ROLES"),
        )
