"""Graph-shaped reads over HTTP: relationship maps, org charts and search,
checked against answers worked out by hand on the seed graph (tests/api/support.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from graph_model import cypher
from graph_model.model import Label
from tests.api.support import CountingEngine, Gql, ids, seeded_graph
from tests.graph_targets import GraphTarget


@pytest.fixture(scope="module")
async def seeded(
    graph_target: GraphTarget, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[tuple[Gql, CountingEngine]]:
    async with seeded_graph(graph_target, tmp_path_factory.mktemp("keys")) as seeded:
        yield seeded


@pytest.fixture
def read(seeded: tuple[Gql, CountingEngine]) -> Gql:
    return seeded[0]


async def data(gql: Gql, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    body = await gql(query, variables)
    assert "errors" not in body, body["errors"]
    result: dict[str, Any] = body["data"]
    return result


MAP = """query($root: ID!, $depth: Int!, $types: [RelationshipType!], $direction: Direction!, $limit: Int!) {
  relationshipMap(rootId: $root, depth: $depth, relationshipTypes: $types, direction: $direction,
                  limit: $limit) {
    rootId truncated nodeCount edgeCount
    nodes { id label name depth properties }
    edges { id source target type properties }
    elements
  }
}"""


async def relationship_map(
    gql: Gql,
    root: str,
    depth: int = 1,
    *,
    types: list[str] | None = None,
    direction: str = "BOTH",
    limit: int = 500,
) -> dict[str, Any]:
    got = await data(
        gql, MAP, {"root": root, "depth": depth, "types": types, "direction": direction, "limit": limit}
    )
    result: dict[str, Any] = got["relationshipMap"]
    return result


def depths(graph: dict[str, Any]) -> dict[str, int]:
    return {n["id"]: n["depth"] for n in graph["nodes"]}


def edge_set(graph: dict[str, Any]) -> set[tuple[str, str, str]]:
    found = {(e["type"], e["source"], e["target"]) for e in graph["edges"]}
    assert len(found) == len(graph["edges"]), "an edge appears twice"
    return found


# -- relationshipMap -------------------------------------------------------------

BOB_BOTH_NODES = {
    "s-bob": 0,
    "d-acme-it": 1,
    "s-ann": 1,
    "s-dan": 1,
    "sup-rival": 1,
    "s-gus": 1,
    "tm-finn": 1,
}
BOB_BOTH_EDGES = {
    ("WORKS_IN", "s-bob", "d-acme-it"),
    ("REPORTS_TO", "s-bob", "s-ann"),
    ("KNOWS", "s-bob", "s-dan"),
    ("PREFERS", "s-bob", "sup-rival"),
    ("REPORTS_TO", "s-gus", "s-bob"),
    ("INFLUENCES", "s-ann", "s-bob"),
    ("INFLUENCES", "s-dan", "s-bob"),
    ("RELATES_TO", "tm-finn", "s-bob"),
    # Among two nodes of the outer ring: drawn although not on a path from the root.
    ("WORKS_IN", "s-gus", "d-acme-it"),
}


async def test_map_depth_one_both_ways(read: Gql) -> None:
    graph = await relationship_map(read, "s-bob")
    assert graph["rootId"] == "s-bob"
    assert depths(graph) == BOB_BOTH_NODES
    assert edge_set(graph) == BOB_BOTH_EDGES
    assert (graph["nodeCount"], graph["edgeCount"], graph["truncated"]) == (7, 9, False)


async def test_map_outgoing_only(read: Gql) -> None:
    graph = await relationship_map(read, "s-bob", direction="OUT")
    assert depths(graph) == {"s-bob": 0, "d-acme-it": 1, "s-ann": 1, "s-dan": 1, "sup-rival": 1}
    # Every relationship among the reached nodes is drawn, whichever way it points.
    assert edge_set(graph) == {
        ("WORKS_IN", "s-bob", "d-acme-it"),
        ("REPORTS_TO", "s-bob", "s-ann"),
        ("KNOWS", "s-bob", "s-dan"),
        ("PREFERS", "s-bob", "sup-rival"),
        ("INFLUENCES", "s-ann", "s-bob"),
        ("INFLUENCES", "s-dan", "s-bob"),
    }


async def test_map_incoming_only(read: Gql) -> None:
    graph = await relationship_map(read, "s-bob", direction="IN")
    # KNOWS has no direction, so it is followed as incoming too.
    assert depths(graph) == {"s-bob": 0, "s-gus": 1, "s-ann": 1, "s-dan": 1, "tm-finn": 1}
    assert edge_set(graph) == {
        ("REPORTS_TO", "s-gus", "s-bob"),
        ("INFLUENCES", "s-ann", "s-bob"),
        ("INFLUENCES", "s-dan", "s-bob"),
        ("RELATES_TO", "tm-finn", "s-bob"),
        ("REPORTS_TO", "s-bob", "s-ann"),
        ("KNOWS", "s-bob", "s-dan"),
    }


@pytest.mark.parametrize(("root", "other"), [("s-dan", "s-bob"), ("s-bob", "s-dan")])
@pytest.mark.parametrize("direction", ["OUT", "IN", "BOTH"])
async def test_knows_is_followed_in_every_direction(read: Gql, root: str, other: str, direction: str) -> None:
    graph = await relationship_map(read, root, types=["KNOWS"], direction=direction)
    assert depths(graph) == {root: 0, other: 1}
    assert edge_set(graph) == {("KNOWS", "s-bob", "s-dan")}


async def test_map_type_filter_by_depth(read: Gql) -> None:
    structure = ["HAS_DEPARTMENT", "PART_OF", "WORKS_IN"]
    two = await relationship_map(read, "c-acme", 2, types=structure)
    assert depths(two) == {
        "c-acme": 0,
        "d-acme-mgmt": 1,
        "d-acme-proc": 1,
        "d-acme-it": 2,
        "s-ann": 2,
        "s-cat": 2,
    }
    assert edge_set(two) == {
        ("HAS_DEPARTMENT", "c-acme", "d-acme-mgmt"),
        ("HAS_DEPARTMENT", "c-acme", "d-acme-proc"),
        ("PART_OF", "d-acme-it", "d-acme-mgmt"),
        ("WORKS_IN", "s-ann", "d-acme-mgmt"),
        ("WORKS_IN", "s-cat", "d-acme-proc"),
    }
    three = await relationship_map(read, "c-acme", 3, types=structure)
    assert depths(three) == {**depths(two), "s-bob": 3, "s-gus": 3}
    assert edge_set(three) == edge_set(two) | {
        ("WORKS_IN", "s-bob", "d-acme-it"),
        ("WORKS_IN", "s-gus", "d-acme-it"),
    }
    four = await relationship_map(read, "c-acme", 4, types=structure)
    assert four["nodes"] == three["nodes"]


async def test_map_follows_outgoing_chains(read: Gql) -> None:
    graph = await relationship_map(
        read, "s-gus", 2, types=["REPORTS_TO", "WORKS_IN", "PART_OF"], direction="OUT"
    )
    assert depths(graph) == {"s-gus": 0, "d-acme-it": 1, "s-bob": 1, "d-acme-mgmt": 2, "s-ann": 2}
    assert edge_set(graph) == {
        ("WORKS_IN", "s-gus", "d-acme-it"),
        ("REPORTS_TO", "s-gus", "s-bob"),
        ("WORKS_IN", "s-bob", "d-acme-it"),
        ("PART_OF", "d-acme-it", "d-acme-mgmt"),
        ("REPORTS_TO", "s-bob", "s-ann"),
        ("WORKS_IN", "s-ann", "d-acme-mgmt"),
    }


async def test_map_nodes_and_edges_carry_properties(read: Gql) -> None:
    graph = await relationship_map(read, "s-bob", types=["KNOWS", "PREFERS"])
    bob = next(n for n in graph["nodes"] if n["id"] == "s-bob")
    assert bob["label"] == "STAKEHOLDER"
    assert bob["name"] == "Bob Baker"
    assert bob["properties"]["title"] == "CTO"
    assert bob["properties"]["email"] == "bob@acme.test"
    assert "accountId" not in bob["properties"]
    knows = next(e for e in graph["edges"] if e["type"] == "KNOWS")
    assert knows["id"] == "KNOWS:s-bob->s-dan"
    assert knows["properties"]["strength"] == 0.7
    assert knows["properties"]["context"] == "conference"


async def test_elements_are_the_same_map_in_cytoscape_form(read: Gql) -> None:
    graph = await relationship_map(read, "c-acme", 2)
    elements = graph["elements"]
    assert set(elements) == {"nodes", "edges"}
    assert [e["data"]["id"] for e in elements["nodes"]] == ids(graph["nodes"])
    assert [e["data"]["id"] for e in elements["edges"]] == ids(graph["edges"])
    for element, mapped in zip(elements["nodes"], graph["nodes"], strict=True):
        # Labels as the import format and exports spell them (TeamMember, not TEAM_MEMBER).
        assert element["data"] == {
            **mapped["properties"],
            "id": mapped["id"],
            "label": Label[mapped["label"]].value,
            "name": mapped["name"],
            "depth": mapped["depth"],
        }
    for element, mapped in zip(elements["edges"], graph["edges"], strict=True):
        assert element["data"] == {
            **mapped["properties"],
            "id": mapped["id"],
            "source": mapped["source"],
            "target": mapped["target"],
            "type": mapped["type"],
        }
    ann = next(e["data"] for e in elements["nodes"] if e["data"]["id"] == "s-ann")
    assert (ann["label"], ann["title"], ann["depth"]) == ("Stakeholder", "CEO", 2)


async def test_limit_truncates_the_map(read: Gql) -> None:
    whole = await relationship_map(read, "c-acme", 4)
    assert whole["truncated"] is False
    assert whole["nodeCount"] > 5
    cut = await relationship_map(read, "c-acme", 4, limit=5)
    assert cut["truncated"] is True
    assert cut["nodeCount"] == 5
    kept = set(ids(cut["nodes"]))
    assert kept <= set(ids(whole["nodes"]))
    assert all(e["source"] in kept and e["target"] in kept for e in cut["edges"])
    # Nearer rings are kept before farther ones.
    assert max(n["depth"] for n in cut["nodes"]) <= 1
    exact = await relationship_map(read, "c-acme", 4, limit=whole["nodeCount"])
    assert exact["truncated"] is False
    assert exact["nodeCount"] == whole["nodeCount"]


@pytest.mark.parametrize(
    ("variables", "field"),
    [
        ({"depth": 5}, "depth"),
        ({"depth": 0}, "depth"),
        ({"depth": -1}, "depth"),
        ({"limit": 5001}, "limit"),
        ({"limit": 0}, "limit"),
    ],
)
async def test_depth_and_limit_are_capped(read: Gql, variables: dict[str, int], field: str) -> None:
    body = await read(
        MAP, {"root": "c-acme", "depth": 2, "direction": "BOTH", "limit": 500, **variables}, status=None
    )
    assert body["data"] == {"relationshipMap": None}
    [error] = body["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}
    assert error["path"] == ["relationshipMap"]


async def test_largest_allowed_map_is_accepted(read: Gql) -> None:
    graph = await relationship_map(read, "c-acme", 4, limit=5000)
    assert graph["truncated"] is False


async def test_map_of_unknown_root_is_not_found_naming_it(read: Gql) -> None:
    body = await read(MAP, {"root": "nope", "depth": 2, "direction": "BOTH", "limit": 10}, status=None)
    assert body["data"] == {"relationshipMap": None}
    assert [e["extensions"] for e in body["errors"]] == [{"code": "NOT_FOUND", "field": "rootId"}]


async def test_map_defaults(read: Gql) -> None:
    got = await data(read, '{ relationshipMap(rootId: "s-gus") { nodes { id depth } } }')
    # Default depth 2, both directions, every type.
    assert max(n["depth"] for n in got["relationshipMap"]["nodes"]) == 2
    assert {"s-ann", "s-dan", "d-acme-mgmt"} <= set(ids(got["relationshipMap"]["nodes"]))


async def test_map_entities_allow_typed_traversal(read: Gql) -> None:
    got = await data(
        read,
        """{ relationshipMap(rootId: "d-acme-it", depth: 1, relationshipTypes: [WORKS_IN]) {
        entities { __typename id ... on Stakeholder { reportsTo { id } } } } }""",
    )
    entities = got["relationshipMap"]["entities"]
    # The root first, then its ring in the map's own order.
    assert entities[0] == {"__typename": "Department", "id": "d-acme-it"}
    assert sorted(entities[1:], key=lambda e: e["id"]) == [
        {"__typename": "Stakeholder", "id": "s-bob", "reportsTo": {"id": "s-ann"}},
        {"__typename": "Stakeholder", "id": "s-gus", "reportsTo": {"id": "s-bob"}},
    ]


# -- orgChart ------------------------------------------------------------------

ORG = """query($id: ID!) { orgChart(customerId: $id) { truncated customer { id }
  unassigned { stakeholder { id } }
  roots { ...unit children { ...unit children { ...unit } } } } }
