"""What the entity fields delegate to: argument checks, one store call, mapping."""

from __future__ import annotations

from collections.abc import Sequence

from api.graphql.core.connections import Connection, decode_cursor
from api.graphql.core.context import Info
from api.graphql.core.errors import NotFoundError
from api.graphql.entities.filters import to_store_filter
from api.graphql.entities.types import Node, to_type
from graph_model.model import Label
from graph_model.records import NodeRecord


def not_found(node_id: str, label: Label | None, *, field: str) -> NotFoundError:
    """The one answer for an id that names nothing the caller may see, or a node of another kind."""
    kind = label.value if label is not None else "node"
    return NotFoundError(f"no {kind} with id {node_id!r}", field=field)


async def record(info: Info, node_id: str, label: Label | None, *, field: str) -> NodeRecord:
    """The node an id argument names, or NOT_FOUND naming the argument."""
    found = await info.context.loaders.node_by_id.load(node_id)
    if found is None or (label is not None and found.label is not label):
        raise not_found(node_id, label, field=field)
    return found


async def node(info: Info, node_id: str, label: Label | None) -> Node:
    return to_type(await record(info, node_id, label, field="id"))


async def nodes(info: Info, ids: Sequence[str]) -> list[Node | NotFoundError]:
    """Relay's ``nodes``, in the order asked: an unknown id is null with a NOT_FOUND error at its index.

    graphql-core reports an error returned as a list item at that item's path.
    """
    info.context.page_size(len(ids), field="ids")
    found = await info.context.loaders.node_by_id.load_many(list(ids))
    return [
        to_type(r) if r is not None else not_found(i, None, field=f"ids[{n}]")
        for n, (i, r) in enumerate(zip(ids, found, strict=True))
    ]


async def connection(
    info: Info, label: Label, first: int, after: str | None, filter: object | None, order_by: object | None
) -> Connection[Node]:
    ctx = info.context
    limit = ctx.page_size(first)
    skip = decode_cursor(after)
    wanted = to_store_filter(filter)
    order_field = getattr(getattr(order_by, "field", None), "value", "NAME")
    descending = getattr(getattr(order_by, "direction", None), "value", "ASC") == "DESC"
    records, total = await ctx.store.list_nodes(
        label,
        ctx.access,
        name_contains=wanted.name_contains,
        account_id=wanted.account_id,
        industry_id=wanted.industry_id,
        enum_filters=wanted.enum_filters,
        order_by=order_field,
        descending=descending,
        skip=skip,
        limit=limit,
    )
    return Connection.build([to_type(r) for r in records], skip=skip, total=total)
