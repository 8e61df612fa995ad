"""GraphQL types derived from result dataclasses leave the dataclasses as they are."""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass, field

import pytest
import strawberry

from algorithms.coverage_gaps import CoverageGap, GapKind, Severity
from algorithms.ranking import Factor
from api.graphql.core.results import result_type
from api.graphql.schema import build_schema
from api.settings import ApiSettings


def test_the_results_keep_their_positional_constructors() -> None:
    # Deriving the schema's types must not turn them keyword-only.
    build_schema(ApiSettings())
    assert Factor("pagerank", 0.5) == Factor(name="pagerank", value=0.5, contribution=None)
    gap = CoverageGap(GapKind.NO_CHAMPION, Severity.HIGH, "c", "C", "why", "what")
    assert gap.key == "NO_CHAMPION:c"
    assert [f.name for f in dataclasses.fields(Factor)] == ["name", "value", "contribution"]


class Colour(enum.StrEnum):
    RED = "RED"


@dataclass(frozen=True, slots=True)
class Part:
    id: str
    colour: Colour


@dataclass(frozen=True, slots=True)
class Assembly:
    owner_id: str
    part_ids: tuple[str, ...]
    parts: tuple[Part, ...]
    weight: float | None = field(default=None, metadata={"description": "In kilograms."})
    secret: str = ""
    label: str = "x"


def test_a_derived_type_reads_its_result_as_is() -> None:
    graphql = result_type(Assembly, hide=("secret",), names={"label": "title"})

    @strawberry.type
    class Query:
        @strawberry.field(graphql_type=graphql)
        def assembly(self) -> Assembly:
            return Assembly("o-1", ("p-1",), (Part("p-1", Colour.RED),), 2.5, "hidden", "Kit")

    schema = strawberry.Schema(query=Query)
    sdl = str(schema)
    assert "ownerId: ID!" in sdl and "partIds: [ID!]!" in sdl and "parts: [Part!]!" in sdl
    assert '"""In kilograms."""\n  weight: Float' in sdl
    assert "secret" not in sdl and "title: String!" in sdl and "colour: Colour!" in sdl
    result = schema.execute_sync("{ assembly { ownerId partIds parts { id colour } weight title } }")
    assert result.errors is None
    assert result.data == {
        "assembly": {
            "ownerId": "o-1",
            "partIds": ["p-1"],
            "parts": [{"id": "p-1", "colour": "RED"}],
            "weight": 2.5,
            "title": "Kit",
        }
    }


def test_names_the_result_does_not_have_are_refused() -> None:
    @dataclass(frozen=True)
    class Small:
        size: int

    with pytest.raises(ValueError, match="no fields"):
        result_type(Small, names={"length": "len"})

    @dataclass(frozen=True)
    class Mapped:
        counts: dict[str, int]

    with pytest.raises(TypeError, match="no GraphQL type"):
        result_type(Mapped)
