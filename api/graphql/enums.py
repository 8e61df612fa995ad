"""GraphQL enums, derived from the graph model's enums."""

from __future__ import annotations

import enum

import strawberry

from graph_model import model

NodeLabel = strawberry.enum(model.Label, name="NodeLabel", description="Kinds of node in the graph.")
RelationshipType = strawberry.enum(
    model.RelType, name="RelationshipType", description="Kinds of relationship in the graph."
)
Direction = strawberry.enum(model.Direction, name="Direction", description="Which way to follow relationships.")
CustomerType = strawberry.enum(model.CustomerType)
Tier = strawberry.enum(model.Tier, description="Value tier: STRATEGIC > KEY > STANDARD.")
LifecycleStage = strawberry.enum(model.LifecycleStage)
DepartmentFunction = strawberry.enum(model.DepartmentFunction)
Seniority = strawberry.enum(model.Seniority)
BuyingRole = strawberry.enum(model.BuyingRole)
Stance = strawberry.enum(model.Stance, description="A stakeholder's stance toward us.")
InteractionKind = strawberry.enum(model.InteractionKind)
ManagesRole = strawberry.enum(model.ManagesRole, name="AccountRole")


@strawberry.enum
class OrderDirection(enum.Enum):
    ASC = "ASC"
    DESC = "DESC"


@strawberry.enum
class NodeOrderField(enum.Enum):
    NAME = "NAME"
    CREATED_AT = "CREATED_AT"
    UPDATED_AT = "UPDATED_AT"


@strawberry.enum
class CustomerOrderField(enum.Enum):
    NAME = "NAME"
    CREATED_AT = "CREATED_AT"
    UPDATED_AT = "UPDATED_AT"
    ANNUAL_REVENUE = "ANNUAL_REVENUE"
