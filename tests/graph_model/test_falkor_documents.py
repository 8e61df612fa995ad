"""FalkorDB's property documents: always what is stored, read in place of columns, never shown."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import orjson
import pytest

from graph_model import cypher
from graph_model.columns import ColumnRead, rows_to_result
from graph_model.engines.falkor_columns import SEPARATOR, packed_statement, unpack
from graph_model.importer import import_document
from graph_model.model import DOCUMENT_PROPERTY, Direction, Label, RelType
from graph_model.opening import open_store
from graph_model.settings import StoreSettings
from graph_model.store import GraphStore
from seeds.demo import load_demo

# Every character JSON must escape, and some it must not.  Names stay plain:
# the separator in a name would send a column read back to rows (tested in
# test_store_contract), and here the documents' own path is under test.
ODD = 'q"b\\s/' + "".join(chr(code) for code in range(1, 0x20)) + "ü€😀'"

ODD_DOC: dict[str, Any] = {
    "nodes": [
        {
            "label": "Customer",
            "id": "c-odd",
            "properties": {"name": "Odd Co", "region": ODD, "annualRevenue": 2.0, "employees": 7},
        },
        {"label": "Department", "id": "d-odd", "properties": {"name": "Odd dept", "function": "TECHNICAL"}},
        {"label": "Stakeholder", "id": "s-odd", "properties": {"name": "Odd One", "title": "", "email": ODD}},
        {"label": "Stakeholder", "id": "s-two", "properties": {"name": "Two"}},
        {"label": "TeamMember", "id": "t-odd", "properties": {"name": "Tom"}},
    ],
    "relationships": [
        {"type": "HAS_DEPARTMENT", "from": "c-odd", "to": "d-odd"},
        {"type": "WORKS_IN", "from": "s-odd", "to": "d-odd", "properties": {"title": ODD}},
        {"type": "KNOWS", "from": "s-two", "to": "s-odd", "properties": {"strength": 0.25, "context": ODD}},
        {"type": "RELATES_TO", "from": "t-odd", "to": "s-odd", "properties": {"strength": 1.0}},
    ],
}

ALL_NODES = "MATCH (n:Entity) RETURN n.id AS id, properties(n) AS props"
ALL_RELS = (
    "MATCH (a:Entity)-[r]->(b:Entity) RETURN a.id + '-' + type(r) + '-' + b.id AS id, properties(r) AS props"
)


@pytest.fixture
async def falkor(store_settings: StoreSettings) -> AsyncIterator[GraphStore]:
    async with open_store(store_settings) as opened:
        yield opened
        await opened.engine.drop_all()


async def _load(store: GraphStore) -> None:
    await load_demo(store)
    report = await import_document(store, ODD_DOC)
    assert report.ok, report.errors


async def _stored_and_documented(store: GraphStore, statement: str) -> list[tuple[str, Any, Any]]:
    """(id, properties a document should hold, the document parsed) for every entity."""
    found = []
    for entity_id, props in await store.engine.read(statement, {}):
        document = props.pop(DOCUMENT_PROPERTY, None)
        expected = {k: v for k, v in props.items() if k not in ("id", "accountId")}
        found.append((entity_id, expected, None if document is None else orjson.loads(document)))
    return found


async def _assert_documents_match(store: GraphStore) -> None:
    for statement in (ALL_NODES, ALL_RELS):
        for entity_id, expected, document in await _stored_and_documented(store, statement):
            assert document == expected, entity_id


async def test_every_write_leaves_a_document_of_what_is_stored(falkor: GraphStore) -> None:
    await _load(falkor)
    # An update keeps what it does not name, and a null removes a property.
    odd = {"label": "Stakeholder", "id": "s-odd", "properties": {"name": ODD, "title": "CTO", "email": None}}
    assert (await import_document(falkor, {"nodes": [odd], "relationships": []})).ok
    assert await falkor.record_contact("t-odd", "s-odd", "2026-05-01T00:00:00Z")
    # Each character that needs escaping on its own, and at either end.
    specials = ['"', "\\", *(chr(code) for code in range(1, 0x20))]
    industries = [
        {"label": "Industry", "id": f"ind-{i}", "properties": {"name": f"{c}x{c}y{c}"}}
        for i, c in enumerate(specials)
    ]
    assert (await import_document(falkor, {"nodes": industries, "relationships": []})).ok
    await _assert_documents_match(falkor)
    stored = await falkor.get_nodes(["s-odd"])
    assert stored["s-odd"].properties["name"] == ODD
    assert stored["s-odd"].properties["title"] == "CTO"
    assert "email" not in stored["s-odd"].properties


def _map_reads() -> list[tuple[ColumnRead, str]]:
    """Every read of a full map, with the label of the ids it is given."""
    walks = [cypher.HOP[d, True] for d in (Direction.OUT, Direction.IN)]
    walks += [cypher.EDGES_AMONG[d, True] for d in (Direction.OUT, Direction.IN)]
    nodes = [(cypher.NODE_PROPERTIES[label], label.value) for label in Label]
    return [(read, "Entity") for read in walks] + nodes


async def _read_documented(
    store: GraphStore, read: ColumnRead, params: dict[str, Any]
) -> list[list[Any]] | None:
    rows = await store.engine.read(packed_statement(read, documents=True), {**params, "separator": SEPARATOR})
    count, *joined = rows[0]
    return unpack(read, count, joined, documents=True)


async def _map_read_params(store: GraphStore, label: str = "Entity") -> dict[str, Any]:
    ids = [row[0] for row in await store.engine.read(f"MATCH (n:{label}) RETURN n.id", {})]
    return {"frontier": ids, "ids": ids, "types": None, "rowLimit": 10_000, "seeAll": True, "accounts": []}


async def test_map_reads_take_their_properties_from_the_documents(falkor: GraphStore) -> None:
    await _load(falkor)
    for read, label in _map_reads():
        params = await _map_read_params(falkor, label)
        from_documents = await _read_documented(falkor, read, params)
        from_rows = rows_to_result(read, await falkor.engine.read(read.statement, params))
        assert from_documents is not None, read.name
        assert from_documents == from_rows, read.name
        assert any(from_rows[0]), read.name
        assert from_documents[-1] == from_rows[-1], read.name


async def test_whole_doubles_stay_doubles(falkor: GraphStore) -> None:
    await _load(falkor)
    graph = await falkor.relationship_map("c-odd", depth=3)
    assert graph is not None
    customer = next(n.node for n in graph.nodes if n.node.id == "c-odd")
    revenue = customer.properties["annualRevenue"]
    assert revenue == 2.0 and isinstance(revenue, float)
    relates = next(e for e in graph.edges if e.type == "RELATES_TO")
    strength = relates.properties["strength"]
    assert strength == 1.0 and isinstance(strength, float)
    employees = customer.properties["employees"]
    assert employees == 7 and isinstance(employees, int)


async def test_undocumented_entities_are_read_from_columns_then_given_documents(
    falkor: GraphStore,
) -> None:
    await _load(falkor)
    # As a graph written before documents existed.
    await falkor.engine.write(f"MATCH (n:Stakeholder) SET n.{DOCUMENT_PROPERTY} = NULL", {})
    await falkor.engine.write(f"MATCH ()-[r:RELATES_TO]->() SET r.{DOCUMENT_PROPERTY} = NULL", {})
    await falkor.engine.write("MATCH (m:GraphMeta) SET m.documents = NULL", {})
    params = await _map_read_params(falkor, "Stakeholder")
    read = cypher.NODE_PROPERTIES[Label.STAKEHOLDER]
    assert await _read_documented(falkor, read, params) is None
    expected = rows_to_result(read, await falkor.engine.read(read.statement, params))
    assert await falkor.engine.read_columns(read, params) == expected

    await falkor.engine.ensure_schema()
    await _assert_documents_match(falkor)
    assert await _read_documented(falkor, read, params) == expected


async def test_a_new_document_version_rebuilds_every_document(falkor: GraphStore) -> None:
    await _load(falkor)
    stale = f"MATCH (n:Entity {{id: 's-odd'}}) SET n.{DOCUMENT_PROPERTY} = '{{\"name\": \"stale\"}}'"
    await falkor.engine.write(stale, {})
    await falkor.engine.write("MATCH (m:GraphMeta) SET m.documents = 0", {})
    await falkor.engine.ensure_schema()
    await _assert_documents_match(falkor)


async def test_documents_never_show_as_properties(falkor: GraphStore) -> None:
    await _load(falkor)
    nodes = await falkor.get_nodes(["s-odd", "c-odd", "d-odd"])
    assert all(DOCUMENT_PROPERTY not in n.properties for n in nodes.values())
    neighbours = await falkor.neighbours(["s-odd"], RelType.RELATES_TO, Direction.IN)
    assert neighbours["s-odd"]
    assert all(
        DOCUMENT_PROPERTY not in n.properties and DOCUMENT_PROPERTY not in r for n, r in neighbours["s-odd"]
    )
    hits = await falkor.search("Odd")
    assert hits and all(DOCUMENT_PROPERTY not in node.properties for node, _ in hits)
    dumped = await falkor.dump()
    for row in [*dumped["nodes"], *dumped["relationships"]]:
        assert DOCUMENT_PROPERTY not in row["properties"]
    graph = await falkor.relationship_map("c-odd", depth=3)
    assert graph is not None
    assert all(DOCUMENT_PROPERTY not in n.node.properties for n in graph.nodes)
    assert all(DOCUMENT_PROPERTY not in e.properties for e in graph.edges)
