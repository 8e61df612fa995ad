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
    LABELS = "labels"  # a node's labels: a list of names, never null


@dataclass(frozen=True)
class Column:
    alias: str
    expression: str
    kind: ColumnKind


@dataclass(frozen=True)
class PropertyGroup:
    """Stored properties of one node or relationship of a pattern, read as one dict per row.

    An engine that keeps each entity's properties as one document (FalkorDB)
    reads the document; the portable form reads one column per property.
    """

    entity: str
    keys: tuple[tuple[str, ColumnKind], ...]

    @property
    def columns(self) -> tuple[Column, ...]:
        return tuple(Column(f"{self.entity}_{key}", f"{self.entity}.{key}", kind) for key, kind in self.keys)


@dataclass(frozen=True)
class ColumnRead:
    """``MATCH ... RETURN`` split into its pattern, its scalar columns and its property groups.

    A read returns one list per column, then one per group holding a dict of
    the non-null properties for each row.
    """

    name: str
    pattern: str
    columns: tuple[Column, ...]
    groups: tuple[PropertyGroup, ...] = ()

    @property
    def flat_columns(self) -> tuple[Column, ...]:
        """Every column of the portable statement: the read's own, then each group's."""
        return self.columns + tuple(c for group in self.groups for c in group.columns)

    @property
    def statement(self) -> str:
        """The portable form: one row per match."""
        returned = ", ".join(f"{c.expression} AS {c.alias}" for c in self.flat_columns)
        return f"{self.pattern} RETURN {returned}"


def transpose(rows: list[list[Any]], width: int) -> list[list[Any]]:
    """Rows to columns; ``width`` empty columns when there are no rows."""
    if not rows:
        return [[] for _ in range(width)]
    return [list(column) for column in zip(*rows, strict=True)]


def grouped(read: ColumnRead, flat: list[list[Any]]) -> list[list[Any]]:
    """The read's result from the columns of its portable statement: each group's become dicts."""
    outputs = flat[: len(read.columns)]
    start = len(read.columns)
    for group in read.groups:
        width = len(group.keys)
        outputs.append(_property_dicts([key for key, _ in group.keys], flat[start : start + width]))
        start += width
    return outputs


def _property_dicts(keys: list[str], columns: list[list[Any]]) -> list[dict[str, Any]]:
    """One dict per row of the non-null values, in the order of ``keys``.

    Built by ``dict(zip())`` per row, then the nulls taken out column by
    column: a group spans the properties of several labels or types, most
    of its columns are wholly null in any one read (left out at once) and
    most of the rest wholly filled.
    """
    held = [
        (key, column) for key, column in zip(keys, columns, strict=True) if column.count(None) != len(column)
    ]
    if not held:
        return [{} for _ in columns[0]] if columns else []
    names = [key for key, _ in held]
    dicts = [dict(zip(names, row, strict=True)) for row in zip(*(column for _, column in held), strict=True)]
    for key, column in held:
        if None in column:
            for values, value in zip(dicts, column, strict=True):
                if value is None:
                    del values[key]
    return dicts


def rows_to_result(read: ColumnRead, rows: list[list[Any]]) -> list[list[Any]]:
    """The read's result from the rows of its portable statement."""
    return grouped(read, transpose(rows, len(read.flat_columns)))
