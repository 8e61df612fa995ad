"""The benchmark helpers compute what they claim (no timing is asserted anywhere)."""

from __future__ import annotations

import argparse
import importlib
from pathlib import Path

import graphql
import pytest

from algorithms.projection import people_graph
from api.graphql.schema import build_schema
from graph_model.model import Label
from seeds.synthetic import generate
from tests.bench.common import BenchConfig, Target, latency_ms, percentile, size_tag
from tests.bench.synthetic_export import synthetic_export


def test_percentile_interpolates() -> None:
    assert percentile([1, 2, 3, 4], 50) == pytest.approx(2.5)
    assert percentile([5], 95) == 5
    assert latency_ms([0.001, 0.002, 0.003])["p50"] == pytest.approx(2.0)


def test_target_verdicts() -> None:
    assert Target("t", 10, 20, "ms").met
    assert not Target("t", 30, 20, "ms").met
    assert Target("rate", 300, 200, "edges/s", "higher").met
    assert "MISS" in Target("rate", 100, 200, "edges/s", "higher").line()


def test_config_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RELGRAPH_BENCH_STAKEHOLDERS", "10_000")
    monkeypatch.delenv("RELGRAPH_BENCH_DATA_DIR", raising=False)
    args = argparse.Namespace(stakeholders=None, seed=None, data_dir=None, results_dir=None)
    config = BenchConfig.from_args(args)
    assert config.stakeholders == 10_000
    assert config.data_dir == Path("/tmp/relgraph-bench-10k")
    assert size_tag(2_500) == "2500"


def test_synthetic_export_matches_the_generator() -> None:
    export = synthetic_export(300, seed=7)
    rows = list(generate(300, seed=7))
    assert len(export.nodes) == sum(len(b.nodes) for b in rows)
    assert len(export.edges) == sum(len(b.relationships) for b in rows)
    people = [n for n in export.nodes if n.label == Label.STAKEHOLDER.value]
    assert people and all(n.account_id and n.account_id.startswith("c-") for n in people)
    assert all("email" not in n.props for n in people)
    graph = people_graph(export)
    assert graph.number_of_nodes() >= len(people)


def _documents(value: object) -> list[str]:
    if isinstance(value, str):
        text = value.lstrip()
        # Templates (a "%s" still to fill) are checked through what they make.
        return [value] if text.startswith(("query", "mutation", "{")) and "%s" not in value else []
    if isinstance(value, dict):
        return [d for v in value.values() for d in _documents(v)]
    if isinstance(value, (list, tuple)):
        return [d for v in value for d in _documents(v)]
    return []


def test_every_benchmark_document_is_valid_against_the_schema() -> None:
    # A benchmark whose documents the schema refuses measures refusals.
    schema = build_schema()._schema
    found = 0
    for path in sorted(Path(__file__).parent.glob("bench_*.py")):
        module = importlib.import_module(f"tests.bench.{path.stem}")
        for name, value in vars(module).items():
            for document in _documents(value) if name.isupper() else []:
                errors = graphql.validate(schema, graphql.parse(document))
                assert not errors, f"{path.name} {name}: {errors[0].message}"
                found += 1
    assert found >= 10
