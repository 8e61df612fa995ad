"""Entity reads: any node by id, each label's node and its pages."""

from __future__ import annotations

import strawberry

from api.graphql.core.context import Info
from api.graphql.entities import resolvers
from api.graphql.entities.fields import connection_field, node_field
from api.graphql.entities.filters import (
    CustomerFilter,
    CustomerOrder,
    NameFilter,
    NodeOrder,
    StakeholderFilter,
    SupplierFilter,
)
from api.graphql.entities.types import (
    Customer,
    Department,
    Industry,
    Node,
    Stakeholder,
    Supplier,
    TeamMember,
)
from graph_model.model import Label


@strawberry.type
class EntityQuery:
    @strawberry.field(
        description="Any node by id; a NOT_FOUND error naming `id` when there is none you may see."
    )
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        return await resolvers.node(info, id, None)

    @strawberry.field(
        description="Nodes by id, in the order given (at most the page cap): an unknown id is null, with a "
        "NOT_FOUND error at its index.",
        graphql_type=list[Node | None],
    )
    async def nodes(self, info: Info, ids: list[strawberry.ID]) -> list[object]:
        return list(await resolvers.nodes(info, ids))

    customer = node_field(Customer, Label.CUSTOMER)
    customers = connection_field(Customer, Label.CUSTOMER, CustomerFilter, CustomerOrder)
    stakeholder = node_field(Stakeholder, Label.STAKEHOLDER)
    stakeholders = connection_field(Stakeholder, Label.STAKEHOLDER, StakeholderFilter, NodeOrder)
    supplier = node_field(Supplier, Label.SUPPLIER)
    suppliers = connection_field(Supplier, Label.SUPPLIER, SupplierFilter, NodeOrder)
    team_member = node_field(TeamMember, Label.TEAM_MEMBER)
    team_members = connection_field(TeamMember, Label.TEAM_MEMBER, NameFilter, NodeOrder)
    department = node_field(Department, Label.DEPARTMENT)
    industry = node_field(Industry, Label.INDUSTRY)
    industries = connection_field(Industry, Label.INDUSTRY, NameFilter, NodeOrder)
