"""FalkorDB's form of a column read: each column joined into one string.

FalkorDB frames every cell of a reply as a typed pair, and framing plus
decoding costs far more than the engine's own work: a 100k-row column read
cell by cell takes about three times as long as the same column joined into
one string by ``string.join`` and split on this side.

Values are joined with the ASCII unit separator.  Text may contain it (ids and
names are free text), so the statement also counts its rows: a column whose
split has more parts than that count held a separator, and the caller reads
the portable statement instead.  Every value but an id goes through
``toJSON``, the cheapest conversion the engine has: doubles keep full
precision, and text comes back verbatim between quotes (unescaped, so it is
cut out, never parsed as JSON), which keeps an empty string apart from a
missing one.  A node's labels are joined with commas, which no label holds.

A property group (a map's relationship and node properties) is read as one
packed column per property, and turned back into one dict per row here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graph_model.columns import Column, ColumnKind, ColumnRead, grouped

SEPARATOR = "\x1f"


def _packed(column: Column) -> str:
    if column.kind is ColumnKind.ID:
        return column.expression
    if column.kind is ColumnKind.LABELS:
        # Label names come from the model and hold no comma.
        return f"string.join({column.expression}, ',')"
    return f"coalesce(toJSON({column.expression}), '')"


def _texts(parts: list[str]) -> list[Any]:
    return [p[1:-1] if p else None for p in parts]


def _ints(parts: list[str]) -> list[Any]:
    return [int(p) if p else None for p in parts]


def _floats(parts: list[str]) -> list[Any]:
    return [float(p) if p else None for p in parts]


def _bools(parts: list[str]) -> list[Any]:
    return [p == "true" if p else None for p in parts]


def _labels(parts: list[str]) -> list[Any]:
    return [p.split(",") for p in parts]


_UNPACK: dict[ColumnKind, Callable[[list[str]], list[Any]]] = {
    ColumnKind.ID: list,
    ColumnKind.TEXT: _texts,
    ColumnKind.INT: _ints,
    ColumnKind.FLOAT: _floats,
    ColumnKind.BOOL: _bools,
    ColumnKind.LABELS: _labels,
}


_NEVER_NULL = frozenset({ColumnKind.ID, ColumnKind.LABELS})


def packed_statement(read: ColumnRead) -> str:
    """One row: the row count, then every column of the portable statement as one joined string."""
    joined = [f"string.join(collect({_packed(c)}), $separator) AS {c.alias}" for c in read.flat_columns]
    return f"{read.pattern} RETURN count(*) AS rows, {', '.join(joined)}"


def unpack(read: ColumnRead, rows: int, joined: list[str]) -> list[list[Any]] | None:
    """The result of a packed read, or None when a value held the separator."""
    if rows == 0:
        return [[] for _ in (*read.columns, *read.groups)]
    outputs: list[list[Any]] = []
    # A column with no value in any row (a map ring's relationship property
    # of a type the ring does not hold): nothing to split or decode.
    empty = SEPARATOR * (rows - 1)
    for column, text in zip(read.flat_columns, joined, strict=True):
        if text == empty and column.kind not in _NEVER_NULL:
            outputs.append([None] * rows)
            continue
        parts = text.split(SEPARATOR)
        if len(parts) != rows:
            return None
        outputs.append(_UNPACK[column.kind](parts))
    return grouped(read, outputs)
