"""Mutations: idempotent upserts by id, links, deletes, interactions, import."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from api.graphql.core import enums
from api.graphql.core.context import Info
from api.graphql.mutations import resolvers as writes
from api.graphql.mutations.inputs import (
    CustomerInput,
    DepartmentInput,
    IndustryInput,
    InteractionInput,
    LinkInput,
    StakeholderInput,
    SupplierInput,
    TeamMemberInput,
)
from api.graphql.mutations.payloads import (
    CustomerPayload,
    DeleteNodePayload,
    DepartmentPayload,
    ImportPayload,
    IndustryPayload,
    InteractionPayload,
    LinkPayload,
    StakeholderPayload,
    SupplierPayload,
    TeamMemberPayload,
    UnlinkPayload,
)
from graph_model.model import Label, RelType


@strawberry.type
class Mutation:
    @strawberry.mutation
    async def upsert_customer(self, info: Info, input: CustomerInput) -> CustomerPayload:
        node, errors = await writes.upsert(info, Label.CUSTOMER, input)
        return CustomerPayload(customer=node, errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation
    async def upsert_department(self, info: Info, input: DepartmentInput) -> DepartmentPayload:
        node, errors = await writes.upsert(info, Label.DEPARTMENT, input)
        return DepartmentPayload(department=node, errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation
    async def upsert_stakeholder(self, info: Info, input: StakeholderInput) -> StakeholderPayload:
        node, errors = await writes.upsert(info, Label.STAKEHOLDER, input)
        return StakeholderPayload(stakeholder=node, errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation
    async def upsert_supplier(self, info: Info, input: SupplierInput) -> SupplierPayload:
        node, errors = await writes.upsert(info, Label.SUPPLIER, input)
        return SupplierPayload(supplier=node, errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation
    async def upsert_team_member(self, info: Info, input: TeamMemberInput) -> TeamMemberPayload:
        node, errors = await writes.upsert(info, Label.TEAM_MEMBER, input)
        return TeamMemberPayload(team_member=node, errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation
    async def upsert_industry(self, info: Info, input: IndustryInput) -> IndustryPayload:
        node, errors = await writes.upsert(info, Label.INDUSTRY, input)
        return IndustryPayload(industry=node, errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation(description="Create or update the relationship of a type between two nodes.")
    async def link(self, info: Info, input: LinkInput) -> LinkPayload:
        return await writes.link(info, input)

    @strawberry.mutation(description="Remove a relationship; deleted is false when there was none.")
    async def unlink(
        self, info: Info, type: enums.RelationshipType, from_id: strawberry.ID, to_id: strawberry.ID
    ) -> UnlinkPayload:
        info.context.require_write()
        deleted = await info.context.store.unlink(RelType(type), from_id, to_id, info.context.access)
        info.context.loaders.clear()
        return UnlinkPayload(deleted=deleted)

    @strawberry.mutation(
        description="Delete a node; refused while others hang off it unless cascade is true."
    )
    async def delete_node(self, info: Info, id: strawberry.ID, cascade: bool = False) -> DeleteNodePayload:
        return await writes.delete_node(info, id, cascade)

    @strawberry.mutation(description="Store an interaction and refresh the relationship's lastContactAt.")
    async def record_interaction(self, info: Info, input: InteractionInput) -> InteractionPayload:
        return await writes.record_interaction(info, input)

    @strawberry.mutation(
        description="Import a graph document; all rows are checked before anything is written."
    )
    async def import_graph(self, info: Info, data: JSON) -> ImportPayload:
        return await writes.import_graph(info, data)
