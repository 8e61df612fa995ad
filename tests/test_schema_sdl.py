"""schema.graphql is the contract front-end apps build against: it must match the code."""

from __future__ import annotations

import difflib
from pathlib import Path

from api.graphql.export_schema import COMMAND, is_current, main, write
from api.graphql.schema import SDL_PATH, export_sdl


def test_schema_graphql_is_current() -> None:
    expected = export_sdl()
    actual = SDL_PATH.read_text(encoding="utf-8") if SDL_PATH.exists() else ""
    if actual != expected:
        diff = "".join(
            list(
                difflib.unified_diff(
                    actual.splitlines(keepends=True),
                    expected.splitlines(keepends=True),
                    "schema.graphql",
                    "code",
                )
            )[:40]
        )
        raise AssertionError(f"schema.graphql is stale; regenerate it with `{COMMAND}`\n{diff}")


def test_the_sdl_describes_the_api() -> None:
    sdl = export_sdl()
    for fragment in (
        "type Query",
        "type Mutation",
        "relationshipMap(",
        "orgChart(customerId: ID!)",
        "search(\n    text: String!",
        "interface Node",
        "totalCount: Int!",
        "importGraph(data: JSON!)",
    ):
        assert fragment in sdl


def test_export_command_writes_and_checks(tmp_path: Path) -> None:
    target = tmp_path / "schema.graphql"
    assert not is_current(target)
    assert main(["--check", "--output", str(target)]) == 1
    assert main(["--output", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == export_sdl()
    assert main(["--check", "--output", str(target)]) == 0
    assert write(target) is False
    target.write_text("type Query { stale: Int }\n", encoding="utf-8")
    assert main(["--check", "--output", str(target)]) == 1
