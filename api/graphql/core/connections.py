"""Relay-style cursor connections with totalCount, for top-level and nested lists alike."""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar, cast

import strawberry

from api.graphql.core.errors import BadUserInput

T = TypeVar("T")
S = TypeVar("S")
_PREFIX = "offset:"


def encode_position(prefix: str, position: int) -> str:
    """An opaque cursor for ``position`` in a list of one kind (``prefix`` names the kind)."""
    return base64.urlsafe_b64encode(f"{prefix}{position}".encode()).decode()


def decode_position(cursor: str, prefix: str, *, minimum: int, refusal: str, field: str) -> int:
    """The position ``encode_position`` put in ``cursor``; ``refusal`` when it did not issue it."""
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
        if not text.startswith(prefix):
            raise ValueError(text)
        position = int(text[len(prefix) :])
    except ValueError:
        raise BadUserInput(refusal, field=field) from None
    if position < minimum:
        raise BadUserInput(refusal, field=field)
    return position


def encode_cursor(offset: int) -> str:
    return encode_position(_PREFIX, offset)


def decode_cursor(cursor: str | None, *, field: str = "after") -> int:
    """The offset just after ``cursor`` (0 when there is none)."""
    if cursor is None:
        return 0
    return (
        decode_position(cursor, _PREFIX, minimum=0, refusal="not a cursor this API issued", field=field) + 1
    )


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    total_count: int = strawberry.field(description="How many there are in all, on every page.")

    @strawberry.field(description="The page's nodes without their cursors: the edges' nodes, in order.")
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]

    @classmethod
    def build(cls, items: list[T], *, skip: int, total: int) -> Connection[T]:
        edges = [Edge(cursor=encode_cursor(skip + i), node=item) for i, item in enumerate(items)]
        return cls(
            edges=edges,
            page_info=PageInfo(
                has_next_page=skip + len(items) < total,
                has_previous_page=skip > 0,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
            total_count=total,
        )

    @classmethod
    def page(
        cls, found: Sequence[S], item: Callable[[S], T], *, limit: int, after: str | None
    ) -> Connection[T]:
        """One page of a list read whole (nested lists: one loader call serves every parent)."""
        skip = decode_cursor(after)
        return cls.build([item(f) for f in found[skip : skip + limit]], skip=skip, total=len(found))


def connection_of(item_type: Any) -> Any:
    """``Connection[item_type]`` for a type built at run time (a derived result type)."""
    return cast(Any, Connection)[item_type]
