"""Mutation results: the written object, or the reasons nothing was written."""

from __future__ import annotations

import strawberry

from api.graphql.entities.types import (
    Customer,
    Department,
    Industry,
    Interaction,
    Stakeholder,
    Supplier,
    TeamMember,
)
from api.graphql.maps.types import MapEdge
from graph_model.errors import FieldError


@strawberry.type(description="Why an input was refused. Nothing was written.")
class UserError:
    field: str = strawberry.field(description="Path of the offending input field.")
    message: str
    code: str = strawberry.field(description="INVALID, NOT_FOUND, CONFLICT or HAS_DEPENDANTS.")

    @classmethod
    def of(cls, error: FieldError, *, field: str) -> UserError:
        """``field`` is where the refused value sits in the mutation's arguments."""
        code = "NOT_FOUND" if error.reason.startswith("no node with id") else "INVALID"
        if "already used by" in error.reason or "already in use" in error.reason:
            code = "CONFLICT"
        return cls(field=field, message=error.reason, code=code)


@strawberry.type
class CustomerPayload:
    customer: Customer | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class DepartmentPayload:
    department: Department | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class StakeholderPayload:
    stakeholder: Stakeholder | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class SupplierPayload:
    supplier: Supplier | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class TeamMemberPayload:
    team_member: TeamMember | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class IndustryPayload:
    industry: Industry | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class LinkPayload:
    edge: MapEdge | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class UnlinkPayload:
    deleted: bool = False


@strawberry.type
class DeleteNodePayload:
    deleted_ids: list[strawberry.ID] = strawberry.field(default_factory=list)
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(description="A relationship's last contact, as now stored.")
class Contact:
    team_member_id: strawberry.ID
    stakeholder_id: strawberry.ID
    last_contact_at: str | None


@strawberry.type
class InteractionPayload:
    interaction: Interaction | None = None
    last_contact_at: str | None = strawberry.field(
        default=None, description="lastContactAt of the first team member with the first stakeholder."
    )
    contacts: list[Contact] = strawberry.field(
        default_factory=list, description="lastContactAt of every team member with every stakeholder."
    )
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(description="One refused row of an import.")
class ImportRowError:
    section: str | None
    index: int | None
    row_id: str | None = strawberry.field(
        description="The row's id, or a relationship's `TYPE from->to`, when the row gives one."
    )
    entity: str | None
    field: str
    message: str


@strawberry.type
class ImportPayload:
    ok: bool
    nodes_written: int
    relationships_written: int
    errors: list[ImportRowError]
