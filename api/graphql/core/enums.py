"""GraphQL enums, derived from the graph model's enums.

``strawberry.enum`` registers the model's own enum classes under their
GraphQL names, so resolvers and the store share one set of values.
"""

from __future__ import annotations

import enum
from typing import TypeAlias

import strawberry

from graph_model import model

strawberry.enum(model.Label, name="NodeLabel", description="Kinds of node in the graph.")
strawberry.enum(model.RelType, name="RelationshipType", description="Kinds of relationship in the graph.")
strawberry.enum(model.Direction, name="Direction", description="Which way to follow relationships.")
strawberry.enum(model.CustomerType)
strawberry.enum(model.Tier, description="Value tier: STRATEGIC > KEY > STANDARD.")
strawberry.enum(model.LifecycleStage)
strawberry.enum(model.DepartmentFunction)
strawberry.enum(model.Seniority)
strawberry.enum(model.BuyingRole)
strawberry.enum(model.Stance, description="A stakeholder's stance toward us.")
strawberry.enum(model.InteractionKind)
strawberry.enum(model.ManagesRole, name="AccountRole")

NodeLabel: TypeAlias = model.Label
RelationshipType: TypeAlias = model.RelType
Direction: TypeAlias = model.Direction
CustomerType: TypeAlias = model.CustomerType
Tier: TypeAlias = model.Tier
LifecycleStage: TypeAlias = model.LifecycleStage
DepartmentFunction: TypeAlias = model.DepartmentFunction
Seniority: TypeAlias = model.Seniority
BuyingRole: TypeAlias = model.BuyingRole
Stance: TypeAlias = model.Stance
InteractionKind: TypeAlias = model.InteractionKind
ManagesRole: TypeAlias = model.ManagesRole


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
