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
missing one.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable
from typing import Any, cast

import orjson

from graph_model.columns import Column, ColumnKind, ColumnRead
from graph_model.model import DOCUMENT_PROPERTY

SEPARATOR = "\x1f"


def _packed(column: Column) -> str:
    if column.kind is ColumnKind.ID:
        return column.expression
    return f"coalesce(toJSON({column.expression}), '')"


def _texts(parts: list[str]) -> list[Any]:
    return [p[1:-1] if p else None for p in parts]


def _ints(parts: list[str]) -> list[Any]:
    return [int(p) if p else None for p in parts]


def _floats(parts: list[str]) -> list[Any]:
    return [float(p) if p else None for p in parts]


def _bools(parts: list[str]) -> list[Any]:
    return [p == "true" if p else None for p in parts]


_UNPACK: dict[ColumnKind, Callable[[list[str]], list[Any]]] = {
    ColumnKind.ID: list,
    ColumnKind.TEXT: _texts,
    ColumnKind.INT: _ints,
    ColumnKind.FLOAT: _floats,
    ColumnKind.BOOL: _bools,
}


# Below this many property columns of one entity, reading them one by one
# costs less than parsing its document.
MIN_DOCUMENT_COLUMNS = 3


def _documented_entities(read: ColumnRead) -> tuple[str, ...]:
    counts = Counter(c.entity for c in read.columns if c.entity is not None)
    return tuple(entity for entity, count in counts.items() if count >= MIN_DOCUMENT_COLUMNS)


@functools.cache
def packed_statement(read: ColumnRead, *, documents: bool = False) -> str:
    """One row: the row count, then every column as one joined string.

    With ``documents``, the property columns of an entity that has several
    are read from its document instead: all of them as one JSON array, one
    object per row (``null`` for an entity without a document).
    """
    documented = _documented_entities(read) if documents else ()
    joined = [
        f"string.join(collect({_packed(c)}), $separator) AS {c.alias}"
        for c in read.columns
        if c.entity not in documented
    ]
    joined += [
        f"'[' + string.join(collect(coalesce({e}.{DOCUMENT_PROPERTY}, 'null')), ',') + ']' AS {e}_document"
        for e in documented
    ]
    return f"{read.pattern} RETURN count(*) AS rows, {', '.join(joined)}"


def unpack(
    read: ColumnRead, rows: int, joined: list[str], *, documents: bool = False
) -> list[list[Any]] | None:
    """The columns of a packed reply, or None when it cannot be trusted.

    That is when a value held the separator, or (with ``documents``) when an
    entity had no document.
    """
    if rows == 0:
        return [[] for _ in read.columns]
    documented = _documented_entities(read) if documents else ()
    replies = iter(joined)
    by_alias: dict[str, list[Any]] = {}
    for column in read.columns:
        if column.entity in documented:
            continue
        parts = next(replies).split(SEPARATOR)
        if len(parts) != rows:
            return None
        by_alias[column.alias] = _UNPACK[column.kind](parts)
    for entity in documented:
        found = _documents(next(replies), rows)
        if found is None:
            return None
        for column in read.columns:
            if column.entity == entity:
                by_alias[column.alias] = _from_documents(found, column)
    return [by_alias[column.alias] for column in read.columns]


def _documents(text: str, rows: int) -> list[dict[str, Any]] | None:
    try:
        found = orjson.loads(text)
    except orjson.JSONDecodeError:
        return None
    if len(found) != rows or None in found:
        return None
    return cast(list[dict[str, Any]], found)


def _from_documents(documents: list[dict[str, Any]], column: Column) -> list[Any]:
    values = [document.get(column.key) for document in documents]  # type: ignore[arg-type]
    if column.kind is ColumnKind.FLOAT:
        # toJSON writes a whole double without its fraction: 1.0 comes back as 1.
        return [None if v is None else float(v) for v in values]
    return values
