"""What the query fields delegate to: argument checks, one store call, mapping."""

from __future__ import annotations

from collections.abc import Sequence

from api.graphql.core.connections import Connection, decode_cursor
from api.graphql.core.context import Info
from api.graphql.core.errors import BadUserInput
from api.graphql.core.selection import selects_any
from api.graphql.entities.filters import to_store_filter
from api.graphql.entities.types import Node, to_type
from api.graphql.maps.types import OrgChartTree, RelationshipMap, SearchHit
from graph_model.model import Direction, Label, RelType

MAX_SEARCH_TEXT = 200
# Map fields that need every property of the map's nodes and edges.
MAP_PROPERTY_FIELDS = frozenset({"properties", "elements"})


async def node(info: Info, node_id: str, label: Label | None) -> Node | None:
    record = await info.context.loaders.node_by_id.load(node_id)
    if record is None or (label is not None and record.label is not label):
        return None
    return to_type(record)


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


async def relationship_map(
    info: Info, root_id: str, depth: int, types: Sequence[RelType] | None, direction: Direction, limit: int
) -> RelationshipMap | None:
    ctx = info.context
    if not 1 <= depth <= ctx.settings.max_depth:
        raise BadUserInput(
            f"depth must be between 1 and {ctx.settings.max_depth}, got {depth}", field="depth"
        )
    if not 1 <= limit <= ctx.settings.max_map_nodes:
        raise BadUserInput(
            f"limit must be between 1 and {ctx.settings.max_map_nodes}, got {limit}", field="limit"
        )
    graph = await ctx.store.relationship_map(
        root_id,
        ctx.access,
        depth=depth,
        types=types or None,
        direction=Direction(direction),
        limit=limit,
        properties=selects_any(info, MAP_PROPERTY_FIELDS),
    )
    return RelationshipMap(graph=graph) if graph is not None else None


async def org_chart(info: Info, customer_id: str) -> OrgChartTree | None:
    chart = await info.context.store.org_chart(customer_id, info.context.access)
    return OrgChartTree(chart=chart) if chart is not None else None


async def search(info: Info, text: str, labels: Sequence[Label] | None, first: int) -> list[SearchHit]:
    ctx = info.context
    if len(text) > MAX_SEARCH_TEXT:
        raise BadUserInput(f"text longer than {MAX_SEARCH_TEXT} characters", field="text")
    limit = ctx.page_size(first)
    hits = await ctx.store.search(text, ctx.access, labels=labels, limit=limit)
    return [
        SearchHit(id=r.id, label=r.label, name=r.name, score=score, node=to_type(r))  # type: ignore[arg-type]
        for r, score in hits
    ]
