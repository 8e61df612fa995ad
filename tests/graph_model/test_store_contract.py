"""What every engine must do the same way: the GraphStore contract."""

from __future__ import annotations

import asyncio
import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from graph_model.access import AccessScope
from graph_model.analytics_export import ExportScope
from graph_model.cypher import COLUMN_READS, STATEMENTS, Write
from graph_model.errors import HasDependants, NotFound, ValidationFailed
from graph_model.importer import import_document
from graph_model.model import Direction, Label, RelType
from graph_model.store import GraphStore, utc_now
from graph_model.store_lifecycle import WATCH_TASK
from graph_model.validation import validate_node, validate_relationship
from seeds.demo import demo_document, load_demo

DOC: dict[str, Any] = {
    "nodes": [
        {"label": "Industry", "id": "ind-auto", "properties": {"name": "Automotive"}},
        {"label": "Customer", "id": "c-acme", "properties": {"name": "Acme Motors", "tier": "KEY"}},
        {"label": "Customer", "id": "c-beta", "properties": {"name": "Beta Cars", "tier": "STANDARD"}},
        {"label": "Department", "id": "d-it", "properties": {"name": "IT", "function": "TECHNICAL"}},
        {"label": "Department", "id": "d-infra", "properties": {"name": "Infrastructure"}},
        {"label": "Department", "id": "d-beta", "properties": {"name": "Beta Purchasing"}},
        {
            "label": "Stakeholder",
            "id": "s-ann",
            "properties": {
                "name": "Ann Archer",
                "title": "CIO",
                "seniority": "C_LEVEL",
                "email": "ann@acme.test",
            },
        },
        {"label": "Stakeholder", "id": "s-bob", "properties": {"name": "Bob Baker", "title": "Infra lead"}},
        {"label": "Stakeholder", "id": "s-cat", "properties": {"name": "Cat Cole", "title": "Buyer"}},
        {"label": "TeamMember", "id": "t-tom", "properties": {"name": "Tom Team"}},
        {"label": "Supplier", "id": "sup-us", "properties": {"name": "Us Inc", "isUs": True}},
    ],
    "relationships": [
        {"type": "IN_INDUSTRY", "from": "c-acme", "to": "ind-auto"},
        {"type": "IN_INDUSTRY", "from": "c-beta", "to": "ind-auto"},
        {"type": "HAS_DEPARTMENT", "from": "c-acme", "to": "d-it"},
        {"type": "PART_OF", "from": "d-infra", "to": "d-it"},
        {"type": "HAS_DEPARTMENT", "from": "c-beta", "to": "d-beta"},
        {"type": "WORKS_IN", "from": "s-ann", "to": "d-it"},
        {"type": "WORKS_IN", "from": "s-bob", "to": "d-infra"},
        {"type": "WORKS_IN", "from": "s-cat", "to": "d-beta"},
        {"type": "REPORTS_TO", "from": "s-bob", "to": "s-ann"},
        {"type": "KNOWS", "from": "s-cat", "to": "s-ann", "properties": {"strength": 0.6}},
        {"type": "RELATES_TO", "from": "t-tom", "to": "s-ann", "properties": {"strength": 0.8}},
        {"type": "SUPPLIES", "from": "sup-us", "to": "c-acme", "properties": {"annualValue": 1000.0}},
    ],
}


async def _load(store: GraphStore) -> None:
    report = await import_document(store, DOC)
    assert report.ok, report.errors


async def test_import_twice_changes_nothing(store: GraphStore) -> None:
    await _load(store)
    first = await store.dump()
    counts = await store.counts()
    await _load(store)
    assert await store.dump() == first
    assert await store.counts() == counts
    assert sum(counts[0].values()) == len(DOC["nodes"])
    assert sum(counts[1].values()) == len(DOC["relationships"])


