"""GraphQL object types derived from the algorithms' result dataclasses.

The algorithms return frozen dataclasses; the API exposes them as they are.
``result_type`` reads a result class's fields (``dataclasses.fields`` and
their type hints) and builds a strawberry type whose fields read the same
attributes, so a resolver returns the algorithms' result unchanged and names
its GraphQL type with ``strawberry.field(graphql_type=...)``.  A field's
description is its ``field(metadata={"description": ...})`` in the
algorithms.  The API adds what only it knows: which strings are ids, which
are date-times, public names that differ from the Python ones, and object
fields (resolvers taking the result as their parent) that load what an id
names.

The derived type is a new class: the result class is left as it is
(``strawberry.type`` on it would rewrite its ``__init__``).
"""

from __future__ import annotations

import dataclasses
import enum
import typing
from collections.abc import Collection, Mapping, Sequence
from types import GenericAlias, UnionType, new_class
from typing import Any, Final

import strawberry
from strawberry.types.base import has_object_definition
from strawberry.types.enum import has_enum_definition

DESCRIPTION: Final = "description"

_derived: dict[type, type] = {}


def derived(result_class: type) -> type:
    """The GraphQL type derived from ``result_class`` (derived with defaults if not yet)."""
    found = _derived.get(result_class)
    return found if found is not None else result_type(result_class)


def result_type(
    result_class: type,
    *,
    name: str | None = None,
    description: str | None = None,
    ids: Collection[str] = (),
    names: Mapping[str, str] | None = None,
    types: Mapping[str, object] | None = None,
    hide: Collection[str] = (),
    properties: Collection[str] = (),
    descriptions: Mapping[str, str] | None = None,
    extra: Mapping[str, object] | None = None,
) -> type:
    """Derive and register the GraphQL type of a result dataclass.

    ``ids``: fields holding ids (besides ``id`` and those ending in ``_id``
    or ``_ids``), exposed as ``ID``.  ``names``: GraphQL names differing from
    the camel-cased Python ones.  ``types``: GraphQL types replacing the
    derived one (a ``DateTime`` for a timestamp string).  ``hide``: fields
    not exposed.  ``properties``: read-only properties exposed beside the
    fields, typed by their return annotation (described by their docstring's
    first paragraph).  ``descriptions``: for results defined outside the
    algorithms.  ``extra``: further fields, resolved from the result as their
    parent (a hidden field's name may be reused).
    """
    if result_class in _derived:
        raise ValueError(f"{result_class.__name__} already has a GraphQL type")
    if not dataclasses.is_dataclass(result_class):
        raise TypeError(f"{result_class.__name__} is not a dataclass")
    hints = typing.get_type_hints(result_class)
    id_fields, renamed, replaced = set(ids), dict(names or {}), dict(types or {})
    described = dict(descriptions or {})
    named = id_fields | set(renamed) | set(replaced) | set(hide) | set(described)
    unknown = named - set(hints) - set(properties)
    if unknown:
        raise ValueError(f"{result_class.__name__} has no fields {sorted(unknown)}")

    annotations: dict[str, object] = {}
    namespace: dict[str, object] = {"__annotations__": annotations, "__module__": __name__}

    def expose(attribute: str, hint: object, about: str | None) -> None:
        is_id = attribute in id_fields or attribute == "id" or attribute.endswith(("_id", "_ids"))
        annotations[attribute] = replaced.get(attribute) or _graphql_type(hint, is_id=is_id)
        about = described.get(attribute, about)
        namespace[attribute] = strawberry.field(name=renamed.get(attribute), description=about)

    for f in dataclasses.fields(result_class):
        if f.name not in hide:
            expose(f.name, hints[f.name], f.metadata.get(DESCRIPTION))
    for attribute in properties:
        prop = getattr(result_class, attribute)
        if not isinstance(prop, property) or prop.fget is None:
            raise TypeError(f"{result_class.__name__}.{attribute} is not a property")
        expose(attribute, typing.get_type_hints(prop.fget)["return"], _first_paragraph(prop.fget.__doc__))
    for attribute, field in (extra or {}).items():
        if attribute in annotations:
            raise ValueError(f"{result_class.__name__}.{attribute} is a field already")
        namespace[attribute] = field

    graphql = strawberry.type(
        new_class(name or result_class.__name__, (), exec_body=lambda ns: ns.update(namespace)),
        name=name or result_class.__name__,
        description=description,
    )
    _derived[result_class] = graphql
    return graphql


def list_of(graphql_type: object) -> object:
    """``list[graphql_type]`` for a type known only at run time (a derived one)."""
    return GenericAlias(list, (graphql_type,))


def maybe(graphql_type: object) -> object:
    """``graphql_type | None`` for a type known only at run time."""
    inner: Any = graphql_type
    return inner | None


def _first_paragraph(doc: str | None) -> str | None:
    return doc.strip().split("\n\n")[0].replace("\n", " ") if doc else None


def _graphql_type(hint: object, *, is_id: bool) -> object:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (UnionType, typing.Union):
        kept = [a for a in args if a is not type(None)]
        if len(kept) != 1 or len(kept) == len(args):
            raise TypeError(f"only X | None unions are derived, not {hint}")
        return maybe(_graphql_type(kept[0], is_id=is_id))
    if origin in (tuple, list, Collection, Sequence):
        if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            raise TypeError(f"only tuple[X, ...] is derived, not {hint}")
        return list_of(_graphql_type(args[0], is_id=is_id))
    if hint is str:
        return strawberry.ID if is_id else str
    if hint in (int, float, bool):
        return hint
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        if not has_enum_definition(hint):
            strawberry.enum(hint)
        return hint
    if isinstance(hint, type) and has_object_definition(hint):
        return hint
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return derived(hint)
    raise TypeError(f"no GraphQL type is derived from {hint}")
