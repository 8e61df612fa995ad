"""Filter and ordering inputs for the entity lists."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import strawberry

from api.graphql.core import enums
from graph_model.model import NODE_SPECS, Label

C = TypeVar("C", bound=type)
# Where a filter type keeps its list fields' model properties.
_ENUM_PROPERTIES = "_enum_properties"


def enum_filters(label: Label, **properties: str) -> Callable[[C], C]:
    """Class decorator: after the filter's own fields, a list field per enum property of ``label``.

    ``tiers="tier"`` adds ``tiers: [Tier!]``: nodes whose ``tier`` is one of them.
    """

    def add(cls: C) -> C:
        own = inspect.get_annotations(cls)
        added: dict[str, Any] = {}
        for name, prop in properties.items():
            values: Any = NODE_SPECS[label].properties[prop].enum
            added[name] = list[values] | None
            setattr(cls, name, None)
        cls.__annotations__ = {**own, **added}
        setattr(cls, _ENUM_PROPERTIES, dict(properties))
        return cls

    return add


@strawberry.input
@enum_filters(Label.CUSTOMER, customer_types="customerType", tiers="tier", lifecycle_stages="lifecycleStage")
class CustomerFilter:
    name_contains: str | None = None
    industry_id: strawberry.ID | None = None


@strawberry.input
@enum_filters(Label.STAKEHOLDER, seniorities="seniority", buying_roles="buyingRole", stances="stance")
class StakeholderFilter:
    name_contains: str | None = None
    customer_id: strawberry.ID | None = None


@strawberry.input
class SupplierFilter:
    name_contains: str | None = None
    industry_id: strawberry.ID | None = None


@strawberry.input
class NameFilter:
    name_contains: str | None = None


@strawberry.input
class CustomerOrder:
    field: enums.CustomerOrderField = enums.CustomerOrderField.NAME
    direction: enums.OrderDirection = enums.OrderDirection.ASC


@strawberry.input
class NodeOrder:
    field: enums.NodeOrderField = enums.NodeOrderField.NAME
    direction: enums.OrderDirection = enums.OrderDirection.ASC


@dataclass
class StoreFilter:
    """A filter input translated to GraphStore.list_nodes keywords."""

    name_contains: str | None = None
    account_id: str | None = None
    industry_id: str | None = None
    enum_filters: dict[str, list[str]] = field(default_factory=dict)


def to_store_filter(value: object | None) -> StoreFilter:
    if value is None:
        return StoreFilter()
    result = StoreFilter(
        name_contains=getattr(value, "name_contains", None),
        account_id=getattr(value, "customer_id", None),
        industry_id=getattr(value, "industry_id", None),
    )
    enum_properties: Mapping[str, str] = getattr(type(value), _ENUM_PROPERTIES, {})
    for attr, prop in enum_properties.items():
        chosen = getattr(value, attr, None)
        if chosen is not None:
            result.enum_filters[prop] = [getattr(v, "value", v) for v in chosen]
    return result
