"""What the store needs from a storage engine."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from graph_model.columns import ColumnRead
from graph_model.cypher import Write

Params = Mapping[str, Any]
Row = list[Any]


class Engine(Protocol):
    """One graph database behind one interface.

    ``read`` and ``write`` run one statement each; a write statement lands
    whole or not at all on every engine.
    """

    name: str

    async def read(self, statement: str, params: Params) -> list[Row]: ...

    async def read_columns(self, read: ColumnRead, params: Params) -> list[list[Any]]:
        """A bulk read (exports, maps): one list per column in row order, then one per property group."""
        ...

    async def write(self, statement: Write, params: Params) -> list[Row]: ...

    async def ensure_schema(self) -> None: ...

    async def search(
        self, words: Sequence[str], params: Params, limit: int
    ) -> list[tuple[str, list[str], dict[str, Any], float]]:
        """Entities whose name or title has a word beginning with each of ``words``, case and
        accents aside, best first; ``words`` are plain word terms (``search_text.terms``)."""
        ...

    async def drop_all(self) -> None: ...

    async def compact(self) -> None: ...

    async def ping(self) -> bool: ...

    async def close(self) -> None: ...
