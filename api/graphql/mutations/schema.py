"""Mutations: idempotent upserts by id, links, deletes, interactions, import."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from api.graphql.core import enums
from api.graphql.core.context import Info
from api.graphql.entities.types import Customer, Department, Industry, Stakeholder, Supplier, TeamMember
from api.graphql.mutations import resolvers
from api.graphql.mutations.fields import upsert_field
from api.graphql.mutations.inputs import InteractionInput, LinkInput
from api.graphql.mutations.payloads import (
    DeleteNodePayload,
    ImportPayload,
    InteractionPayload,
    LinkPayload,
    UnlinkPayload,
)
from graph_model.model import Label


@strawberry.type
class Mutation:
    upsert_customer = upsert_field(Customer, Label.CUSTOMER, "customer")
    upsert_department = upsert_field(Department, Label.DEPARTMENT, "department")
    upsert_stakeholder = upsert_field(Stakeholder, Label.STAKEHOLDER, "stakeholder")
    upsert_supplier = upsert_field(Supplier, Label.SUPPLIER, "supplier")
    upsert_team_member = upsert_field(TeamMember, Label.TEAM_MEMBER, "teamMember")
    upsert_industry = upsert_field(Industry, Label.INDUSTRY, "industry")

    @strawberry.mutation(description="Create or update the relationship of a type between two nodes.")
    async def link(self, info: Info, input: LinkInput) -> LinkPayload:
        return await resolvers.link(info, input)

    @strawberry.mutation(
        description="Remove a relationship; deleted is false when there was none (or none you may see)."
    )
    async def unlink(
        self, info: Info, type: enums.RelationshipType, from_id: strawberry.ID, to_id: strawberry.ID
    ) -> UnlinkPayload:
        return await resolvers.unlink(info, type, from_id, to_id)

    @strawberry.mutation(
        description="Delete a node; refused while others hang off it unless cascade is true."
    )
    async def delete_node(self, info: Info, id: strawberry.ID, cascade: bool = False) -> DeleteNodePayload:
        return await resolvers.delete_node(info, id, cascade)

    @strawberry.mutation(description="Store an interaction and refresh the relationship's lastContactAt.")
    async def record_interaction(self, info: Info, input: InteractionInput) -> InteractionPayload:
        return await resolvers.record_interaction(info, input)

    @strawberry.mutation(
        description="Import a graph document; all rows are checked before anything is written."
    )
    async def import_graph(self, info: Info, data: JSON) -> ImportPayload:
        return await resolvers.import_graph(info, data)
