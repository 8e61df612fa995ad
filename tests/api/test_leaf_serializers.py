"""Leaf serialisers of record completion: the same results and errors as graphql-core's."""

from __future__ import annotations

import enum
from typing import Any

import pytest
from graphql import (
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLError,
    GraphQLFloat,
    GraphQLID,
    GraphQLInt,
    GraphQLLeafType,
    GraphQLObjectType,
    GraphQLString,
    get_nullable_type,
)
from hypothesis import given
from hypothesis import strategies as st

from api.graphql.core.leaf_serializers import leaf_serializer
from api.graphql.schema import build_schema
from api.settings import ApiSettings

BUILT_IN = [GraphQLString, GraphQLID, GraphQLInt, GraphQLFloat, GraphQLBoolean]

VALUES = st.one_of(
    st.text(max_size=8),
    st.integers(),
    st.integers(min_value=-(2**31) - 2, max_value=2**31 + 1),
    st.floats(),
    st.booleans(),
    st.none(),
    st.lists(st.integers(), max_size=2),
)


def _outcome(serialize: Any, value: Any) -> tuple[str, Any]:
    try:
        result = serialize(value)
    except (GraphQLError, TypeError, ValueError) as error:
        return "error", type(error)
    # A float equal to an int (1.0) must stay a float, and NaN equals nothing.
    return "value", (type(result), repr(result))


def _label_type() -> GraphQLEnumType:
    map_node = build_schema(ApiSettings())._schema.type_map["MapNode"]
    assert isinstance(map_node, GraphQLObjectType)
    leaf = get_nullable_type(map_node.fields["label"].type)
    assert isinstance(leaf, GraphQLEnumType)
    return leaf


@pytest.mark.parametrize("leaf", BUILT_IN, ids=lambda leaf: leaf.name)
@given(value=VALUES)
def test_built_in_scalars_serialise_as_graphql_core_does(leaf: GraphQLLeafType, value: Any) -> None:
    assert _outcome(leaf_serializer(leaf), value) == _outcome(leaf.serialize, value)


def test_enum_members_and_values_serialise_to_their_names_and_anything_else_as_before() -> None:
    leaf = _label_type()
    serialize = leaf_serializer(leaf)
    wrapped: type[enum.Enum] = getattr(leaf, "wrapped_cls")  # noqa: B009 (strawberry's own attribute)
    for member in wrapped:
        assert serialize(member) == leaf.serialize(member) == member.name
    for other in ("CUSTOMER", "Customer", "Stakeholder", "", 3, None, ["Customer"]):
        assert _outcome(serialize, other) == _outcome(leaf.serialize, other)
