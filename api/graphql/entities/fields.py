"""Field factories for the entities: one definition per kind of field, not one copy per label.

Annotations here are built at run time (no ``from __future__ import
annotations``): strawberry reads each resolver's types from the factory's
arguments.
"""

import inspect
import re
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar

import strawberry

from api.graphql.core.connections import Connection
from api.graphql.core.context import Info
from api.graphql.core.scalars import DateTime
from api.graphql.entities.loaders import Neighbour
from graph_model.model import NODE_SPECS, REL_SPECS, Direction, Label, PropSpec, PropType, RelType
from graph_model.records import NodeRecord

First = Annotated[int, strawberry.argument(description="Page size, from 0 to the server's cap.")]
NestedFirst = Annotated[
    int | None,
    strawberry.argument(
        description="Page size, from 0 to the server's cap (default 50, or the cap if lower)."
    ),
]
After = Annotated[str | None, strawberry.argument(description="The cursor of the edge to continue after.")]
Load = Callable[[Info, NodeRecord], Awaitable[list[Neighbour]]]
Item = Callable[[NodeRecord, NodeRecord, dict[str, Any]], Any]
TYPES_MODULE = "api.graphql.entities.types"
PERSONAL_DATA = "Personal data: null for roles that may not see it."
_SCALARS: dict[PropType, Any] = {
    PropType.STRING: str,
    PropType.INT: int,
    PropType.FLOAT: float,
    PropType.DATETIME: DateTime,
}
C = TypeVar("C", bound=type)
# Where a tie type keeps the property key behind each field ``relationship_properties`` gave it.
_PROPERTY_NAMES = "_property_names"


def _field_name(key: str) -> str:
    """A property's field name in Python: ``annualValue`` -> ``annual_value`` (camel-cased in GraphQL)."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", key).lower()


def _graphql_type(spec: PropSpec) -> Any:
    """A stored property's GraphQL type: nullable, as a node or relationship may lack it."""
    value: Any = spec.enum if spec.type is PropType.ENUM else _SCALARS[spec.type]
    return value | None


def entity(name: str) -> Any:
    """An entity type by name, resolved once the types module is loaded: they refer to each other."""
    return Annotated[name, strawberry.lazy(TYPES_MODULE)]


def _to_type(record: NodeRecord) -> Any:
    from api.graphql.entities.types import to_type

    return to_type(record)


def node_field(node_type: Any, label: Label) -> Any:
    """``customer(id:)``: the node of one label with this id."""

    async def resolve(info: Info, id: strawberry.ID) -> Any:
        from api.graphql.entities import resolvers  # they read the types built with these factories

        return await resolvers.node(info, id, label)

    resolve.__annotations__["return"] = node_type | None
    return strawberry.field(
        resolver=resolve,
        description=f"The {label.value} with this id; a NOT_FOUND error naming `id` when there is none "
        "you may see.",
    )


def connection_field(node_type: Any, label: Label, filter_type: type, order_type: type) -> Any:
    """``customers(first:, after:, filter:, orderBy:)``: one page of a label's nodes."""

    async def resolve(
        info: Info, first: First = 20, after: After = None, filter: Any = None, order_by: Any = None
    ) -> Any:
        from api.graphql.entities import resolvers

        return await resolvers.connection(info, label, first, after, filter, order_by)

    resolve.__annotations__.update(
        filter=filter_type | None, order_by=order_type | None, **{"return": Connection[node_type]}
    )
    return strawberry.field(resolver=resolve, description=f"{label.value} nodes, one page at a time.")


def _property_field(key: str, spec: PropSpec) -> tuple[Any, Any]:
    """The field reading one stored property, and its GraphQL type: nullable, as a node may lack it."""
    flag = spec.type is PropType.BOOL
    # A flag never set is false.
    kind = bool if flag else _graphql_type(spec)

    def resolve(root: Any) -> Any:
        stored = root.record.properties.get(key)
        return bool(stored) if flag else stored

    description = PERSONAL_DATA if spec.pii else spec.description
    return strawberry.field(resolver=resolve, name=key, graphql_type=kind, description=description), kind


