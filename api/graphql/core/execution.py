"""Execution that completes plain records in one step.

graphql-core executes every field of every object on its own: resolve info,
resolver, completion, about 3 µs a field.  A relationship map of 500 nodes
and 600 edges is some 5,000 such fields, several times the store's own time.
Most of them are leaf fields a record carries as attributes (an id, a name,
a depth), which need nothing but reading and serialising.

When every field selected on an object is such a field (no resolver, no
arguments, no field extensions or permissions), the object is completed here
directly.  Anything else, and any value that would fail (a null in a
non-null field, a serialiser that objects), goes through graphql-core's
ordinary path, which then reports it exactly as it always does.  A schema
extension hooking every field's resolution (per-field tracing) would not
see the fields completed here; the schema has none.
"""

from __future__ import annotations

from typing import Any, cast

from graphql import (
    GraphQLList,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    Undefined,
    get_nullable_type,
    is_leaf_type,
    is_non_null_type,
)
from graphql.execution.collect_fields import FieldDetailsList, GroupedFieldSet
from graphql.pyutils import AwaitableOrValue, Path
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from api.graphql.core.leaf_serializers import Serializer, leaf_serializer

# response key, attribute (None for __typename), leaf serialiser, non-null
Step = tuple[str, str | None, Serializer | None, bool]
_DEFINITION = "strawberry-definition"


def _step(
    parent_type: GraphQLObjectType, response_key: str, node_name: str, has_arguments: bool
) -> Step | None:
    """How to complete one selected field directly, or None when it needs execution."""
    if node_name == "__typename":
        return (response_key, None, None, True)
    field_def = parent_type.fields.get(node_name)
    if field_def is None or field_def.args or has_arguments:
        return None
    definition = field_def.extensions.get(_DEFINITION) if field_def.extensions else None
    if definition is None or definition.base_resolver is not None:
        return None
    if definition.extensions or definition.permission_classes:
        return None
    leaf = get_nullable_type(field_def.type)
    if not is_leaf_type(leaf):
        return None
    return (response_key, definition.python_name, leaf_serializer(leaf), is_non_null_type(field_def.type))


class RecordExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """strawberry's execution context, completing plain records directly."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Keyed by the identity of a grouped field set, which graphql-core
        # memoises per selection: every item of a list shares one plan.  The
        # set is kept alive with its plan so that its id cannot be reused.
        self._plans: dict[tuple[str, int], tuple[GroupedFieldSet, list[Step] | None]] = {}

    def _plan(self, parent_type: GraphQLObjectType, grouped_field_set: GroupedFieldSet) -> list[Step] | None:
        key = (parent_type.name, id(grouped_field_set))
        cached = self._plans.get(key)
        if cached is not None:
            return cached[1]
        planned = [
            _step(parent_type, response_key, details[0].node.name.value, bool(details[0].node.arguments))
            for response_key, details in grouped_field_set.items()
        ]
        steps = None if None in planned else cast(list[Step], planned)
        self._plans[key] = (grouped_field_set, steps)
        return steps

    def complete_list_value(
        self,
        return_type: GraphQLList[GraphQLOutputType],
        field_details_list: FieldDetailsList,
        info: GraphQLResolveInfo[Any],
        path: Path,
        result: Any,
        position_context: Any,
    ) -> AwaitableOrValue[list[Any]]:
        # A list of records (the nodes of a map) in one loop, rather than a
        # chain of completion calls per item.
        item_type = get_nullable_type(return_type.of_type)
        if (
            isinstance(result, list)
            and isinstance(item_type, GraphQLObjectType)
            and item_type.is_type_of is None
            and not _streamed(field_details_list)
        ):
            grouped_field_set, new_defer_usages, _ = self.collect_subfields(item_type, field_details_list)
            steps = None if new_defer_usages else self._plan(item_type, grouped_field_set)
            if steps is not None:
                items = [_complete(item_type, item, steps) for item in result]
                if None not in items:
                    return cast(list[Any], items)
        return super().complete_list_value(
            return_type, field_details_list, info, path, result, position_context
        )

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: GroupedFieldSet,
        position_context: Any,
    ) -> AwaitableOrValue[dict[str, Any]]:
        if path is not None:
            steps = self._plan(parent_type, grouped_field_set)
            if steps is not None:
                completed = _complete(parent_type, source_value, steps)
                if completed is not None:
                    return completed
        return super().execute_fields(parent_type, source_value, path, grouped_field_set, position_context)


def _streamed(field_details_list: FieldDetailsList) -> bool:
    return any(
        d.name.value == "stream" for details in field_details_list for d in details.node.directives or ()
    )


def _complete(parent_type: GraphQLObjectType, source: Any, steps: list[Step]) -> dict[str, Any] | None:
    if source is None:  # a null item of a list is the ordinary path's to complete
        return None
    completed: dict[str, Any] = {}
    try:
        for response_key, attribute, serialize, non_null in steps:
            if attribute is None:
                completed[response_key] = parent_type.name
                continue
            value = getattr(source, attribute)
            if value is None:
                if non_null:
                    return None
                completed[response_key] = None
                continue
            assert serialize is not None
            serialized = serialize(value)
            if serialized is Undefined or serialized is None:
                return None
            completed[response_key] = serialized
    except Exception:
        # The ordinary path fails the same way and reports it, with its path.
        return None
    return completed
