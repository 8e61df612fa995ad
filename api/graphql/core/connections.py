"""Relay-style cursor connections with totalCount."""

from __future__ import annotations

import base64
from typing import Generic, TypeVar

import strawberry

from api.graphql.core.errors import BadUserInput

T = TypeVar("T")
_PREFIX = "offset:"


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"{_PREFIX}{offset}".encode()).decode()


def decode_cursor(cursor: str | None, *, field: str = "after") -> int:
    """The offset just after ``cursor`` (0 when there is none)."""
    if cursor is None:
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
        if not text.startswith(_PREFIX):
            raise ValueError(text)
        offset = int(text[len(_PREFIX) :])
    except ValueError:
        raise BadUserInput("not a cursor this API issued", field=field) from None
    if offset < 0:
        raise BadUserInput("not a cursor this API issued", field=field)
    return offset + 1


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
    total_count: int

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