async def test_bad_document_writes_nothing_and_reports_every_row(store: GraphStore) -> None:
    bad = {
        "nodes": [
            *DOC["nodes"],
            {"label": "Stakeholder", "id": "s-x", "properties": {"name": "X", "seniority": "BOSS"}},
            {"label": "Stakeholder", "id": "s-\x00", "properties": {"name": "Nul\x00Name"}},
        ],
        "relationships": [
            *DOC["relationships"],
            {"type": "WORKS_IN", "from": "s-ann", "to": "c-acme"},
            {"type": "KNOWS", "from": "s-ann", "to": "nobody"},
        ],
    }
    report = await import_document(store, bad)
    assert not report.ok
    where = {(e.section, e.index, e.field): e.reason for e in report.errors}
    assert ("nodes", len(DOC["nodes"]), "properties.seniority") in where
    assert where["nodes", len(DOC["nodes"]) + 1, "id"] == "must not contain the NUL character"
    assert where["nodes", len(DOC["nodes"]) + 1, "properties.name"] == "must not contain the NUL character"
    assert ("relationships", len(DOC["relationships"]), "to") in where
    assert ("relationships", len(DOC["relationships"]) + 1, "to") in where
    assert await store.counts() == ({}, {})
    assert await store.version() == 0


async def test_ids_are_unique_across_labels(store: GraphStore) -> None:
    await _load(store)
    row, _ = validate_node({"label": "Department", "id": "c-acme", "properties": {"name": "Clash"}})
    assert row is not None
    with pytest.raises(ValidationFailed, match="already used by a Customer"):
        await store.upsert_nodes([row])


async def test_link_refuses_endpoints_the_model_does_not_allow(store: GraphStore) -> None:
    await _load(store)
    row, _ = validate_relationship({"type": "REPORTS_TO", "from": "s-ann", "to": "t-tom"})
    assert row is not None
    with pytest.raises(ValidationFailed, match="REPORTS_TO cannot link Stakeholder -> TeamMember"):
        await store.upsert_relationships([row])


async def test_every_write_bumps_the_version(store: GraphStore) -> None:
    before = await store.version()
    await _load(store)
    after_import = await store.version()
    assert after_import > before
    assert await store.unlink(RelType.KNOWS, "s-ann", "s-cat")
    assert await store.version() > after_import


async def test_accounts_are_derived_from_structure(store: GraphStore) -> None:
    await _load(store)
    nodes = await store.get_nodes(["s-ann", "s-bob", "s-cat", "d-infra", "t-tom"])
    assert {k: v.account_id for k, v in nodes.items()} == {
        "s-ann": "c-acme",
        "s-bob": "c-acme",
        "d-infra": "c-acme",
        "s-cat": "c-beta",
        "t-tom": None,
    }
    # Moving a department moves everyone under it.
    row, _ = validate_relationship({"type": "PART_OF", "from": "d-infra", "to": "d-beta"})
    assert row is not None
    await store.upsert_relationships([row])
    moved = await store.get_nodes(["d-infra", "s-bob"])
    assert {k: v.account_id for k, v in moved.items()} == {"d-infra": "c-beta", "s-bob": "c-beta"}


async def test_scoped_reads_hide_other_accounts_and_pii(store: GraphStore) -> None:
    await _load(store)
    member = AccessScope.for_accounts(["c-beta"], pii=False)
    assert set(await store.get_nodes(["s-ann", "s-cat", "t-tom"], member)) == {"s-cat", "t-tom"}
    cat = await store.get_node("s-cat", member)
    assert cat is not None and "email" not in cat.properties
    ann = await store.get_node("s-ann")
    assert ann is not None and ann.properties["email"] == "ann@acme.test"
    knows = await store.neighbours(["s-cat"], RelType.KNOWS, Direction.BOTH, member)
    assert knows == {"s-cat": []}
    hits = await store.search("ann", member)
    assert hits == []


async def test_knows_is_stored_once_and_read_both_ways(store: GraphStore) -> None:
    await _load(store)
    found = await store.neighbours(["s-ann", "s-cat"], RelType.KNOWS, Direction.BOTH)
    assert [n.id for n, _ in found["s-ann"]] == ["s-cat"]
    assert [n.id for n, _ in found["s-cat"]] == ["s-ann"]
    assert (await store.counts())[1]["KNOWS"] == 1


async def test_single_target_links_replace_the_old_one(store: GraphStore) -> None:
    await _load(store)
    row, _ = validate_relationship({"type": "WORKS_IN", "from": "s-bob", "to": "d-it"})
    assert row is not None
    await store.upsert_relationships([row])
    found = await store.neighbours(["s-bob"], RelType.WORKS_IN, Direction.OUT)
    assert [n.id for n, _ in found["s-bob"]] == ["d-it"]


