"""Loading synthetic graphs and documents into the embedded engine."""

from __future__ import annotations

from collections import Counter

from graph_model.model import Label
from graph_model.store import GraphStore
from seeds.demo import demo_document
from seeds.loading import LoadReport, load_document_with_progress, load_synthetic, progress_bar
from seeds.synthetic import generate

STAKEHOLDERS = 2_000
SEED = 13


def _expected() -> tuple[Counter[str], Counter[str], list[str]]:
    labels: Counter[str] = Counter()
    types: Counter[str] = Counter()
    people: list[str] = []
    for batch in generate(STAKEHOLDERS, seed=SEED):
        labels.update(n.label.value for n in batch.nodes)
        types.update(r.type.value for r in batch.relationships)
        people += [n.id for n in batch.nodes if n.label is Label.STAKEHOLDER]
    return labels, types, people


async def test_small_synthetic_load_ends_with_the_generated_counts(store: GraphStore) -> None:
    report = await load_synthetic(store, STAKEHOLDERS, SEED, progress=False, chunk_rows=3_000)
    labels, types, people = _expected()
    assert isinstance(report, LoadReport)
    assert report.nodes == labels.total()
    assert report.relationships == types.total()
    stored_labels, stored_types = await store.counts()
    assert stored_labels == dict(labels)
    assert stored_types == dict(types)
    assert report.rows_per_second > 0
    assert f"{report.nodes:,} nodes" in str(report)
    # Every person belongs to an account, derived from the department tree.
    sample = await store.get_nodes(people[::50])
    assert len(sample) == len(people[::50])
    assert all(record.account_id and record.account_id.startswith("c-") for record in sample.values())


async def test_loading_the_same_seed_twice_changes_nothing(store: GraphStore) -> None:
    await load_synthetic(store, 300, SEED, progress=False)
    first = await store.counts()
    await load_synthetic(store, 300, SEED, progress=False)
    assert await store.counts() == first


async def test_document_import_with_progress(store: GraphStore) -> None:
    report = await load_document_with_progress(store, demo_document(), progress=False)
    assert report.ok
    assert report.nodes_written == len(demo_document()["nodes"])


async def test_document_import_reports_errors_and_writes_nothing(store: GraphStore) -> None:
    report = await load_document_with_progress(
        store, {"nodes": [{"label": "Nope", "id": "x"}]}, progress=False
    )
    assert not report.ok
    assert await store.counts() == ({}, {})


def test_progress_bar_grows_past_an_estimate() -> None:
    with progress_bar("test", 10, enabled=False) as advance:
        for step in (4, 4, 4):
            advance(step)
        assert advance.done == 12
        assert advance.total >= 12
