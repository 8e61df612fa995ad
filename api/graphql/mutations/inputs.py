"""Mutation inputs. Omitted fields are left unchanged; null clears a field."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.scalars import JSON

from api.graphql.core import enums
from api.graphql.core.scalars import DateTime
from graph_model.model import Label, PropType, node_properties

# What each stored kind of property is as a GraphQL input.
_INPUT_TYPES: dict[PropType, Any] = {
    PropType.STRING: str,
    PropType.INT: int,
    PropType.FLOAT: float,
    PropType.BOOL: bool,
    PropType.DATETIME: DateTime,
}


def _snake(key: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in key)


def node_input(label: Label) -> Any:
    """``CustomerInput``: an id, a name, and every other property of the label as the model declares it.

    Omitted properties stay as they are (UNSET); null clears one.
    """
    annotations: dict[str, object] = {"id": strawberry.ID, "name": str}
    namespace: dict[str, object] = {}
    for key, spec in node_properties(label).items():
        if key == "name":
            continue
        kind: Any = spec.enum if spec.type is PropType.ENUM else _INPUT_TYPES[spec.type]
        annotations[_snake(key)] = kind | None
        namespace[_snake(key)] = strawberry.UNSET
    cls = type(f"{label.value}Input", (), {"__annotations__": annotations, **namespace})
    return strawberry.input(cls)


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
