"""Filter and ordering inputs for the entity lists."""

from __future__ import annotations

from dataclasses import dataclass, field

import strawberry

from api.graphql.core import enums


@strawberry.input
class CustomerFilter:
    name_contains: str | None = None
    industry_id: strawberry.ID | None = None
    customer_types: list[enums.CustomerType] | None = None
    tiers: list[enums.Tier] | None = None
    lifecycle_stages: list[enums.LifecycleStage] | None = None


@strawberry.input
class StakeholderFilter:
    name_contains: str | None = None
    customer_id: strawberry.ID | None = None
    seniorities: list[enums.Seniority] | None = None
    buying_roles: list[enums.BuyingRole] | None = None
    stances: list[enums.Stance] | None = None


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


# GraphQL filter field -> model property it constrains.
_ENUM_FIELDS = {
    "customer_types": "customerType",
    "tiers": "tier",
    "lifecycle_stages": "lifecycleStage",
    "seniorities": "seniority",
    "buying_roles": "buyingRole",
    "stances": "stance",
}


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
    for attr, prop in _ENUM_FIELDS.items():
        chosen = getattr(value, attr, None)
        if chosen is not None:
            result.enum_filters[prop] = [getattr(v, "value", v) for v in chosen]
    return result