async def test_delete_refuses_dependants_unless_cascade(store: GraphStore) -> None:
    await _load(store)
    with pytest.raises(HasDependants):
        await store.delete_node("c-acme")
    deleted = await store.delete_node("c-acme", cascade=True)
    assert set(deleted) == {"c-acme", "d-it", "d-infra", "s-ann", "s-bob"}
    assert set(await store.get_nodes(["s-cat", "t-tom", "s-ann"])) == {"s-cat", "t-tom"}
    with pytest.raises(NotFound):
        await store.delete_node("c-acme")


async def test_relationship_map_by_rings(store: GraphStore) -> None:
    await _load(store)
    graph = await store.relationship_map("c-acme", depth=2, direction=Direction.OUT)
    assert graph is not None
    assert {(m.node.id, m.depth) for m in graph.nodes} == {("c-acme", 0), ("ind-auto", 1), ("d-it", 1)}
    graph = await store.relationship_map("c-acme", depth=2, types=[RelType.HAS_DEPARTMENT, RelType.WORKS_IN])
    assert graph is not None
    assert {(m.node.id, m.depth) for m in graph.nodes} == {("c-acme", 0), ("d-it", 1), ("s-ann", 2)}
    assert {e.id for e in graph.edges} == {"HAS_DEPARTMENT:c-acme->d-it", "WORKS_IN:s-ann->d-it"}
    small = await store.relationship_map("c-acme", depth=3, limit=3)
    assert small is not None and small.truncated and len(small.nodes) == 3
    assert await store.relationship_map("nobody") is None


async def test_relationship_map_without_properties_is_the_same_map(store: GraphStore) -> None:
    await _load(store)
    for depth in (1, 2, 3):
        full = await store.relationship_map("c-acme", depth=depth)
        names = await store.relationship_map("c-acme", depth=depth, properties=False)
        assert full is not None and names is not None
        assert [(m.node.id, m.node.label, m.node.name, m.depth) for m in names.nodes] == [
            (m.node.id, m.node.label, m.node.name, m.depth) for m in full.nodes
        ]
        assert [e.id for e in names.edges] == [e.id for e in full.edges]
        assert names.truncated == full.truncated
        # The root is read on its own, whole; the rest carry only a name.
        assert all(set(m.node.properties) <= {"name"} for m in names.nodes[1:])
        assert all(e.properties == {} for e in names.edges)
    assert any(len(m.node.properties) > 1 for m in full.nodes[1:])


async def test_relationship_map_reads_node_and_edge_properties_apart(store: GraphStore) -> None:
    await _load(store)
    for depth in (1, 2, 3):
        full = await store.relationship_map("c-acme", depth=depth)
        nodes_only = await store.relationship_map("c-acme", depth=depth, edge_properties=False)
        edges_only = await store.relationship_map(
            "c-acme", depth=depth, properties=False, edge_properties=True
        )
        assert full is not None and nodes_only is not None and edges_only is not None
        for part in (nodes_only, edges_only):
            assert [(m.node.id, m.depth) for m in part.nodes] == [(m.node.id, m.depth) for m in full.nodes]
            assert [e.id for e in part.edges] == [e.id for e in full.edges]
            assert part.truncated == full.truncated
        assert [m.node for m in nodes_only.nodes] == [m.node for m in full.nodes]
        assert all(e.properties == {} for e in nodes_only.edges)
        assert [e.properties for e in edges_only.edges] == [e.properties for e in full.edges]
        assert all(set(m.node.properties) <= {"name"} for m in edges_only.nodes[1:])
        assert any(e.properties for e in full.edges)


async def test_org_chart_is_a_tree(store: GraphStore) -> None:
    await _load(store)
    chart = await store.org_chart("c-acme")
    assert chart is not None
    assert [u.department.id for u in chart.roots] == ["d-it"]
    it = chart.roots[0]
    assert [m.stakeholder.id for m in it.members] == ["s-ann"]
    assert [u.department.id for u in it.children] == ["d-infra"]
    bob = it.children[0].members[0]
    assert (bob.stakeholder.id, bob.manager_id) == ("s-bob", "s-ann")
    assert await store.org_chart("s-ann") is None