def stored_properties(label: Label) -> Callable[[C], C]:
    """Class decorator: a field per property the model declares for ``label``, in its order, first."""

    def add(cls: C) -> C:
        own = inspect.get_annotations(cls)
        declared: dict[str, Any] = {}
        for key, spec in NODE_SPECS[label].properties.items():
            name = _field_name(key)
            field, declared[name] = _property_field(key, spec)
            setattr(cls, name, field)
        # strawberry orders a type's fields as its annotations are ordered.
        cls.__annotations__ = {**declared, **own}
        return cls

    return add


def relationship_properties(*types: RelType) -> Callable[[C], C]:
    """Class decorator: after a tie type's own fields, one per property the model declares for ``types``."""

    def add(cls: C) -> C:
        specs = {key: spec for t in types for key, spec in REL_SPECS[t].properties.items()}
        names = {key: _field_name(key) for key in specs}
        declared = {names[key]: _graphql_type(spec) for key, spec in specs.items()}
        cls.__annotations__ = {**inspect.get_annotations(cls), **declared}
        setattr(cls, _PROPERTY_NAMES, names)
        return cls

    return add


def tie_item(tie_type: str, *, other: str, owner: str | None = None) -> Item:
    """A related node as the tie it is reached over (a ``tie_type`` of the types module).

    The related node is the tie's ``other`` end and, where the tie names both
    ends, the node whose field it is its ``owner`` end; the relationship's
    properties fill the fields ``relationship_properties`` gave the tie type.
    """

    def item(owner_record: NodeRecord, other_record: NodeRecord, rel: dict[str, Any]) -> Any:
        from api.graphql.entities import types  # the tie types are built with these factories

        ends = {other: types.to_type(other_record)}
        if owner is not None:
            ends[owner] = types.to_type(owner_record)
        kind = getattr(types, tie_type)
        names: dict[str, str] = getattr(kind, _PROPERTY_NAMES)
        return kind(**ends, **{name: rel.get(key) for key, name in names.items()})

    return item


def over(rel: RelType, direction: Direction) -> Load:
    """A nested list read over one relationship type and direction."""

    async def load(info: Info, record: NodeRecord) -> list[Neighbour]:
        return await info.context.loaders.neighbours(rel, direction).load(record.id)

    return load


def members(label: Label) -> Load:
    """A nested list of an account's departments or stakeholders, at any level."""

    async def load(info: Info, record: NodeRecord) -> list[Neighbour]:
        return await info.context.loaders.members(label).load(record.id)

    return load


def _neighbour(owner: NodeRecord, other: NodeRecord, rel: dict[str, Any]) -> Any:
    return _to_type(other)


def related_field(
    item_type: Any,
    load: Load,
    *,
    item: Item = _neighbour,
    only: Label | None = None,
    description: str | None = None,
) -> Any:
    """A nested connection: the related nodes (or ties, built by ``item``) of a node, a page at a time."""

    async def resolve(root: Any, info: Info, first: NestedFirst = None, after: After = None) -> Any:
        found = await load(info, root.record)
        if only is not None:
            found = [(n, r) for n, r in found if n.label is only]
        limit = info.context.page_size(first)
        return Connection.page(found, lambda f: item(root.record, *f), limit=limit, after=after)

    resolve.__annotations__["return"] = Connection[item_type]
    return strawberry.field(resolver=resolve, description=description)


def ties_field(
    tie_type: str, load: Load, *, other: str, owner: str | None = None, description: str | None = None
) -> Any:
    """A nested connection of ``tie_type`` ties (see :func:`tie_item` for ``other`` and ``owner``)."""
    item = tie_item(tie_type, other=other, owner=owner)
    return related_field(entity(tie_type), load, item=item, description=description)


def one_field(node_type: Any, load: Load, *, description: str | None = None) -> Any:
    """A nested single node (a department's parent, a stakeholder's manager): null when there is none."""

    async def resolve(root: Any, info: Info) -> Any:
        found = await load(info, root.record)
        return _to_type(found[0][0]) if found else None

    resolve.__annotations__["return"] = node_type | None
    return strawberry.field(resolver=resolve, description=description)
