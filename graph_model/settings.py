"""Settings read once from the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path


class SettingsError(ValueError):
    """A setting in the environment has a value relgraph cannot use."""


def _int(env: Mapping[str, str], name: str, default: int, *, minimum: int = 1) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name}: expected an integer, got {raw!r}") from None
    if value < minimum:
        raise SettingsError(f"{name}: must be at least {minimum}, got {value}")
    return value


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise SettingsError(f"{name}: expected true or false, got {raw!r}")


@dataclass(frozen=True)
class StoreSettings:
    """Where the graph lives and how to reach it."""

    db_url: str = "embedded"
    data_dir: Path = Path(".relgraph")
    graph_name: str = "relgraph"
    neo4j_user: str = "neo4j"
    neo4j_password: str = field(default="", repr=False)
    neo4j_database: str = "neo4j"
    query_timeout_ms: int = 10_000
    fsync: str = "always"
    # How long the change log keeps its entries.
    change_retention_days: int = 400

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> StoreSettings:
        env = os.environ if env is None else env
        fsync = env.get("RELGRAPH_FSYNC", "always")
        if fsync not in ("everysec", "always"):
            raise SettingsError(f"RELGRAPH_FSYNC: expected 'everysec' or 'always', got {fsync!r}")
        return cls(
            db_url=env.get("RELGRAPH_DB", "") or "embedded",
            data_dir=Path(env.get("RELGRAPH_DATA_DIR", "") or ".relgraph"),
            graph_name=env.get("RELGRAPH_GRAPH", "") or "relgraph",
            neo4j_user=env.get("NEO4J_USER", "neo4j"),
            neo4j_password=env.get("NEO4J_PASSWORD", ""),
            neo4j_database=env.get("NEO4J_DATABASE", "neo4j"),
            query_timeout_ms=_int(env, "RELGRAPH_QUERY_TIMEOUT_MS", 10_000),
            fsync=fsync,
            change_retention_days=_int(env, "RELGRAPH_CHANGE_RETENTION_DAYS", 400),
        )

    @property
    def engine_kind(self) -> str:
        url = self.db_url
        if url == "embedded":
            return "embedded"
        if url.startswith(("falkordb://", "redis://", "falkordbs://", "rediss://")):
            return "falkordb"
        if url.startswith(("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://")):
            return "neo4j"
        raise SettingsError(
            f"RELGRAPH_DB: unsupported value {url!r}; use 'embedded', falkordb://host:port "
            "or a neo4j://, neo4j+s:// or bolt:// URI"
        )


__all__ = ["SettingsError", "StoreSettings", "_bool", "_int"]