async def test_list_filters_order_and_count(store: GraphStore) -> None:
    await _load(store)
    items, total = await store.list_nodes(Label.CUSTOMER, enum_filters={"tier": ["KEY"]})
    assert ([c.id for c in items], total) == (["c-acme"], 1)
    items, total = await store.list_nodes(
        Label.STAKEHOLDER, order_by="NAME", descending=True, skip=1, limit=1
    )
    assert ([s.id for s in items], total) == (["s-bob"], 3)
    items, total = await store.list_nodes(Label.CUSTOMER, industry_id="ind-auto", name_contains="beta")
    assert ([c.id for c in items], total) == (["c-beta"], 1)


async def test_export_scope_for_analytics(store: GraphStore) -> None:
    await _load(store)
    account = await store.export_scope(ExportScope.customer("c-acme"))
    ids = {n.id for n in account.nodes}
    assert {"c-acme", "d-it", "d-infra", "s-ann", "s-bob", "t-tom", "sup-us", "ind-auto", "s-cat"} == ids
    assert {e.type for e in account.edges} >= {"KNOWS", "RELATES_TO", "REPORTS_TO", "SUPPLIES"}
    whole = await store.export_scope(ExportScope.everything())
    assert len(whole.edges) == len(DOC["relationships"])
    weighted = {(e.type, e.props.get("strength")) for e in whole.edges if e.type in ("KNOWS", "RELATES_TO")}
    assert weighted == {("KNOWS", 0.6), ("RELATES_TO", 0.8)}
    assert next(e for e in whole.edges if e.type == "REPORTS_TO").props == {}
    assert whole.version == await store.version()
    industry = await store.export_scope(ExportScope.industry("ind-auto"))
    assert {"s-ann", "s-cat", "ind-auto"} <= {n.id for n in industry.nodes}


async def test_record_contact_never_moves_backwards(store: GraphStore) -> None:
    await _load(store)
    assert await store.record_contact("t-tom", "s-bob", "2026-05-01T00:00:00Z") == "2026-05-01T00:00:00Z"
    assert await store.record_contact("t-tom", "s-bob", "2026-01-01T00:00:00Z") == "2026-05-01T00:00:00Z"


async def test_record_contacts_refreshes_every_pair_in_one_write(store: GraphStore) -> None:
    await _load(store)
    version = await store.version()
    found = await store.record_contacts(
        [("t-tom", "s-bob"), ("t-tom", "s-ann"), ("t-tom", "s-bob")], "2026-05-01T00:00:00Z"
    )
    assert found == {("t-tom", "s-bob"): "2026-05-01T00:00:00Z", ("t-tom", "s-ann"): "2026-05-01T00:00:00Z"}
    # The version grows by the relationships changed: two (s-bob's is new, s-ann's moved forward).
    assert await store.version() == version + 2
    again = await store.record_contacts([("t-tom", "s-bob"), ("t-tom", "s-ann")], "2026-04-01T00:00:00Z")
    assert set(again.values()) == {"2026-05-01T00:00:00Z"}
    assert await store.version() == version + 2


def test_an_interaction_dated_beyond_tomorrow_is_refused() -> None:
    def at(when: datetime) -> list[str]:
        raw = {
            "label": "Interaction",
            "id": "i",
            "properties": {"name": "Call", "kind": "CALL", "at": when.isoformat()},
        }
        return [e.field for e in validate_node(raw)[1]]

    now = datetime.now(UTC)
    assert at(now + timedelta(days=2)) == ["properties.at"]
    assert at(now + timedelta(hours=23)) == []
    assert at(now - timedelta(days=400)) == []


