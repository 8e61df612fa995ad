"""The schema-change gate: graphql-inspector diffs the exported schema against the last release's.

The baseline is ``schema.baseline.graphql``, the schema of the last release
(CHANGELOG.md's newest version), copied from ``schema.graphql`` at each release.
A breaking change fails unless CHANGELOG.md names its coordinate under
``## [Unreleased]`` (``changelog-rule.mjs``); dangerous and safe changes pass.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from graphql import (
    DocumentNode,
    EnumTypeDefinitionNode,
    EnumValueDefinitionNode,
    NameNode,
    ObjectTypeDefinitionNode,
    parse,
    print_ast,
)

from tests.http_audit.test_audit import require_node_package

GATE_DIR = Path(__file__).resolve().parent
ROOT = GATE_DIR.parents[1]
BASELINE = ROOT / "schema.baseline.graphql"
CHANGELOG = ROOT / "CHANGELOG.md"
INSPECTOR = GATE_DIR / "node_modules" / "@graphql-inspector" / "cli" / "cjs" / "index.js"
RULE = GATE_DIR / "changelog-rule.mjs"


def exported_schema(directory: Path) -> Path:
    """The SDL the code exports now, written by the project's own export command."""
    path = directory / "exported.graphql"
    subprocess.run(
        [sys.executable, "-m", "api.graphql.export_schema", "--output", str(path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=120,
    )
    return path


def gate(baseline: Path, schema: Path, changelog: Path) -> subprocess.CompletedProcess[str]:
    node = require_node_package(GATE_DIR, "@graphql-inspector/cli")
    return subprocess.run(
        [node, str(INSPECTOR), "diff", str(baseline), str(schema), "--rule", str(RULE)],
        cwd=GATE_DIR,
        env={**os.environ, "RELGRAPH_CHANGELOG": str(changelog), "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_exported_schema_breaks_nothing_that_the_changelog_does_not_list(tmp_path: Path) -> None:
    run = gate(BASELINE, exported_schema(tmp_path), CHANGELOG)
    assert run.returncode == 0, (
        "breaking schema changes not listed in CHANGELOG.md under [Unreleased]:\n" + run.stdout + run.stderr
    )


def broken_copy(schema: Path, directory: Path) -> tuple[Path, str]:
    """The schema without Query's first field, with one enum value more and one new type.

    Returns the copy and the coordinate of the removed field: the one
    breaking change (a new enum value is dangerous, a new type safe).
    """
    document = parse(schema.read_text(encoding="utf-8"), no_location=True)
    definitions = list(document.definitions)
    query_at = next(
        i
        for i, d in enumerate(definitions)
        if isinstance(d, ObjectTypeDefinitionNode) and d.name.value == "Query"
    )
    query = definitions[query_at]
    assert isinstance(query, ObjectTypeDefinitionNode)
    removed = query.fields[0].name.value
    definitions[query_at] = ObjectTypeDefinitionNode(
        name=query.name, fields=query.fields[1:], interfaces=query.interfaces, directives=query.directives
    )
    enum_at = next(i for i, d in enumerate(definitions) if isinstance(d, EnumTypeDefinitionNode))
    enum = definitions[enum_at]
    assert isinstance(enum, EnumTypeDefinitionNode)
    definitions[enum_at] = EnumTypeDefinitionNode(
        name=enum.name,
        values=(*enum.values, EnumValueDefinitionNode(name=NameNode(value="GATE_NEW_VALUE"), directives=())),
        directives=enum.directives,
    )
    copy = directory / "broken.graphql"
    extra = "\ntype GateNewType {\n  id: ID!\n}\n"
    copy.write_text(print_ast(DocumentNode(definitions=tuple(definitions))) + extra, encoding="utf-8")
    return copy, f"Query.{removed}"


def changelog(directory: Path, unreleased: str, released: str = "") -> Path:
    path = directory / "CHANGELOG.md"
    path.write_text(
        f"# Changelog\n\n## [Unreleased]\n\n### Removed\n\n{unreleased}\n\n"
        f"## [0.1.0] - 2026-12-02\n\n{released}\n",
        encoding="utf-8",
    )
    return path


def test_an_unlisted_breaking_change_fails_and_passes_once_listed_under_unreleased(tmp_path: Path) -> None:
    exported = exported_schema(tmp_path)
    broken, coordinate = broken_copy(exported, tmp_path)

    unlisted = gate(exported, broken, changelog(tmp_path, "- Nothing yet."))
    assert unlisted.returncode == 1, unlisted.stdout
    assert f"[not in CHANGELOG.md under Unreleased: `{coordinate}`]" in unlisted.stdout
    assert "Detected 1 breaking change" in unlisted.stdout + unlisted.stderr
    # The dangerous and the safe change are reported, and do not count.
    assert "GATE_NEW_VALUE" in unlisted.stdout
    assert "GateNewType" in unlisted.stdout

    only_released = gate(exported, broken, changelog(tmp_path, "- Nothing yet.", f"- `{coordinate}` went."))
    assert only_released.returncode == 1, only_released.stdout

    named_elsewhere = gate(exported, broken, changelog(tmp_path, f"- {coordinate} without backticks"))
    assert named_elsewhere.returncode == 1, named_elsewhere.stdout

    listed = gate(exported, broken, changelog(tmp_path, f"- `{coordinate}` is gone: use `nodes(ids:)`."))
    assert listed.returncode == 0, listed.stdout + listed.stderr
    assert "[breaking, listed in CHANGELOG.md]" in listed.stdout


def test_a_field_listed_covers_changes_to_its_arguments(tmp_path: Path) -> None:
    exported = exported_schema(tmp_path)
    sdl = exported.read_text(encoding="utf-8")
    # Make an optional argument of a Query field required: breaking, at Type.field.argument.
    match = re.search(r"^  (\w+)\(\n(?:    .*\n)*?    (\w+): (\w+) = null\n", sdl, re.MULTILINE)
    assert match is not None, "the exported Query has no nullable argument with a default to tighten"
    field, argument, type_name = match.groups()
    tightened = sdl[: match.start()] + match.group(0).replace(
        f"    {argument}: {type_name} = null\n", f"    {argument}: {type_name}!\n"
    )
    tightened += sdl[match.end() :]
    changed = tmp_path / "tightened.graphql"
    changed.write_text(tightened, encoding="utf-8")
    owner = re.findall(r"^(?:type|interface) (\w+)", sdl[: match.start()], re.MULTILINE)[-1]

    assert gate(exported, changed, changelog(tmp_path, "- Nothing yet.")).returncode == 1
    listed = gate(exported, changed, changelog(tmp_path, f"- `{owner}.{field}` takes `{argument}` always."))
    assert listed.returncode == 0, listed.stdout + listed.stderr


def test_the_changelog_starts_with_the_unreleased_section_the_gate_reads() -> None:
    headings = re.findall(r"^## (.+)$", CHANGELOG.read_text(encoding="utf-8"), re.MULTILINE)
    assert headings[0] == "[Unreleased]"
    assert re.fullmatch(r"\[\d+\.\d+\.\d+\] - \d{4}-\d{2}-\d{2}", headings[1]), headings
