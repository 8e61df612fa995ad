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

A property group (a map's relationship and node properties) is read from
its entities' documents (``falkor_documents``) when every one has a
document: one value per row instead of one per property, and one JSON
array parsed in one call on this side.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, cast

import orjson

from graph_model.columns import Column, ColumnKind, ColumnRead, grouped
from graph_model.model import DOCUMENT_PROPERTY

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


@functools.cache
def packed_statement(read: ColumnRead, *, documents: bool = False) -> str:
    """One row: the row count, then every column as one joined string.

    With ``documents``, each property group is read from its entity's
    document instead of column by column: all of them as one JSON array,
    one object per row (``null`` for an entity without a document).
    """
    columns = read.columns if documents else read.flat_columns
    joined = [f"string.join(collect({_packed(c)}), $separator) AS {c.alias}" for c in columns]
    if documents:
        joined += [
            f"'[' + string.join(collect(coalesce({g.entity}.{DOCUMENT_PROPERTY}, 'null')), ',') + ']' "
            f"AS {g.entity}_document"
            for g in read.groups
        ]
    return f"{read.pattern} RETURN count(*) AS rows, {', '.join(joined)}"


def unpack(
    read: ColumnRead, rows: int, joined: list[str], *, documents: bool = False
) -> list[list[Any]] | None:
    """The result of a packed read, or None when it cannot be trusted.

    That is when a value held the separator, or (with ``documents``) when an
    entity had no document.
    """
    columns = read.columns if documents else read.flat_columns
    if rows == 0:
        return [[] for _ in (*read.columns, *read.groups)]
    outputs: list[list[Any]] = []
    for column, text in zip(columns, joined, strict=False):
        parts = text.split(SEPARATOR)
        if len(parts) != rows:
            return None
        outputs.append(_UNPACK[column.kind](parts))
    if not documents:
        return grouped(read, outputs)
    for text in joined[len(columns) :]:
        found = _documents(text, rows)
        if found is None:
            return None
        outputs.append(found)
    return outputs


def _documents(text: str, rows: int) -> list[dict[str, Any]] | None:
    try:
        found = orjson.loads(text)
    except orjson.JSONDecodeError:
        return None
    if len(found) != rows or None in found:
        return None
    return cast(list[dict[str, Any]], found)