@pytest.mark.parametrize(
    ("odd_id", "odd"),
    [("", ""), ("\x1f", ""), ("", "\x1f"), ("", "\x1e")],
    ids=["plain", "separator-in-an-id", "separator-in-values", "other-control-character"],
)
async def test_whole_export_keeps_each_value_and_its_type(store: GraphStore, odd_id: str, odd: str) -> None:
    # Bulk reads may ship columns packed; a value holding the packing's
    # separator must come back the same, through the row-by-row form.
    doc = {
        "nodes": [
            {
                "label": "Customer",
                "id": f"c{odd_id}1",
                "properties": {
                    "name": f'Ac"me \\ \n ü{odd}',
                    "region": "",
                    "employees": 12,
                    "annualRevenue": 1234.5,
                },
            },
            {"label": "Customer", "id": "c2", "properties": {"name": "Beta"}},
            {"label": "Supplier", "id": "s1", "properties": {"name": "Us", "isUs": True}},
            {"label": "Supplier", "id": "s2", "properties": {"name": "Them", "isUs": False}},
        ],
        "relationships": [
            {
                "type": "SUPPLIES",
                "from": "s1",
                "to": f"c{odd_id}1",
                "properties": {"category": f'Parts "A"{odd}', "annualValue": 12.5},
            },
            {"type": "SUPPLIES", "from": "s2", "to": "c2"},
        ],
    }
    assert (await import_document(store, doc)).ok
    whole = await store.export_scope(ExportScope.everything())
    nodes = {n.id: n for n in whole.nodes}
    acme = nodes[f"c{odd_id}1"]
    assert (acme.name, acme.account_id) == (f'Ac"me \\ \n ü{odd}', f"c{odd_id}1")
    assert acme.props == {"region": "", "employees": 12, "annualRevenue": 1234.5}
    assert type(acme.props["employees"]) is int
    assert nodes["c2"].props == {}
    assert (nodes["s1"].props, nodes["s2"].props) == ({"isUs": True}, {"isUs": False})
    assert nodes["s1"].account_id is None
    assert sorted((e.type, e.source, e.target) for e in whole.edges) == [
        ("SUPPLIES", "s1", f"c{odd_id}1"),
        ("SUPPLIES", "s2", "c2"),
    ]
    for properties in (True, False):
        graph = await store.relationship_map("s1", depth=1, properties=properties)
        assert graph is not None
        stored = await store.get_nodes([n.node.id for n in graph.nodes])
        names = [(n.node.id, n.node.name) for n in graph.nodes]
        assert names == [("s1", "Us"), (f"c{odd_id}1", f'Ac"me \\ \n ü{odd}')]
        if properties:
            assert [n.node for n in graph.nodes] == [stored[n.node.id] for n in graph.nodes]
            (supplies,) = graph.edges
            assert (supplies.properties["category"], supplies.properties["annualValue"]) == (
                f'Parts "A"{odd}',
                12.5,
            )


async def test_untruncated_maps_hold_every_relationship_among_their_nodes(store: GraphStore) -> None:
    # The outer ring is never expanded; its relationships are found by
    # separate reads, whose shortcuts must not lose any.
    assert (await load_demo(store)).ok
    stored = [(r["type"], r["from"], r["to"]) for r in (await store.dump())["relationships"]]
    roots = [n["id"] for n in demo_document()["nodes"] if n["label"] in ("Customer", "Stakeholder")][::7]
    for root, depth, direction, types in itertools.product(
        roots, (1, 2, 3), Direction, (None, (RelType.KNOWS, RelType.REPORTS_TO, RelType.WORKS_IN))
    ):
        maps = [
            await store.relationship_map(
                root, depth=depth, direction=direction, types=types, limit=5_000, properties=properties
            )
            for properties in (True, False)
        ]
        assert maps[0] is not None and maps[1] is not None and not maps[0].truncated
        mapped = {n.node.id for n in maps[0].nodes}
        among = {
            f"{t}:{s}->{d}"
            for t, s, d in stored
            if s in mapped and d in mapped and (types is None or t in {x.value for x in types})
        }
        case = (root, depth, direction, types)
        assert {e.id for e in maps[0].edges} == among, case
        assert {e.id for e in maps[1].edges} == among, case
        assert {n.node.id for n in maps[1].nodes} == mapped, case


@pytest.mark.parametrize("pii", [True, False], ids=["all-fields", "no-pii"])
async def test_map_properties_are_the_stored_ones(store: GraphStore, pii: bool) -> None:
    # Walks read names; properties are read afterwards, for the nodes kept.
    assert (await load_demo(store)).ok
    access = AccessScope(accounts=None, pii=pii)
    dumped = {(r["type"], r["from"], r["to"]): r["properties"] for r in (await store.dump())["relationships"]}
    for root in ("cust-northwind", "cust-solenne"):
        graph = await store.relationship_map(root, access, depth=2, limit=5_000)
        assert graph is not None and len(graph.nodes) > 20
        stored = await store.get_nodes([n.node.id for n in graph.nodes], access)
        assert [n.node for n in graph.nodes] == [stored[n.node.id] for n in graph.nodes]
        for edge in graph.edges:
            assert set(edge.properties) >= {"createdAt", "updatedAt"}, edge
            assert edge.properties == dumped[edge.type, edge.source, edge.target], edge


