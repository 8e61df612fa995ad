"""Map reads: neighbourhoods to draw, org charts and search."""

from __future__ import annotations

import strawberry

from api.graphql.core import enums
from api.graphql.core.connections import Connection
from api.graphql.core.context import Info
from api.graphql.entities.fields import After, First
from api.graphql.maps import resolvers
from api.graphql.maps.types import OrgChartTree, RelationshipMap, SearchHit
from graph_model.model import Direction


@strawberry.type
class MapQuery:
    @strawberry.field(
        description=(
            "The neighbourhood of any node, ready to draw; a NOT_FOUND error naming `rootId` when there is "
            "no such node you may see. Node properties are read only when `nodes { properties }`, "
            "`elements` or `entities` is selected, edge properties only when `edges { properties }` or "
            "`elements` is; otherwise only ids, labels, names and types."
        )
    )
    async def relationship_map(
        self,
        info: Info,
        root_id: strawberry.ID,
        depth: int = 2,
        relationship_types: list[enums.RelationshipType] | None = None,
        direction: enums.Direction = Direction.BOTH,
        limit: int = 500,
    ) -> RelationshipMap | None:
        return await resolvers.relationship_map(info, root_id, depth, relationship_types, direction, limit)

    @strawberry.field(
        description="A customer's departments, people and reporting lines as a tree; a NOT_FOUND error "
        "naming `customerId` when there is no such customer you may see."
    )
    async def org_chart(self, info: Info, customer_id: strawberry.ID) -> OrgChartTree | None:
        return await resolvers.org_chart(info, customer_id)

    @strawberry.field(
        description="Full-text search on names and titles, best first: each word of `text` must begin a "
        'word of the name or title, case and accents aside ("tomas" and "TOMÁS" find "Tomás", '
        '"schroder" finds "Schröder"; the README says what each engine folds). '
        "Pages and totalCount cover the best 500 matches."
    )
    async def search(
        self,
        info: Info,
        text: str,
        labels: list[enums.NodeLabel] | None = None,
        first: First = 20,
        after: After = None,
    ) -> Connection[SearchHit]:
        return await resolvers.search(info, text, labels, first, after)
