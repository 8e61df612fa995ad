"""API settings, read once from the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from graph_model.settings import _bool, _int


@dataclass(frozen=True)
class ApiSettings:
    max_depth: int = 4  # relationship map depth
    max_map_nodes: int = 5_000
    max_page_size: int = 100
    max_query_depth: int = 12  # GraphQL selection depth
    max_aliases: int = 30
    max_tokens: int = 5_000
    max_body_bytes: int = 5 * 1024 * 1024
    introspection: bool = True
    production: bool = False

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> ApiSettings:
        env = os.environ if env is None else env
        production = _bool(env, "RELGRAPH_PRODUCTION", False)
        return cls(
            max_depth=_int(env, "RELGRAPH_MAX_MAP_DEPTH", 4),
            max_map_nodes=_int(env, "RELGRAPH_MAX_MAP_NODES", 5_000),
            max_page_size=_int(env, "RELGRAPH_MAX_PAGE_SIZE", 100),
            max_query_depth=_int(env, "RELGRAPH_MAX_QUERY_DEPTH", 12),
            max_aliases=_int(env, "RELGRAPH_MAX_ALIASES", 30),
            max_tokens=_int(env, "RELGRAPH_MAX_TOKENS", 5_000),
            max_body_bytes=_int(env, "RELGRAPH_MAX_BODY_BYTES", 5 * 1024 * 1024),
            introspection=_bool(env, "RELGRAPH_INTROSPECTION", not production),
            production=production,
        )