class _FailingWalks:
    """The store's engine, failing the second walk of a map (after the first one's nodes are being read)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.walks = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    async def read_columns(self, read: Any, params: Any) -> list[list[Any]]:
        if read.name.startswith("HOP_"):
            self.walks += 1
            if self.walks == 2:
                raise ConnectionError("engine went away")
        return list(await self.inner.read_columns(read, params))


async def test_a_map_that_fails_leaves_no_reads_behind(store: GraphStore) -> None:
    assert (await load_demo(store)).ok
    store.engine = _FailingWalks(store.engine)  # type: ignore[assignment]
    with pytest.raises(ConnectionError):
        await store.relationship_map("cust-northwind", depth=2)
    # The property reads started for the first walk's nodes were cancelled.
    await asyncio.sleep(0)
    others = {t for t in asyncio.all_tasks() if t is not asyncio.current_task() and not t.done()}
    assert {t for t in others if t.get_name() != WATCH_TASK} == set()


async def test_map_of_a_node_without_relationships(store: GraphStore) -> None:
    assert (await import_document(store, {"nodes": [DOC["nodes"][0]], "relationships": []})).ok
    for properties in (True, False):
        graph = await store.relationship_map("ind-auto", depth=3, properties=properties)
        assert graph is not None
        assert ([n.node.id for n in graph.nodes], graph.edges, graph.truncated) == (["ind-auto"], [], False)


# -- one source of truth, change detection, one row per entity ------------------


async def test_reimport_moves_no_timestamp_and_no_version(store: GraphStore) -> None:
    await _load(store)
    version = await store.version()
    stamps = {n.id: n.properties["updatedAt"] for n in (await store.get_nodes(["s-ann", "c-acme"])).values()}
    await _load(store)
    assert await store.version() == version
    again = await store.get_nodes(["s-ann", "c-acme"])
    assert {n.id: n.properties["updatedAt"] for n in again.values()} == stamps
    dumped = await store.dump()
    assert dumped == await store.dump()


async def test_only_a_real_change_moves_updated_at_and_the_version(store: GraphStore) -> None:
    await _load(store)
    version = await store.version()
    before = await store.get_node("s-bob")
    assert before is not None
    same, _ = validate_node(
        {"label": "Stakeholder", "id": "s-bob", "properties": {"name": "Bob Baker", "title": "Infra lead"}}
    )
    assert same is not None
    await store.upsert_nodes([same])
    unchanged = await store.get_node("s-bob")
    assert unchanged is not None and unchanged.properties["updatedAt"] == before.properties["updatedAt"]
    assert await store.version() == version
    moved, _ = validate_node(
        {"label": "Stakeholder", "id": "s-bob", "properties": {"name": "Bob Baker", "title": "CTO"}}
    )
    assert moved is not None
    await asyncio.sleep(0.002)  # timestamps have millisecond resolution
    await store.upsert_nodes([moved])
    changed = await store.get_node("s-bob")
    assert changed is not None and changed.properties["title"] == "CTO"
    assert changed.properties["updatedAt"] > before.properties["updatedAt"]
    assert await store.version() == version + 1
    same_tie, _ = validate_relationship(
        {"type": "KNOWS", "from": "s-ann", "to": "s-cat", "properties": {"strength": 0.6}}
    )
    assert same_tie is not None
    await store.upsert_relationships([same_tie])
    assert await store.version() == version + 1


async def test_export_wipe_import_export_is_identical_timestamps_included(store: GraphStore) -> None:
    await _load(store)
    moved, _ = validate_node(
        {"label": "Stakeholder", "id": "s-bob", "properties": {"name": "Bob Baker", "title": "CTO"}}
    )
    assert moved is not None
    await asyncio.sleep(0.002)  # so s-bob's updatedAt differs from its createdAt
    await store.upsert_nodes([moved])
    exported = await store.dump()
    bob = next(n for n in exported["nodes"] if n["id"] == "s-bob")["properties"]
    assert bob["updatedAt"] > bob["createdAt"]
    assert all({"createdAt", "updatedAt"} <= set(r["properties"]) for r in exported["relationships"])

    await store.engine.drop_all()
    await store.engine.ensure_schema()
    await asyncio.sleep(0.002)  # a restamped value would differ from the exported one
    report = await import_document(store, exported)
    assert report.ok, report.errors
    assert await store.dump() == exported
    version = await store.version()
    assert (await import_document(store, exported)).ok
    assert await store.version() == version


async def test_imported_timestamps_are_kept_and_each_is_optional(store: GraphStore) -> None:
    doc = {
        "nodes": [
            {
                "label": "Industry",
                "id": "ind-old",
                "properties": {
                    "name": "Old",
                    "createdAt": "2020-01-02",
                    "updatedAt": "2021-03-04T05:06:07+02:00",
                },
            },
            {
                "label": "Industry",
                "id": "ind-half",
                "properties": {"name": "Half", "createdAt": "2019-05-06"},
            },
            {"label": "Industry", "id": "ind-bad", "properties": {"name": "Bad", "updatedAt": "yesterday"}},
        ],
        "relationships": [],
    }
    report = await import_document(store, doc)
    assert [(e.index, e.field) for e in report.errors] == [(2, "properties.updatedAt")]
    doc["nodes"].pop()
    started = utc_now()
    assert (await import_document(store, doc)).ok
    stored = await store.get_nodes(["ind-old", "ind-half"])
    assert stored["ind-old"].properties["createdAt"] == "2020-01-02T00:00:00.000Z"
    assert stored["ind-old"].properties["updatedAt"] == "2021-03-04T03:06:07.000Z"
    half = stored["ind-half"].properties
    assert half["createdAt"] == "2019-05-06T00:00:00.000Z"
    assert half["updatedAt"] >= started  # not given, so stamped by the write


async def test_duplicate_rows_are_refused_naming_both_rows_and_ids(store: GraphStore) -> None:
    doc = {
        "nodes": [
            *DOC["nodes"],
            {"label": "Stakeholder", "id": "s-bob", "properties": {"name": "Bob again"}},
        ],
        "relationships": [
            *DOC["relationships"],
            {"type": "KNOWS", "from": "s-ann", "to": "s-cat", "properties": {"strength": 0.9}},
            {"type": "WORKS_IN", "from": "s-bob", "to": "d-it"},
        ],
    }
    report = await import_document(store, doc)
    assert not report.ok
    nodes, rels = len(DOC["nodes"]), len(DOC["relationships"])
    found = {(e.section, e.index, e.row_id): e.reason for e in report.errors}
    bob = DOC["nodes"].index(next(n for n in DOC["nodes"] if n["id"] == "s-bob"))
    assert found["nodes", nodes, "s-bob"] == f"id 's-bob' is also at nodes[{bob}]: one row per node"
    knows = next(i for i, r in enumerate(DOC["relationships"]) if r["type"] == "KNOWS")
    assert found["relationships", rels, "KNOWS s-ann->s-cat"] == (
        f"the same relationship is also at relationships[{knows}]: one row per relationship"
    )
    works = next(
        i for i, r in enumerate(DOC["relationships"]) if r["type"] == "WORKS_IN" and r["from"] == "s-bob"
    )
    assert found["relationships", rels + 1, "WORKS_IN s-bob->d-it"] == (
        f"'s-bob' has one WORKS_IN, also given at relationships[{works}]"
    )
    assert "(s-bob)" in str(next(e for e in report.errors if e.section == "nodes"))
    assert await store.counts() == ({}, {})


async def test_store_check_errors_point_at_document_rows(store: GraphStore) -> None:
    # A bad row before a valid one: the store's checks number valid rows only,
    # yet the report must name the row in the document.
    doc = {
        "nodes": [{"label": "Stakeholder", "id": "s-1", "properties": {"seniority": "BOSS"}}, *DOC["nodes"]],
        "relationships": [
            {"type": "NOPE", "from": "a", "to": "b"},
            {"type": "KNOWS", "from": "s-ann", "to": "nobody"},
        ],
    }
    report = await import_document(store, doc)
    assert {(e.section, e.index, e.row_id, e.field) for e in report.errors} >= {
        ("relationships", 1, "KNOWS s-ann->nobody", "to")
    }


async def test_a_write_outside_the_store_is_seen_the_same_by_every_read_path(store: GraphStore) -> None:
    await _load(store)
    # Another tool (a migration, a fix-up) writes straight to the database.
    rename = "MATCH (n:Stakeholder {id: 's-bob'}) SET n.name = 'Robert Quill', n.title = 'Chief Architect'"
    await store.engine.write(Write("TEST_RAW_RENAME", rename), {})
    strength = "MATCH (:Stakeholder {id: 's-ann'})-[r:KNOWS]-() SET r.strength = 0.95"
    await store.engine.write(Write("TEST_RAW_STRENGTH", strength), {})
    want = {"name": "Robert Quill", "title": "Chief Architect"}

    def seen(props: dict[str, Any]) -> dict[str, Any]:
        return {k: props.get(k) for k in want}

    got = await store.get_node("s-bob")
    assert got is not None and seen(got.properties) == want
    items, _ = await store.list_nodes(Label.STAKEHOLDER, name_contains="quill")
    assert [seen(i.properties) for i in items] == [want]
    graph = await store.relationship_map("c-acme", depth=3)
    assert graph is not None
    assert seen(next(m.node for m in graph.nodes if m.node.id == "s-bob").properties) == want
    assert {e.properties.get("strength") for e in graph.edges if e.type == "KNOWS"} == {0.95}
    chart = await store.org_chart("c-acme")
    assert chart is not None
    assert seen(chart.roots[0].children[0].members[0].stakeholder.properties) == want
    hits = await store.search("Quill")
    assert [seen(node.properties) for node, _ in hits] == [want]
    dumped = next(n for n in (await store.dump())["nodes"] if n["id"] == "s-bob")
    assert seen(dumped["properties"]) == want
    knows = next(r for r in (await store.dump())["relationships"] if r["type"] == "KNOWS")
    assert knows["properties"]["strength"] == 0.95
    for scope in (ExportScope.customer("c-acme"), ExportScope.everything()):
        exported = await store.export_scope(scope)
        bob = next(n for n in exported.nodes if n.id == "s-bob")
        assert (bob.name, bob.props.get("title")) == ("Robert Quill", "Chief Architect")
        assert {e.props["strength"] for e in exported.edges if e.type == "KNOWS"} == {0.95}


class _Recording:
    """Passes every call to the engine and keeps the statements and bulk reads it was sent."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.sent: set[str] = set()
        self.bulk: set[str] = set()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    async def read(self, statement: str, params: Any) -> Any:
        self.sent.add(statement)
        return await self.inner.read(statement, params)

    async def write(self, statement: Write, params: Any) -> Any:
        self.sent.add(statement.text)
        return await self.inner.write(statement, params)

    async def read_columns(self, read: Any, params: Any) -> Any:
        self.bulk.add(read.name)
        assert COLUMN_READS[read.name] is read
        return await self.inner.read_columns(read, params)


