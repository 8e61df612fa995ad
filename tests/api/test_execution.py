"""Records completed in one step answer exactly as graphql-core's ordinary execution does."""

from __future__ import annotations

import enum
from typing import Any, cast

import pytest
import strawberry
from strawberry.scalars import JSON
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from api.graphql.core.execution import RecordExecutionContext


@strawberry.enum
class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


@strawberry.type
class Item:
    id: strawberry.ID
    name: str
    colour: Colour
    size: int | None
    data: JSON

    @strawberry.field
    def shout(self, times: int = 1) -> str:
        return self.name.upper() * times


def _items() -> list[Item]:
    return [
        Item(id=strawberry.ID("1"), name="one", colour=Colour.RED, size=1, data=cast(JSON, {"a": [1]})),
        Item(id=strawberry.ID("2"), name="two", colour=Colour.BLUE, size=None, data=cast(JSON, {})),
    ]


@strawberry.type
class Query:
    @strawberry.field
    def items(self) -> list[Item]:
        return _items()

    @strawberry.field
    def gaps(self) -> list[Item | None]:
        return [None, _items()[1]]

    @strawberry.field
    def first(self) -> Item:
        return _items()[0]

    @strawberry.field
    def broken(self) -> list[Item]:
        # A null where the schema promises a value, and a value no enum holds.
        return [
            Item(id=strawberry.ID("3"), name=None, colour=Colour.RED, size=3, data=None),  # type: ignore[arg-type]
            Item(id=strawberry.ID("4"), name="four", colour="green", size=4, data=None),  # type: ignore[arg-type]
        ]


DIRECT = strawberry.Schema(query=Query, execution_context_class=RecordExecutionContext)
ORDINARY = strawberry.Schema(query=Query, execution_context_class=StrawberryGraphQLCoreExecutionContext)

DOCUMENTS = [
    "{ items { id name colour size data } }",
    "{ items { __typename id n: name name other: name } }",
    "query($skip: Boolean!) { items { id name @skip(if: $skip) size @include(if: $skip) } }",
    "{ items { id ...F } } fragment F on Item { colour data }",
    "{ items { id shout(times: 2) } }",
    "{ items { id shout } }",
    "{ broken { id name } }",
    "{ gaps { id name } first { id colour data } }",
    "{ gaps { __typename } }",
    "{ broken { id colour } }",
    "{ broken { id size data } }",
]


def _outcome(result: Any) -> tuple[Any, list[dict[str, Any]]]:
    errors = [{"message": e.message, "path": e.path} for e in result.errors or []]
    return result.data, errors


@pytest.mark.parametrize("document", DOCUMENTS)
async def test_same_answer_as_ordinary_execution(document: str) -> None:
    variables = {"skip": True}
    direct = await DIRECT.execute(document, variable_values=variables)
    ordinary = await ORDINARY.execute(document, variable_values=variables)
    assert _outcome(direct) == _outcome(ordinary)
    # Only the documents meant to fail do.
    assert (ordinary.errors is not None) == ("broken" in document)


async def test_a_null_in_a_non_null_field_is_reported_at_its_path() -> None:
    result = await DIRECT.execute("{ broken { id name } }")
    assert result.data is None
    assert result.errors is not None
    assert [e.path for e in result.errors] == [["broken", 0, "name"]]


async def test_records_are_completed_without_executing_each_field() -> None:
    calls = 0
    original = RecordExecutionContext.execute_field

    def counting(self: Any, *args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        return original(self, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(RecordExecutionContext, "execute_field", counting)
        result = await DIRECT.execute("{ items { id name colour size data } }")
    assert not result.errors
    # Only the root field runs through field execution; its items do not.
    assert calls == 1


def test_the_schema_refuses_extensions_that_hook_every_field() -> None:
    from collections.abc import Callable

    from strawberry.extensions import SchemaExtension

    from api.graphql.schema import refuse_per_field_hooks

    class Tracing(SchemaExtension):
        def resolve(self, _next: Callable[..., Any], root: Any, info: Any, *args: Any, **kwargs: Any) -> Any:
            return _next(root, info, *args, **kwargs)

    class OperationOnly(SchemaExtension):
        pass

    refuse_per_field_hooks([OperationOnly])
    with pytest.raises(TypeError, match="Tracing hooks each field's resolution"):
        refuse_per_field_hooks([OperationOnly, Tracing])
