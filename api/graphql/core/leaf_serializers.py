"""Serialising leaf values of plain records without graphql-core's generic checks.

A map's nodes and edges are thousands of leaf values per request: ids,
names, depths and enum members.  graphql-core serialises each through
type checks and conversions (and strawberry's enums by scanning their
values), several times the cost of taking a value that is already of the
output type.  The fast path here takes exactly such values as they are and
hands anything else to the type's own ``serialize``, so results and errors
are unchanged.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from graphql import (
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLFloat,
    GraphQLID,
    GraphQLInt,
    GraphQLLeafType,
    GraphQLString,
    Undefined,
)

Serializer = Callable[[Any], Any]

# GraphQL's Int is 32 bits.
_MIN, _MAX = -(2**31), 2**31 - 1


def leaf_serializer(leaf: GraphQLLeafType) -> Serializer:
    """A function serialising values for ``leaf`` as ``leaf.serialize`` does, faster for the usual ones."""
    fallback = leaf.serialize
    if leaf is GraphQLString or leaf is GraphQLID:
        return lambda value: value if type(value) is str else fallback(value)
    if leaf is GraphQLInt:
        return lambda value: value if type(value) is int and _MIN <= value <= _MAX else fallback(value)
    if leaf is GraphQLFloat:
        return lambda value: value if type(value) is float and math.isfinite(value) else fallback(value)
    if leaf is GraphQLBoolean:
        return lambda value: value if type(value) is bool else fallback(value)
    if isinstance(leaf, GraphQLEnumType):
        return _enum_serializer(leaf, fallback)
    return fallback


def _enum_serializer(leaf: GraphQLEnumType, fallback: Serializer) -> Serializer:
    # strawberry's enums carry the Python enum they wrap; its members, and
    # plain values of them (a relationship's type is stored as text),
    # serialise to the name of the first GraphQL value holding that value.
    wrapped = getattr(leaf, "wrapped_cls", None)
    if wrapped is None or any(v.value is None or v.value is Undefined for v in leaf.values.values()):
        return fallback
    names: dict[Any, str] = {}
    for name, value in leaf.values.items():
        names.setdefault(value.value, name)

    def serialize(value: Any) -> Any:
        if isinstance(value, wrapped):
            name = names.get(value.value)
        elif type(value) is str:
            name = names.get(value)
        else:
            name = None
        return name if name is not None else fallback(value)

    return serialize