async def test_the_store_sends_only_catalogued_statements(store: GraphStore) -> None:
    recording = _Recording(store.engine)
    store.engine = recording  # type: ignore[assignment]
    await _load(store)
    await store.record_contact("t-tom", "s-bob", "2026-05-01T00:00:00Z")
    assert await store.unlink(RelType.KNOWS, "s-ann", "s-cat")
    for depth, full in itertools.product((1, 2, 3), (True, False)):
        await store.relationship_map("c-acme", depth=depth, properties=full)
    await store.relationship_map("c-acme", depth=2, direction=Direction.OUT)
    await store.org_chart("c-acme")
    await store.list_nodes(Label.STAKEHOLDER, industry_id="ind-auto")
    await store.neighbours(["s-ann"], RelType.REPORTS_TO, Direction.IN)
    await store.account_members(["c-acme"], Label.STAKEHOLDER)
    for scope in (ExportScope.customer("c-acme"), ExportScope.industry("ind-auto"), ExportScope.everything()):
        await store.export_scope(scope)
    await store.dump()
    await store.counts()
    await store.delete_node("c-beta", cascade=True)
    catalogue = set(STATEMENTS.values())
    assert recording.sent and recording.sent <= catalogue, recording.sent - catalogue
    assert recording.bulk <= set(COLUMN_READS)
