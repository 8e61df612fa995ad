"""GraphQL object types for the entities of the graph, and their ties."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry

from api.graphql.core import enums
from api.graphql.core.context import Info
from api.graphql.entities.loaders import MAX_NESTED, Neighbour
from graph_model.model import Direction, Label, RelType
from graph_model.records import NodeRecord

NestedFirst = Annotated[int, strawberry.argument(description=f"At most this many (max {MAX_NESTED}).")]


def _cap(first: int) -> int:
    return max(0, min(first, MAX_NESTED))


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

    @strawberry.field(description="ISO-8601 UTC time the node was first written.")
    def created_at(self) -> str | None:
        return self.record.properties.get("createdAt")

    @strawberry.field(description="ISO-8601 UTC time the node was last written.")
    def updated_at(self) -> str | None:
        return self.record.properties.get("updatedAt")

    def prop(self, key: str) -> Any:
        return self.record.properties.get(key)


async def _related(info: Info, node_id: str, rel: RelType, direction: Direction) -> list[Neighbour]:
    return await info.context.loaders.neighbours(rel, direction).load(node_id)


async def _nodes(info: Info, node_id: str, rel: RelType, direction: Direction, first: int) -> list[Node]:
    return [to_type(n) for n, _ in (await _related(info, node_id, rel, direction))[: _cap(first)]]


async def _one(info: Info, node_id: str, rel: RelType, direction: Direction) -> Node | None:
    found = await _related(info, node_id, rel, direction)
    return to_type(found[0][0]) if found else None


@strawberry.type
class Industry(Node):
    @strawberry.field
    async def customers(self, info: Info, first: NestedFirst = 100) -> list[Customer]:
        nodes = await _nodes(info, self.record.id, RelType.IN_INDUSTRY, Direction.IN, MAX_NESTED)
        return [n for n in nodes if isinstance(n, Customer)][: _cap(first)]

    @strawberry.field
    async def suppliers(self, info: Info, first: NestedFirst = 100) -> list[Supplier]:
        nodes = await _nodes(info, self.record.id, RelType.IN_INDUSTRY, Direction.IN, MAX_NESTED)
        return [n for n in nodes if isinstance(n, Supplier)][: _cap(first)]


@strawberry.type
class Customer(Node):
    @strawberry.field
    def customer_type(self) -> enums.CustomerType | None:
        return self.prop("customerType")

    @strawberry.field
    def tier(self) -> enums.Tier | None:
        return self.prop("tier")

    @strawberry.field
    def lifecycle_stage(self) -> enums.LifecycleStage | None:
        return self.prop("lifecycleStage")

    @strawberry.field
    def annual_revenue(self) -> float | None:
        return self.prop("annualRevenue")

    @strawberry.field
    def potential_value(self) -> float | None:
        return self.prop("potentialValue")

    @strawberry.field
    def region(self) -> str | None:
        return self.prop("region")

    @strawberry.field
    def employees(self) -> int | None:
        return self.prop("employees")

    @strawberry.field
    def last_purchase_at(self) -> str | None:
        return self.prop("lastPurchaseAt")

    @strawberry.field
    def purchase_count(self) -> int | None:
        return self.prop("purchaseCount")

    @strawberry.field
    async def industry(self, info: Info) -> Industry | None:
        return await _one(info, self.record.id, RelType.IN_INDUSTRY, Direction.OUT)  # type: ignore[return-value]

    @strawberry.field(description="Top-level departments (children hang off each department).")
    async def departments(self, info: Info, first: NestedFirst = 100) -> list[Department]:
        return await _nodes(info, self.record.id, RelType.HAS_DEPARTMENT, Direction.OUT, first)  # type: ignore[return-value]

    @strawberry.field(description="Every department of the account, at any level.")
    async def all_departments(self, info: Info, first: NestedFirst = 100) -> list[Department]:
        found = await info.context.loaders.members(Label.DEPARTMENT).load(self.record.id)
        return [Department(record=n) for n, _ in found[: _cap(first)]]

    @strawberry.field
    async def stakeholders(self, info: Info, first: NestedFirst = 100) -> list[Stakeholder]:
        found = await info.context.loaders.members(Label.STAKEHOLDER).load(self.record.id)
        return [Stakeholder(record=n) for n, _ in found[: _cap(first)]]

    @strawberry.field
    async def suppliers(self, info: Info, first: NestedFirst = 100) -> list[SupplyContract]:
        found = await _related(info, self.record.id, RelType.SUPPLIES, Direction.IN)
        return [SupplyContract.of(n, self.record, rel) for n, rel in found[: _cap(first)]]

    @strawberry.field(description="Our team members on this account and their roles.")
    async def team(self, info: Info, first: NestedFirst = 100) -> list[AccountAssignment]:
        found = await _related(info, self.record.id, RelType.MANAGES, Direction.IN)
        return [AccountAssignment.of(n, self.record, rel) for n, rel in found[: _cap(first)]]


@strawberry.type
class Department(Node):
    @strawberry.field
    def function(self) -> enums.DepartmentFunction | None:
        return self.prop("function")

    @strawberry.field
    async def customer(self, info: Info) -> Customer | None:
        return await _account(info, self.record)

    @strawberry.field
    async def parent(self, info: Info) -> Department | None:
        return await _one(info, self.record.id, RelType.PART_OF, Direction.OUT)  # type: ignore[return-value]

    @strawberry.field
    async def children(self, info: Info, first: NestedFirst = 100) -> list[Department]:
        return await _nodes(info, self.record.id, RelType.PART_OF, Direction.IN, first)  # type: ignore[return-value]

    @strawberry.field
    async def stakeholders(self, info: Info, first: NestedFirst = 100) -> list[Stakeholder]:
        return await _nodes(info, self.record.id, RelType.WORKS_IN, Direction.IN, first)  # type: ignore[return-value]


async def _account(info: Info, record: NodeRecord) -> Customer | None:
    if record.account_id is None:
        return None
    found = await info.context.loaders.node_by_id.load(record.account_id)
    return Customer(record=found) if found is not None else None


@strawberry.type
class Stakeholder(Node):
    @strawberry.field
    def title(self) -> str | None:
        return self.prop("title")

    @strawberry.field
    def seniority(self) -> enums.Seniority | None:
        return self.prop("seniority")

    @strawberry.field
    def buying_role(self) -> enums.BuyingRole | None:
        return self.prop("buyingRole")

    @strawberry.field
    def stance(self) -> enums.Stance | None:
        return self.prop("stance")

    @strawberry.field(description="Personal data: null for roles that may not see it.")
    def email(self) -> str | None:
        return self.prop("email")

    @strawberry.field(description="Personal data: null for roles that may not see it.")
    def phone(self) -> str | None:
        return self.prop("phone")

    @strawberry.field
    async def customer(self, info: Info) -> Customer | None:
        return await _account(info, self.record)

    @strawberry.field
    async def department(self, info: Info) -> Department | None:
        return await _one(info, self.record.id, RelType.WORKS_IN, Direction.OUT)  # type: ignore[return-value]

    @strawberry.field
    async def reports_to(self, info: Info) -> Stakeholder | None:
        return await _one(info, self.record.id, RelType.REPORTS_TO, Direction.OUT)  # type: ignore[return-value]

    @strawberry.field
    async def direct_reports(self, info: Info, first: NestedFirst = 100) -> list[Stakeholder]:
        return await _nodes(info, self.record.id, RelType.REPORTS_TO, Direction.IN, first)  # type: ignore[return-value]

    @strawberry.field
    async def influences(self, info: Info, first: NestedFirst = 100) -> list[StakeholderTie]:
        found = await _related(info, self.record.id, RelType.INFLUENCES, Direction.OUT)
        return [StakeholderTie.of(n, rel) for n, rel in found[: _cap(first)]]

    @strawberry.field
    async def influenced_by(self, info: Info, first: NestedFirst = 100) -> list[StakeholderTie]:
        found = await _related(info, self.record.id, RelType.INFLUENCES, Direction.IN)
        return [StakeholderTie.of(n, rel) for n, rel in found[: _cap(first)]]

    @strawberry.field(description="People this stakeholder knows, in any company (KNOWS read both ways).")
    async def knows(self, info: Info, first: NestedFirst = 100) -> list[StakeholderTie]:
        found = await _related(info, self.record.id, RelType.KNOWS, Direction.BOTH)
        return [StakeholderTie.of(n, rel) for n, rel in found[: _cap(first)]]

    @strawberry.field(description="Our team members related to this stakeholder, with relationship quality.")
    async def covered_by(self, info: Info, first: NestedFirst = 100) -> list[Coverage]:
        found = await _related(info, self.record.id, RelType.RELATES_TO, Direction.IN)
        return [Coverage.of(n, self.record, rel) for n, rel in found[: _cap(first)]]

    @strawberry.field
    async def preferred_suppliers(self, info: Info, first: NestedFirst = 100) -> list[SupplierPreference]:
        found = await _related(info, self.record.id, RelType.PREFERS, Direction.OUT)
        return [SupplierPreference.of(n, rel) for n, rel in found[: _cap(first)]]

    @strawberry.field
    async def interactions(self, info: Info, first: NestedFirst = 100) -> list[Interaction]:
        return await _nodes(info, self.record.id, RelType.WITH, Direction.IN, first)  # type: ignore[return-value]


@strawberry.type
class TeamMember(Node):
    @strawberry.field
    def title(self) -> str | None:
        return self.prop("title")

    @strawberry.field(description="Personal data: null for roles that may not see it.")
    def email(self) -> str | None:
        return self.prop("email")

    @strawberry.field
    async def accounts(self, info: Info, first: NestedFirst = 100) -> list[AccountAssignment]:
        found = await _related(info, self.record.id, RelType.MANAGES, Direction.OUT)
        return [AccountAssignment.of(self.record, n, rel) for n, rel in found[: _cap(first)]]

    @strawberry.field
    async def relationships(self, info: Info, first: NestedFirst = 100) -> list[Coverage]:
        found = await _related(info, self.record.id, RelType.RELATES_TO, Direction.OUT)
        return [Coverage.of(self.record, n, rel) for n, rel in found[: _cap(first)]]


@strawberry.type
class Supplier(Node):
    @strawberry.field
    def category(self) -> str | None:
        return self.prop("category")

    @strawberry.field(description="True for our own company.")
    def is_us(self) -> bool:
        return bool(self.prop("isUs"))

    @strawberry.field
    async def industry(self, info: Info) -> Industry | None:
        return await _one(info, self.record.id, RelType.IN_INDUSTRY, Direction.OUT)  # type: ignore[return-value]

    @strawberry.field
    async def customers(self, info: Info, first: NestedFirst = 100) -> list[SupplyContract]:
        found = await _related(info, self.record.id, RelType.SUPPLIES, Direction.OUT)
        return [SupplyContract.of(self.record, n, rel) for n, rel in found[: _cap(first)]]


@strawberry.type
class Interaction(Node):
    @strawberry.field
    def kind(self) -> enums.InteractionKind | None:
        return self.prop("kind")

    @strawberry.field
    def at(self) -> str | None:
        return self.prop("at")

    @strawberry.field
    def notes(self) -> str | None:
        return self.prop("notes")

    @strawberry.field
    async def stakeholders(self, info: Info, first: NestedFirst = 100) -> list[Stakeholder]:
        return await _nodes(info, self.record.id, RelType.WITH, Direction.OUT, first)  # type: ignore[return-value]

    @strawberry.field
    async def team_members(self, info: Info, first: NestedFirst = 100) -> list[TeamMember]:
        return await _nodes(info, self.record.id, RelType.BY, Direction.OUT, first)  # type: ignore[return-value]


@strawberry.type(description="A tie between two stakeholders (KNOWS or INFLUENCES).")
class StakeholderTie:
    stakeholder: Stakeholder
    strength: float | None
    context: str | None

    @classmethod
    def of(cls, other: NodeRecord, rel: dict[str, Any]) -> StakeholderTie:
        return cls(
            stakeholder=Stakeholder(record=other), strength=rel.get("strength"), context=rel.get("context")
        )


@strawberry.type(description="A RELATES_TO relationship between our team member and a stakeholder.")
class Coverage:
    team_member: TeamMember
    stakeholder: Stakeholder
    strength: float | None
    acceptance: float | None
    participation: float | None
    information_flow: float | None
    guidance: float | None
    project_support: float | None
    competitive_bias: float | None
    last_contact_at: str | None

    @classmethod
    def of(cls, member: NodeRecord, stakeholder: NodeRecord, rel: dict[str, Any]) -> Coverage:
        return cls(
            team_member=TeamMember(record=member),
            stakeholder=Stakeholder(record=stakeholder),
            strength=rel.get("strength"),
            acceptance=rel.get("acceptance"),
            participation=rel.get("participation"),
            information_flow=rel.get("informationFlow"),
            guidance=rel.get("guidance"),
            project_support=rel.get("projectSupport"),
            competitive_bias=rel.get("competitiveBias"),
            last_contact_at=rel.get("lastContactAt"),
        )


@strawberry.type(description="A supplier serving a customer (SUPPLIES).")
class SupplyContract:
    supplier: Supplier
    customer: Customer
    category: str | None
    annual_value: float | None
    share_of_wallet: float | None
    since: str | None

    @classmethod
    def of(cls, supplier: NodeRecord, customer: NodeRecord, rel: dict[str, Any]) -> SupplyContract:
        return cls(
            supplier=Supplier(record=supplier),
            customer=Customer(record=customer),
            category=rel.get("category"),
            annual_value=rel.get("annualValue"),
            share_of_wallet=rel.get("shareOfWallet"),
            since=rel.get("since"),
        )


@strawberry.type(description="Our team member's role on an account (MANAGES).")
class AccountAssignment:
    team_member: TeamMember
    customer: Customer
    role: enums.ManagesRole | None

    @classmethod
    def of(cls, member: NodeRecord, customer: NodeRecord, rel: dict[str, Any]) -> AccountAssignment:
        return cls(
            team_member=TeamMember(record=member), customer=Customer(record=customer), role=rel.get("role")
        )


@strawberry.type(description="A stakeholder's preference for a supplier (PREFERS): competitive bias.")
class SupplierPreference:
    supplier: Supplier
    strength: float | None

    @classmethod
    def of(cls, supplier: NodeRecord, rel: dict[str, Any]) -> SupplierPreference:
        return cls(supplier=Supplier(record=supplier), strength=rel.get("strength"))


TYPES: dict[Label, type[Node]] = {
    Label.CUSTOMER: Customer,
    Label.DEPARTMENT: Department,
    Label.STAKEHOLDER: Stakeholder,
    Label.SUPPLIER: Supplier,
    Label.TEAM_MEMBER: TeamMember,
    Label.INDUSTRY: Industry,
    Label.INTERACTION: Interaction,
}


def to_type(record: NodeRecord) -> Node:
    return TYPES[record.label](record=record)
