"""Settings read once from the environment."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, TypeVar


class SettingsError(ValueError):
    """A setting in the environment has a value relgraph cannot use."""


T = TypeVar("T")

_BOOLEANS: Final[Mapping[str, bool]] = {
    **dict.fromkeys(("1", "true", "yes", "on"), True),
    **dict.fromkeys(("0", "false", "no", "off"), False),
}


def read_setting(
    env: Mapping[str, str], name: str, default: T, parse: Callable[[str], T], expected: str
) -> T:
    """``name`` parsed by ``parse``, or ``default`` when unset or empty.

    A ``ValueError`` from ``parse`` is refused as not being ``expected``; a
    ``SettingsError`` it raises (a value out of range) passes unchanged.
    """
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return parse(raw)
    except SettingsError:
        raise
    except ValueError:
        raise SettingsError(f"{name}: expected {expected}, got {raw!r}") from None


def _int(env: Mapping[str, str], name: str, default: int, *, minimum: int = 1) -> int:
    def parse(raw: str) -> int:
        value = int(raw)
        if value < minimum:
            raise SettingsError(f"{name}: must be at least {minimum}, got {value}")
        return value

    return read_setting(env, name, default, parse, "an integer")


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    def parse(raw: str) -> bool:
        if raw.lower() not in _BOOLEANS:
            raise ValueError(raw)
        return _BOOLEANS[raw.lower()]

    return read_setting(env, name, default, parse, "true or false")


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


__all__ = ["SettingsError", "StoreSettings", "_bool", "_int", "read_setting"]
