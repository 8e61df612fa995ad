"""GraphQL enums, derived from the graph model's enums.

``strawberry.enum`` registers the model's own enum classes under their
GraphQL names, so resolvers and the store share one set of values.
"""

from __future__ import annotations

import enum

import strawberry

from graph_model import model

# The model's classes themselves, under the GraphQL names where they differ.
from graph_model.model import (
    BuyingRole,
    CustomerType,
    DepartmentFunction,
    Direction,
    InteractionKind,
    LifecycleStage,
    ManagesRole,
    Seniority,
    Stance,
    Tier,
)
from graph_model.model import Label as NodeLabel
from graph_model.model import RelType as RelationshipType

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


__all__ = [
    "BuyingRole",
    "CustomerOrderField",
    "CustomerType",
    "DepartmentFunction",
    "Direction",
    "InteractionKind",
    "LifecycleStage",
    "ManagesRole",
    "NodeLabel",
    "NodeOrderField",
    "OrderDirection",
    "RelationshipType",
    "Seniority",
    "Stance",
    "Tier",
]
