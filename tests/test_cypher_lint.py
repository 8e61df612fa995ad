"""Neo4j fidelity: every statement sent to Neo4j passes Neo4j's own parser and
semantic analysis, with the graph model as the database schema.

No Neo4j server runs in the test suite, so this is the only check that the
Cypher is valid Neo4j 5 and not merely something FalkorDB accepts.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from graph_model import cypher
from graph_model.engines import neo4j_statements as neo4j_statements_module
from graph_model.engines.neo4j_statements import neo4j_statements, schema_vocabulary

LINT_DIR = Path(__file__).parent / "cypher_lint"
INSTALL = "cd tests/cypher_lint && npm ci --no-audit --no-fund"
Report = dict[str, list[dict[str, Any]]]  # statement name -> diagnostics
STATEMENT_START = re.compile(r"(MATCH|OPTIONAL MATCH|MERGE|CREATE|UNWIND|CALL|WITH|RETURN)\s")

# Each probe must draw a diagnostic containing its fragment; they prove the
# lint can fail, so a silently broken setup cannot pass the real statements.
PROBES: dict[str, tuple[str, str]] = {
    "unknown_function": ("RETURN nosuchfn(1)", "Function nosuchfn"),
    "misspelt_label": ("MATCH (n:Custmer) RETURN n", "Custmer"),
    "misspelt_rel_type": ("MATCH (a:Customer)-[:HAS_DEPARTMNT]->(b) RETURN b", "HAS_DEPARTMNT"),
    "misspelt_property_key": ("MATCH (n:Customer) RETURN n.nmae", "Property key nmae"),
    "unknown_procedure": (
        "CALL db.index.fulltext.queryNode('entity_text', 'x')",
        "Procedure db.index.fulltext.queryNode is",
    ),
    "falkordb_procedure": ("CALL db.idx.fulltext.queryNodes('Entity', 'x')", "db.idx.fulltext.queryNodes"),
    "plugin_function": ("RETURN apoc.text.join(['a'], ',')", "Function apoc.text.join is"),
    "plugin_procedure": ("CALL gds.graph.list()", "Procedure gds.graph.list is"),
    "syntax_error": ("MATCH (n:Customer RETURN n", "Invalid input"),
    "undefined_variable": ("MATCH (n:Customer) RETURN m", "Variable `m` not defined"),
    "label_in_write": ("MERGE (n:Entity {id: $id}) SET n:Custmer", "Custmer"),
    "label_in_schema_command": ("CREATE INDEX i IF NOT EXISTS FOR (n:Entty) ON (n.id)", "Entty"),
    "deprecated_function": ("MATCH (n:Entity) RETURN id(n)", "deprecated"),
}


def _lint(statements: dict[str, str]) -> Report:
    if not (LINT_DIR / "node_modules" / "@neo4j-cypher" / "language-support").is_dir():
        pytest.fail(f"Cypher linter is not installed: run `make test`, or `{INSTALL}`")
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is not on PATH; the Cypher lint needs it")
    payload = json.dumps({"statements": statements, "vocabulary": schema_vocabulary()})
    proc = subprocess.run(
        [node, "lint.cjs"], cwd=LINT_DIR, input=payload, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, f"lint.cjs failed:\n{proc.stderr}"
    result: Report = json.loads(proc.stdout)
    assert set(result) == set(statements)
    return result


@pytest.fixture(scope="module")
def linted() -> tuple[dict[str, str], Report]:
    # One node process for everything: starting the analyser dominates the cost.
    statements = neo4j_statements()
    probes = {f"probe:{name}": text for name, (text, _) in PROBES.items()}
    assert not set(statements) & set(probes)
    return statements, _lint({**statements, **probes})


def test_neo4j_statements_are_clean(linted: tuple[dict[str, str], Report]) -> None:
    statements, result = linted
    assert statements
    problems = [
        f"{name}: {d['severity']}: {d['message']} "
        f"at {statements[name][d['offsets']['start'] : d['offsets']['end']]!r}"
        for name in statements
        for d in result[name]
    ]
    assert not problems, "\n".join(problems)


def test_every_statement_constant_is_linted() -> None:
    # A statement kept out of the registry would reach Neo4j unchecked.
    registered = set(neo4j_statements().values())
    missed = [
        f"{module.__name__}.{name}"
        for module in (cypher, neo4j_statements_module)
        for name, value in vars(module).items()
        for text in (value.values() if isinstance(value, dict) else [value])
        if isinstance(text, str) and STATEMENT_START.match(text) and text not in registered
    ]
    assert not missed, f"not in neo4j_statements(): {missed}"


@pytest.mark.parametrize("probe", PROBES)
def test_lint_flags(probe: str, linted: tuple[dict[str, str], Report]) -> None:
    text, fragment = PROBES[probe]
    messages = [str(d["message"]) for d in linted[1][f"probe:{probe}"]]
    assert any(fragment in m for m in messages), f"{text!r} drew {messages}"
