"""Mutation inputs. Omitted fields are left unchanged; null clears a field."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.scalars import JSON

from api.graphql.core import enums


@strawberry.input
class CustomerInput:
    id: strawberry.ID
    name: str
    customer_type: enums.CustomerType | None = strawberry.UNSET
    tier: enums.Tier | None = strawberry.UNSET
    lifecycle_stage: enums.LifecycleStage | None = strawberry.UNSET
    annual_revenue: float | None = strawberry.UNSET
    potential_value: float | None = strawberry.UNSET
    region: str | None = strawberry.UNSET
    employees: int | None = strawberry.UNSET
    last_purchase_at: str | None = strawberry.UNSET
    purchase_count: int | None = strawberry.UNSET


@strawberry.input
class DepartmentInput:
    id: strawberry.ID
    name: str
    function: enums.DepartmentFunction | None = strawberry.UNSET


@strawberry.input
class StakeholderInput:
    id: strawberry.ID
    name: str
    title: str | None = strawberry.UNSET
    seniority: enums.Seniority | None = strawberry.UNSET
    buying_role: enums.BuyingRole | None = strawberry.UNSET
    stance: enums.Stance | None = strawberry.UNSET
    email: str | None = strawberry.UNSET
    phone: str | None = strawberry.UNSET


@strawberry.input
class SupplierInput:
    id: strawberry.ID
    name: str
    category: str | None = strawberry.UNSET
    is_us: bool | None = strawberry.UNSET


@strawberry.input
class TeamMemberInput:
    id: strawberry.ID
    name: str
    title: str | None = strawberry.UNSET
    email: str | None = strawberry.UNSET


@strawberry.input
class IndustryInput:
    id: strawberry.ID
    name: str


@strawberry.input
class LinkInput:
    type: enums.RelationshipType
    from_id: strawberry.ID
    to_id: strawberry.ID
    properties: JSON | None = strawberry.field(
        default=None, description="Relationship properties, e.g. {strength: 0.8}."
    )


@strawberry.input
class InteractionInput:
    id: strawberry.ID
    kind: enums.InteractionKind
    at: str = strawberry.field(
        description="ISO-8601 date-time; more than a day in the future is refused (BAD_USER_INPUT)."
    )
    stakeholder_id: strawberry.ID | None = strawberry.field(
        default=None, description="A stakeholder taking part; more in stakeholderIds."
    )
    team_member_id: strawberry.ID | None = strawberry.field(
        default=None, description="A team member taking part; more in teamMemberIds."
    )
    stakeholder_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Stakeholders taking part (at least one in all, at most 50)."
    )
    team_member_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Team members taking part (at least one in all, at most 50)."
    )
    name: str | None = None
    notes: str | None = None


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def properties_of(value: object) -> dict[str, Any]:
    """Model properties named in an input; UNSET fields are left out."""
    props: dict[str, Any] = {}
    for key, item in vars(value).items():
        if key == "id" or item is strawberry.UNSET:
            continue
        props[_camel(key)] = getattr(item, "value", item)
    return props
