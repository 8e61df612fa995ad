"""Read queries: entities, lists, maps, org charts and search."""

from __future__ import annotations

from typing import Annotated, TypeVar

import strawberry

from api.graphql import enums, resolvers
from api.graphql.alerts import Alert, alerts
from api.graphql.changes import ChangeConnection, DateTime, changes
from api.graphql.connections import Connection
from api.graphql.context import Info
from api.graphql.entities import Customer, Department, Industry, Node, Stakeholder, Supplier, TeamMember
from api.graphql.filters import (
    CustomerFilter,
    CustomerOrder,
    NameFilter,
    NodeOrder,
    StakeholderFilter,
    SupplierFilter,
)
from api.graphql.maps import OrgChartTree, RelationshipMap, SearchHit
from api.graphql.review import AccountReview, review
from graph_model.model import Direction, Label

T = TypeVar("T")
First = Annotated[int, strawberry.argument(description="Page size (capped by the server).")]


@strawberry.type
class Query:
    @strawberry.field(description="Any node by id.")
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        return await resolvers.node(info, id, None)

    @strawberry.field
    async def customer(self, info: Info, id: strawberry.ID) -> Customer | None:
        return await resolvers.node(info, id, Label.CUSTOMER)  # type: ignore[return-value]

    @strawberry.field
    async def customers(
        self,
        info: Info,
        first: First = 20,
        after: str | None = None,
        filter: CustomerFilter | None = None,
        order_by: CustomerOrder | None = None,
    ) -> Connection[Customer]:
        return await resolvers.connection(info, Label.CUSTOMER, first, after, filter, order_by)  # type: ignore[return-value]

    @strawberry.field
    async def stakeholder(self, info: Info, id: strawberry.ID) -> Stakeholder | None:
        return await resolvers.node(info, id, Label.STAKEHOLDER)  # type: ignore[return-value]

    @strawberry.field
    async def stakeholders(
        self,
        info: Info,
        first: First = 20,
        after: str | None = None,
        filter: StakeholderFilter | None = None,
        order_by: NodeOrder | None = None,
    ) -> Connection[Stakeholder]:
        return await resolvers.connection(info, Label.STAKEHOLDER, first, after, filter, order_by)  # type: ignore[return-value]

    @strawberry.field
    async def supplier(self, info: Info, id: strawberry.ID) -> Supplier | None:
        return await resolvers.node(info, id, Label.SUPPLIER)  # type: ignore[return-value]

    @strawberry.field
    async def suppliers(
        self,
        info: Info,
        first: First = 20,
        after: str | None = None,
        filter: SupplierFilter | None = None,
        order_by: NodeOrder | None = None,
    ) -> Connection[Supplier]:
        return await resolvers.connection(info, Label.SUPPLIER, first, after, filter, order_by)  # type: ignore[return-value]

    @strawberry.field
    async def team_member(self, info: Info, id: strawberry.ID) -> TeamMember | None:
        return await resolvers.node(info, id, Label.TEAM_MEMBER)  # type: ignore[return-value]

    @strawberry.field
    async def team_members(
        self,
        info: Info,
        first: First = 20,
        after: str | None = None,
        filter: NameFilter | None = None,
        order_by: NodeOrder | None = None,
    ) -> Connection[TeamMember]:
        return await resolvers.connection(info, Label.TEAM_MEMBER, first, after, filter, order_by)  # type: ignore[return-value]

    @strawberry.field
    async def department(self, info: Info, id: strawberry.ID) -> Department | None:
        return await resolvers.node(info, id, Label.DEPARTMENT)  # type: ignore[return-value]

    @strawberry.field
    async def industry(self, info: Info, id: strawberry.ID) -> Industry | None:
        return await resolvers.node(info, id, Label.INDUSTRY)  # type: ignore[return-value]

    @strawberry.field
    async def industries(
        self,
        info: Info,
        first: First = 20,
        after: str | None = None,
        filter: NameFilter | None = None,
        order_by: NodeOrder | None = None,
    ) -> Connection[Industry]:
        return await resolvers.connection(info, Label.INDUSTRY, first, after, filter, order_by)  # type: ignore[return-value]

    @strawberry.field(
        description=(
            "The neighbourhood of any node, ready to draw. Null when the root is unknown. "
            "When neither `properties` nor `elements` is selected, only ids, labels and names "
            "are read, which is quicker."
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

    @strawberry.field(description="A customer's departments, people and reporting lines as a tree.")
    async def org_chart(self, info: Info, customer_id: strawberry.ID) -> OrgChartTree | None:
        return await resolvers.org_chart(info, customer_id)

    @strawberry.field(
        description=(
            "Full-text search on names and titles, best first: each word of `text` must begin a word "
            'of the name or title, case and accents aside ("tomas" and "TOMÁS" find "Tomás", '
            '"schroder" finds "Schröder"). See the README for what each engine folds.'
        )
    )
    async def search(
        self, info: Info, text: str, labels: list[enums.NodeLabel] | None = None, first: int = 20
    ) -> list[SearchHit]:
        return await resolvers.search(info, text, labels, first)

    @strawberry.field(
        description=(
            "The change log, newest first: one entry per entity each write created, updated or "
            "deleted. Only entries about what the caller may see; `customerId` keeps one account's."
        )
    )
    async def changes(
        self,
        info: Info,
        customer_id: strawberry.ID | None = None,
        since: DateTime | None = None,
        first: First = 20,
        after: str | None = None,
    ) -> ChangeConnection:
        return await changes(info, customer_id, since, first, after)

    @strawberry.field(
        description=(
            "What changed in an account since a date: people, our ties, suppliers and coverage, with "
            "the account then rebuilt from the change log. Null when the account is unknown."
        )
    )
    async def account_review(
        self, info: Info, customer_id: strawberry.ID, since: DateTime
    ) -> AccountReview | None:
        return await review(info, customer_id, since)

    @strawberry.field(
        description=(
            "Alerts derived from the change log since a date (default: the last 30 days), newest first, "
            "each with the entries that caused it and a suggested action. COVERAGE_DROPPED and "
            "RELATIONSHIP_WENT_STALE need `customerId`: they compare the account then and now."
        )
    )
    async def alerts(
        self, info: Info, customer_id: strawberry.ID | None = None, since: DateTime | None = None
    ) -> list[Alert]:
        return await alerts(info, customer_id, since)
