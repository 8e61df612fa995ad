"""GraphQL object types for the entities of the graph, and their ties."""

from __future__ import annotations

from typing import Any

import strawberry

from api.graphql.core import enums
from api.graphql.core.context import Info
from api.graphql.core.scalars import DateTime
from api.graphql.entities.fields import (
    entity,
    members,
    one_field,
    over,
    related_field,
    relationship_properties,
    stored_properties,
    ties_field,
)
from graph_model.model import Direction, Label, RelType
from graph_model.records import NodeRecord


@strawberry.interface(description="Anything stored in the graph. Ids are unique across all kinds.")
class Node:
    record: strawberry.Private[NodeRecord]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(self.record.id)

    @strawberry.field
    def name(self) -> str:
        return self.record.name

    @strawberry.field
    def label(self) -> enums.NodeLabel:
        return self.record.label

    @strawberry.field(description="When the node was first written (UTC).")
    def created_at(self) -> DateTime | None:
        return self.record.properties.get("createdAt")

    @strawberry.field(description="When the node was last written (UTC).")
    def updated_at(self) -> DateTime | None:
        return self.record.properties.get("updatedAt")


@strawberry.type
@stored_properties(Label.INDUSTRY)
class Industry(Node):
    customers = related_field(
        entity("Customer"), over(RelType.IN_INDUSTRY, Direction.IN), only=Label.CUSTOMER
    )
    suppliers = related_field(
        entity("Supplier"), over(RelType.IN_INDUSTRY, Direction.IN), only=Label.SUPPLIER
    )


@strawberry.type
@stored_properties(Label.CUSTOMER)
class Customer(Node):
    industry = one_field(entity("Industry"), over(RelType.IN_INDUSTRY, Direction.OUT))
    departments = related_field(
        entity("Department"),
        over(RelType.HAS_DEPARTMENT, Direction.OUT),
        description="Top-level departments (children hang off each department).",
    )
    all_departments = related_field(
        entity("Department"),
        members(Label.DEPARTMENT),
        description="Every department of the account, at any level.",
    )
    stakeholders = related_field(entity("Stakeholder"), members(Label.STAKEHOLDER))
    suppliers = ties_field(
        "SupplyContract", over(RelType.SUPPLIES, Direction.IN), other="supplier", owner="customer"
    )
    team = ties_field(
        "AccountAssignment",
        over(RelType.MANAGES, Direction.IN),
        other="team_member",
        owner="customer",
        description="Our team members on this account and their roles.",
    )


def account_field() -> Any:
    """The account a node belongs to: null for one shared between accounts (or not yet in one)."""

    async def resolve(root: Node, info: Info) -> Customer | None:
        if root.record.account_id is None:
            return None
        found = await info.context.loaders.node_by_id.load(root.record.account_id)
        return Customer(record=found) if found is not None else None

    return strawberry.field(resolver=resolve)


@strawberry.type
@stored_properties(Label.DEPARTMENT)
class Department(Node):
    customer = account_field()

    parent = one_field(entity("Department"), over(RelType.PART_OF, Direction.OUT))
    children = related_field(entity("Department"), over(RelType.PART_OF, Direction.IN))
    stakeholders = related_field(entity("Stakeholder"), over(RelType.WORKS_IN, Direction.IN))


@strawberry.type
@stored_properties(Label.STAKEHOLDER)
class Stakeholder(Node):
    customer = account_field()

    department = one_field(entity("Department"), over(RelType.WORKS_IN, Direction.OUT))
    reports_to = one_field(entity("Stakeholder"), over(RelType.REPORTS_TO, Direction.OUT))
    direct_reports = related_field(entity("Stakeholder"), over(RelType.REPORTS_TO, Direction.IN))
    influences = ties_field("StakeholderTie", over(RelType.INFLUENCES, Direction.OUT), other="stakeholder")
    influenced_by = ties_field("StakeholderTie", over(RelType.INFLUENCES, Direction.IN), other="stakeholder")
    knows = ties_field(
        "StakeholderTie",
        over(RelType.KNOWS, Direction.BOTH),
        other="stakeholder",
        description="People this stakeholder knows, in any company (KNOWS read both ways).",
    )
    covered_by = ties_field(
        "Coverage",
        over(RelType.RELATES_TO, Direction.IN),
        other="team_member",
        owner="stakeholder",
        description="Our team members related to this stakeholder, with relationship quality.",
    )
    preferred_suppliers = ties_field(
        "SupplierPreference", over(RelType.PREFERS, Direction.OUT), other="supplier"
    )
    interactions = related_field(entity("Interaction"), over(RelType.WITH, Direction.IN))


@strawberry.type
@stored_properties(Label.TEAM_MEMBER)
class TeamMember(Node):
    accounts = ties_field(
        "AccountAssignment", over(RelType.MANAGES, Direction.OUT), other="customer", owner="team_member"
    )
    relationships = ties_field(
        "Coverage", over(RelType.RELATES_TO, Direction.OUT), other="stakeholder", owner="team_member"
    )


@strawberry.type
@stored_properties(Label.SUPPLIER)
class Supplier(Node):
    industry = one_field(entity("Industry"), over(RelType.IN_INDUSTRY, Direction.OUT))
    customers = ties_field(
        "SupplyContract", over(RelType.SUPPLIES, Direction.OUT), other="customer", owner="supplier"
    )


@strawberry.type
@stored_properties(Label.INTERACTION)
class Interaction(Node):
    stakeholders = related_field(entity("Stakeholder"), over(RelType.WITH, Direction.OUT))
    team_members = related_field(entity("TeamMember"), over(RelType.BY, Direction.OUT))


@strawberry.type(description="A tie between two stakeholders (KNOWS or INFLUENCES).")
@relationship_properties(RelType.KNOWS, RelType.INFLUENCES)
class StakeholderTie:
    stakeholder: Stakeholder


@strawberry.type(description="A RELATES_TO relationship between our team member and a stakeholder.")
@relationship_properties(RelType.RELATES_TO)
class Coverage:
    team_member: TeamMember
    stakeholder: Stakeholder


@strawberry.type(description="A supplier serving a customer (SUPPLIES).")
@relationship_properties(RelType.SUPPLIES)
class SupplyContract:
    supplier: Supplier
    customer: Customer


@strawberry.type(description="Our team member's role on an account (MANAGES).")
@relationship_properties(RelType.MANAGES)
class AccountAssignment:
    team_member: TeamMember
    customer: Customer


@strawberry.type(description="A stakeholder's preference for a supplier (PREFERS): competitive bias.")
@relationship_properties(RelType.PREFERS)
class SupplierPreference:
    supplier: Supplier


TYPES: dict[Label, type[Node]] = {
    Label.CUSTOMER: Customer,
    Label.DEPARTMENT: Department,
    Label.STAKEHOLDER: Stakeholder,
    Label.SUPPLIER: Supplier,
    Label.TEAM_MEMBER: TeamMember,
    Label.INDUSTRY: Industry,
    Label.INTERACTION: Interaction,
}


LABELS: dict[type[Node], Label] = {kind: label for label, kind in TYPES.items()}


def to_type(record: NodeRecord) -> Node:
    return TYPES[record.label](record=record)
