"""What the map fields delegate to: argument checks, one store call, mapping."""

from __future__ import annotations

from collections.abc import Sequence

from api.graphql.core.connections import Connection, decode_cursor
from api.graphql.core.context import Info
from api.graphql.core.errors import BadUserInput
from api.graphql.core.selection import selects_any, selects_under
from api.graphql.entities.resolvers import not_found
from api.graphql.entities.types import to_type
from api.graphql.maps.types import OrgChartTree, RelationshipMap, SearchHit
from graph_model.model import Direction, Label, RelType

MAX_SEARCH_TEXT = 200
# Search ranks the best this many matches; its pages and totalCount are within them.
SEARCH_WINDOW = 500
# Map fields that need every property of the map's nodes (typed entities
# answer from them too), or of its edges; and the lists whose ``properties``
# need the one or the other.
NODE_PROPERTY_FIELDS = frozenset({"elements", "entities"})
EDGE_PROPERTY_FIELDS = frozenset({"elements"})
PROPERTIES = frozenset({"properties"})
NODES = frozenset({"nodes"})
EDGES = frozenset({"edges"})


def _within(value: int, high: int, field: str) -> int:
    if not 1 <= value <= high:
        raise BadUserInput(f"{field} must be between 1 and {high}, got {value}", field=field)
    return value


async def relationship_map(
    info: Info, root_id: str, depth: int, types: Sequence[RelType] | None, direction: Direction, limit: int
) -> RelationshipMap:
    ctx = info.context
    graph = await ctx.store.relationship_map(
        root_id,
        ctx.access,
        depth=_within(depth, ctx.settings.max_depth, "depth"),
        types=types or None,
        direction=Direction(direction),
        limit=_within(limit, ctx.settings.max_map_nodes, "limit"),
        properties=selects_any(info, NODE_PROPERTY_FIELDS) or selects_under(info, NODES, PROPERTIES),
        edge_properties=selects_any(info, EDGE_PROPERTY_FIELDS) or selects_under(info, EDGES, PROPERTIES),
    )
    if graph is None:
        raise not_found(root_id, None, field="rootId")
    return RelationshipMap(graph=graph)


async def org_chart(info: Info, customer_id: str) -> OrgChartTree:
    chart = await info.context.store.org_chart(customer_id, info.context.access)
    if chart is None:
        raise not_found(customer_id, Label.CUSTOMER, field="customerId")
    return OrgChartTree(chart=chart)


async def search(
    info: Info, text: str, labels: Sequence[Label] | None, first: int, after: str | None
) -> Connection[SearchHit]:
    ctx = info.context
    if len(text) > MAX_SEARCH_TEXT:
        raise BadUserInput(f"text longer than {MAX_SEARCH_TEXT} characters", field="text")
    limit = ctx.page_size(first)
    skip = decode_cursor(after)
    hits = await ctx.store.search(text, ctx.access, labels=labels, limit=SEARCH_WINDOW)
    page = [SearchHit(score=score, node=to_type(r)) for r, score in hits[skip : skip + limit]]
    return Connection.build(page, skip=skip, total=len(hits))
