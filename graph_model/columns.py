"""Bulk reads described column by column, so each engine may ship them its own way.

An export for analytics reads hundreds of thousands of rows of a few scalar
columns.  Row by row, most of the time goes into framing and decoding each
cell; an engine that can return a whole column as one value (FalkorDB joins
it into one string) reads the same data several times faster.  The portable
form of every such read is still an ordinary statement, ``ColumnRead.statement``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any


class ColumnKind(enum.Enum):
    """How a column's values are typed, which is how a packed column is decoded."""

    ID = "id"  # a node id: text, never null
    TEXT = "text"
    INT = "int"
    FLOAT = "float"
    BOOL = "bool"


@dataclass(frozen=True)
class Column:
    alias: str
    expression: str
    kind: ColumnKind
    # Set when the column is one stored property (``key``) of a node or
    # relationship (``entity``, the pattern's variable), which an engine
    # keeping each entity's properties in one document may read from there.
    entity: str | None = None
    key: str | None = None


def property_column(alias: str, entity: str, key: str, kind: ColumnKind) -> Column:
    """A column reading one stored property of ``entity``."""
    return Column(alias, f"{entity}.{key}", kind, entity, key)


@dataclass(frozen=True)
class ColumnRead:
    """``MATCH ... RETURN`` split into its pattern and its scalar columns."""

    name: str
    pattern: str
    columns: tuple[Column, ...]

    @property
    def statement(self) -> str:
        """The portable form: one row per match."""
        returned = ", ".join(f"{c.expression} AS {c.alias}" for c in self.columns)
        return f"{self.pattern} RETURN {returned}"

    @property
    def aliases(self) -> tuple[str, ...]:
        return tuple(c.alias for c in self.columns)


def transpose(rows: list[list[Any]], width: int) -> list[list[Any]]:
    """Rows to columns; ``width`` empty columns when there are no rows."""
    if not rows:
        return [[] for _ in range(width)]
    return [list(column) for column in zip(*rows, strict=True)]
