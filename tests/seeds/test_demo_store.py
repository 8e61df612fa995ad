"""The demo imports into the embedded engine, round-trips, and re-importing changes nothing."""

from __future__ import annotations

from typing import Any

from graph_model.model import REL_SPECS, TIMESTAMP_PROPERTIES, RelType
from graph_model.store import GraphStore
from seeds.demo import demo_document, load_demo, planted_answers
from seeds.loading import load_document_with_progress


def _given(properties: dict[str, Any]) -> list[tuple[str, Any]]:
    """The properties a document gives, without the timestamps the store stamps."""
    return sorted((k, v) for k, v in properties.items() if k not in TIMESTAMP_PROPERTIES)


def _canonical(document: dict[str, Any]) -> tuple[list[Any], list[Any]]:
    """Order-free form of a document: symmetric relationships with the smaller id first."""
    nodes = sorted((n["label"], n["id"], _given(n["properties"])) for n in document["nodes"])
    rels = []
    for r in document["relationships"]:
        source, target = r["from"], r["to"]
        if REL_SPECS[RelType(r["type"])].symmetric and target < source:
            source, target = target, source
        rels.append((r["type"], source, target, _given(r["properties"])))
    return nodes, sorted(rels)


async def test_demo_imports_with_expected_counts(store: GraphStore) -> None:
    written: list[int] = []
    report = await load_demo(store, progress=written.append)
    assert report.ok, report.errors[:5]
    counts = planted_answers()["counts"]
    assert report.nodes_written == sum(counts["nodes"].values())
    assert report.relationships_written == sum(counts["relationships"].values())
    assert sum(written) == report.nodes_written + report.relationships_written
    labels, types = await store.counts()
    assert labels == counts["nodes"]
    assert types == counts["relationships"]


async def test_demo_dump_is_the_demo(store: GraphStore) -> None:
    assert (await load_demo(store)).ok
    assert _canonical(await store.dump()) == _canonical(demo_document())


async def test_importing_twice_changes_nothing(store: GraphStore) -> None:
    assert (await load_demo(store)).ok
    first_counts, first_dump = await store.counts(), await store.dump()
    again = await load_document_with_progress(store, demo_document(), progress=False)
    assert again.ok
    assert await store.counts() == first_counts
    assert await store.dump() == first_dump


async def test_accounts_are_derived_for_people_and_interactions(store: GraphStore) -> None:
    assert (await load_demo(store)).ok
    nodes = await store.get_nodes(
        ["stk-ingrid-castell", "dep-nw-eng-robotics", "ix-hm-discovery", "tm-marcus-hale", "sup-corvel"]
    )
    owners = {node_id: record.account_id for node_id, record in nodes.items()}
    assert owners == {
        "stk-ingrid-castell": "cust-solenne",
        "dep-nw-eng-robotics": "cust-northwind",
        "ix-hm-discovery": "cust-harbor",
        "tm-marcus-hale": None,
        "sup-corvel": None,
    }


async def test_org_chart_of_kestrel_has_four_roots(store: GraphStore) -> None:
    assert (await load_demo(store)).ok
    chart = await store.org_chart("cust-kestrel")
    assert chart is not None
    members = [m for unit in _units(chart.roots) for m in unit.members] + list(chart.unassigned)
    assert len(members) == 14
    assert sorted(m.stakeholder.id for m in members if m.manager_id is None) == [
        "stk-dana-whitfield",
        "stk-derek-mills",
        "stk-gregory-holt",
        "stk-rachel-nguyen",
    ]


def _units(units: list[Any]) -> list[Any]:
    return [u for unit in units for u in (unit, *_units(unit.children))]