fragment unit on OrgChartUnit {
  department { id function } members { stakeholder { id title } reportsToId } }"""


async def test_org_chart_is_the_department_tree_with_reporting_lines(read: Gql) -> None:
    chart = (await data(read, ORG, {"id": "c-acme"}))["orgChart"]
    assert chart["customer"] == {"id": "c-acme"}
    assert (chart["truncated"], chart["unassigned"]) == (False, [])
    assert chart["roots"] == [
        {
            "department": {"id": "d-acme-mgmt", "function": "MANAGEMENT"},
            "members": [{"stakeholder": {"id": "s-ann", "title": "CEO"}, "reportsToId": None}],
            "children": [
                {
                    "department": {"id": "d-acme-it", "function": "TECHNICAL"},
                    "members": [
                        {"stakeholder": {"id": "s-bob", "title": "CTO"}, "reportsToId": "s-ann"},
                        {"stakeholder": {"id": "s-gus", "title": "Architect"}, "reportsToId": "s-bob"},
                    ],
                    "children": [],
                }
            ],
        },
        {
            "department": {"id": "d-acme-proc", "function": "PROCUREMENT"},
            "members": [
                {"stakeholder": {"id": "s-cat", "title": "Head of Purchasing"}, "reportsToId": "s-ann"}
            ],
            "children": [],
        },
    ]


async def test_org_chart_of_other_accounts(read: Gql) -> None:
    bolt = (await data(read, ORG, {"id": "c-bolt"}))["orgChart"]
    assert [r["department"]["id"] for r in bolt["roots"]] == ["d-bolt-eng"]
    assert bolt["roots"][0]["members"] == [
        {"stakeholder": {"id": "s-dan", "title": "Head of Engineering"}, "reportsToId": None}
    ]
    cure = (await data(read, ORG, {"id": "c-cure"}))["orgChart"]
    assert (cure["roots"], cure["unassigned"]) == ([], [])


@pytest.mark.parametrize("root", ["nope", "s-ann", "d-acme-it"])
async def test_org_chart_needs_a_customer(read: Gql, root: str) -> None:
    body = await read(ORG, {"id": root}, status=None)
    assert body["data"] == {"orgChart": None}
    assert [e["extensions"] for e in body["errors"]] == [{"code": "NOT_FOUND", "field": "customerId"}]


# -- search --------------------------------------------------------------------

SEARCH = """query($text: String!, $labels: [NodeLabel!], $first: Int! = 20, $after: String) {
  search(text: $text, labels: $labels, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { score node { __typename id label name } } } }"""


async def search(
    gql: Gql, text: str, labels: list[str] | None = None, first: int = 20
) -> list[dict[str, Any]]:
    found = (await data(gql, SEARCH, {"text": text, "labels": labels, "first": first}))["search"]
    return [
        {
            "id": hit["node"]["id"],
            "label": hit["node"]["label"],
            "name": hit["node"]["name"],
            "score": hit["score"],
            "node": {"__typename": hit["node"]["__typename"], "id": hit["node"]["id"]},
        }
        for hit in found["nodes"]
    ]


async def test_search_pages_on_within_its_window(read: Gql) -> None:
    first = (await data(read, SEARCH, {"text": "acme", "first": 2}))["search"]
    assert first["totalCount"] == 4 and first["pageInfo"]["hasNextPage"]
    rest = (await data(read, SEARCH, {"text": "acme", "first": 2, "after": first["pageInfo"]["endCursor"]}))[
        "search"
    ]
    assert rest["totalCount"] == 4 and not rest["pageInfo"]["hasNextPage"]
    seen = [h["node"]["id"] for h in (*first["nodes"], *rest["nodes"])]
    assert sorted(seen) == ["c-acme", "d-acme-it", "d-acme-mgmt", "d-acme-proc"]


async def test_search_matches_names_and_titles_by_prefix(read: Gql) -> None:
    ann = await search(read, "ann")
    assert [(h["id"], h["label"], h["name"], h["node"]) for h in ann] == [
        ("s-ann", "STAKEHOLDER", "Ann Archer", {"__typename": "Stakeholder", "id": "s-ann"})
    ]
    assert ann[0]["score"] > 0
    # "arch" prefixes Ann's surname and Gus's title.
    assert sorted(ids(await search(read, "arch"))) == ["s-ann", "s-gus"]
    assert ids(await search(read, "ARCHER ann")) == ["s-ann"]


async def test_search_filters_by_label_and_caps_results(read: Gql) -> None:
    assert ids(await search(read, "acme", ["CUSTOMER"])) == ["c-acme"]
    assert sorted(ids(await search(read, "acme", ["DEPARTMENT"]))) == [
        "d-acme-it",
        "d-acme-mgmt",
        "d-acme-proc",
    ]
    assert sorted(ids(await search(read, "acme", ["DEPARTMENT", "CUSTOMER"]))) == [
        "c-acme",
        "d-acme-it",
        "d-acme-mgmt",
        "d-acme-proc",
    ]
    assert len(await search(read, "acme", first=2)) == 2
    hits = await search(read, "acme")
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("text", ["", "   ", "*", 'ann" OR @name:*', "-|()~{}[]"])
async def test_search_treats_text_as_plain_words(read: Gql, text: str) -> None:
    hits = await search(read, text)
    assert all(h["id"] == "s-ann" for h in hits)


async def test_search_arguments_are_checked(read: Gql) -> None:
    body = await read(SEARCH, {"text": "x" * 201}, status=None)
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "text"}
    body = await read(SEARCH, {"text": "ann", "first": 1000}, status=None)
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "first"}


SHAPE_ONLY = """
query Shape($root: ID!) {
  relationshipMap(rootId: $root, depth: 2) {
    nodes { id label name depth }
    edges { id source target type }
    truncated
  }
}"""

WITH_FRAGMENT = """
query Shape($root: ID!) {
  relationshipMap(rootId: $root, depth: 2) { nodes { id ...Props } edges { id } }
}
fragment Props on MapNode { properties }"""


def hops_read(engine: CountingEngine, *, properties: bool, edge_properties: bool | None = None) -> int:
    """Walks read with node properties as asked (and their reads), and edge properties as asked
    (by default, as node properties)."""
    rels = properties if edge_properties is None else edge_properties
    wanted = {read.statement for (_, *forms), read in cypher.HOP.items() if forms == [properties, rels]}
    if properties:
        wanted |= {read.statement for read in cypher.NODE_PROPERTIES.values()}
    return sum(n for statement, n in engine.reads.items() if statement in wanted)


def walks_read(engine: CountingEngine) -> set[tuple[bool, bool]]:
    """Which (node properties, edge properties) forms of the walks were read."""
    forms = {read.statement: (nodes, rels) for (_, nodes, rels), read in cypher.HOP.items()}
    return {forms[statement] for statement in engine.reads if statement in forms}


async def test_map_without_properties_selected_is_the_same_map(
    read: Gql, seeded: tuple[Gql, CountingEngine]
) -> None:
    engine = seeded[1]
    engine.reset()
    full = await relationship_map(read, "c-acme", 2)
    assert hops_read(engine, properties=True) > 0 and hops_read(engine, properties=False) == 0
    engine.reset()
    shape = (await data(read, SHAPE_ONLY, {"root": "c-acme"}))["relationshipMap"]
    # Nothing selected needs properties: the rows carry names only.
    assert hops_read(engine, properties=False) > 0 and hops_read(engine, properties=True) == 0
    assert [(n["id"], n["label"], n["name"], n["depth"]) for n in shape["nodes"]] == [
        (n["id"], n["label"], n["name"], n["depth"]) for n in full["nodes"]
    ]
    assert [(e["id"], e["type"]) for e in shape["edges"]] == [(e["id"], e["type"]) for e in full["edges"]]
    assert shape["truncated"] == full["truncated"]


async def test_properties_asked_through_a_fragment_are_read(
    read: Gql, seeded: tuple[Gql, CountingEngine]
) -> None:
    full = await relationship_map(read, "c-acme", 2)
    seeded[1].reset()
    got = (await data(read, WITH_FRAGMENT, {"root": "c-acme"}))["relationshipMap"]
    assert hops_read(seeded[1], properties=False) == 0
    assert [n["properties"] for n in got["nodes"]] == [n["properties"] for n in full["nodes"]]


NODE_PROPERTIES_ONLY = """
query($root: ID!) {
  relationshipMap(rootId: $root, depth: 2) { nodes { id properties } edges { id type } truncated }
}"""

EDGE_PROPERTIES_ONLY = """
query($root: ID!) {
  relationshipMap(rootId: $root, depth: 2) {
    nodes { id name } edges { id ... on MapEdge { properties } } truncated
  }
}"""

ENTITY_TITLES = """
query($root: ID!) {
  relationshipMap(rootId: $root, depth: 2, relationshipTypes: [HAS_DEPARTMENT, WORKS_IN]) {
    entities { id ... on Stakeholder { title } }
  }
}"""


def _pairs(items: list[dict[str, Any]], key: str) -> list[tuple[Any, Any]]:
    return [(item["id"], item[key]) for item in items]


@pytest.mark.parametrize(
    ("document", "walks", "nodes_key", "edges_key"),
    [
        (NODE_PROPERTIES_ONLY, {(True, False)}, "properties", "type"),
        (EDGE_PROPERTIES_ONLY, {(False, True)}, "name", "properties"),
    ],
    ids=["node properties alone", "edge properties alone"],
)
async def test_one_side_of_properties_reads_only_that_side(
    read: Gql,
    seeded: tuple[Gql, CountingEngine],
    document: str,
    walks: set[tuple[bool, bool]],
    nodes_key: str,
    edges_key: str,
) -> None:
    full = await relationship_map(read, "c-acme", 2)
    seeded[1].reset()
    got = (await data(read, document, {"root": "c-acme"}))["relationshipMap"]
    assert walks_read(seeded[1]) == walks
    assert _pairs(got["nodes"], nodes_key) == _pairs(full["nodes"], nodes_key)
    assert _pairs(got["edges"], edges_key) == _pairs(full["edges"], edges_key)
    assert got["truncated"] == full["truncated"]
    if edges_key == "properties":
        # Edge properties alone: the walks carry no node properties.
        assert hops_read(seeded[1], properties=True) == 0
        assert any(e["properties"] for e in got["edges"])


async def test_map_entities_answer_from_every_property(read: Gql, seeded: tuple[Gql, CountingEngine]) -> None:
    seeded[1].reset()
    got = (await data(read, ENTITY_TITLES, {"root": "c-acme"}))["relationshipMap"]["entities"]
    assert walks_read(seeded[1]) == {(True, False)}
    titles = {e["id"]: e["title"] for e in got if "title" in e}
    assert titles == {"s-ann": "CEO", "s-cat": "Head of Purchasing"}
