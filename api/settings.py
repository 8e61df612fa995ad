"""API settings, read once from the environment."""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass

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
    # None follows `production`, so production=True alone closes both.
    introspection: bool | None = None
    field_suggestions: bool | None = None
    production: bool = False

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
            max_selections=_int(env, "RELGRAPH_MAX_SELECTIONS", 2_000),
            max_body_bytes=_int(env, "RELGRAPH_MAX_BODY_BYTES", 5 * 1024 * 1024),
            request_timeout_s=_seconds(env, "RELGRAPH_REQUEST_TIMEOUT_S", 30.0),
            introspection=_optional_bool(env, "RELGRAPH_INTROSPECTION"),
            field_suggestions=_optional_bool(env, "RELGRAPH_FIELD_SUGGESTIONS"),
            production=_bool(env, "RELGRAPH_PRODUCTION", False),
        )
