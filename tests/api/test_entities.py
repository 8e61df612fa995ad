"""Entity queries over HTTP: lookups, connections, filters, ordering, nested fields,
and the DataLoader batching that keeps nested fields at one store call per field."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from tests.api.support import (
    CountingEngine,
    Gql,
    edge_nodes,
    ids,
    load,
    make_gql,
    node,
    pages_as_lists,
    rel,
    seeded_graph,
)
from tests.graph_targets import GraphTarget


@pytest.fixture(scope="module")
async def seeded(
    graph_target: GraphTarget, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[tuple[Gql, CountingEngine]]:
    """One seeded graph shared by the read-only tests of this module."""
    async with seeded_graph(graph_target, tmp_path_factory.mktemp("keys")) as seeded:
        yield seeded


@pytest.fixture
def read(seeded: tuple[Gql, CountingEngine]) -> Gql:
    return seeded[0]


@pytest.fixture
def gql(client: httpx.AsyncClient) -> Gql:
    return make_gql(client)


async def data(gql: Gql, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    body = await gql(query, variables)
    assert "errors" not in body, body["errors"]
    result: dict[str, Any] = pages_as_lists(body["data"])
    return result


# -- single lookups ------------------------------------------------------------


async def test_customer_by_id_returns_its_fields(read: Gql) -> None:
    got = await data(
        read,
        """{ customer(id: "c-acme") { id label name customerType tier lifecycleStage
        annualRevenue region employees createdAt updatedAt } }""",
    )
    customer = got["customer"]
    assert {k: customer[k] for k in ("id", "label", "name", "customerType", "tier", "lifecycleStage")} == {
        "id": "c-acme",
        "label": "CUSTOMER",
        "name": "Acme Motors",
        "customerType": "ENTERPRISE",
        "tier": "STRATEGIC",
        "lifecycleStage": "ACTIVE",
    }
    assert (customer["annualRevenue"], customer["region"], customer["employees"]) == (5_000_000.0, "EU", 1200)
    assert customer["createdAt"].endswith("Z")
    assert customer["updatedAt"] >= customer["createdAt"]


@pytest.mark.parametrize(
    ("field", "node_id", "name"),
    [
        ("stakeholder", "s-ann", "Ann Archer"),
        ("supplier", "sup-rival", "Rival Corp"),
        ("teamMember", "tm-eve", "Eve Evans"),
        ("department", "d-acme-it", "Acme IT"),
        ("industry", "ind-auto", "Automotive"),
        ("node", "i-kickoff", "Kick-off meeting"),
    ],
)
async def test_lookup_by_id(read: Gql, field: str, node_id: str, name: str) -> None:
    got = await data(read, f'{{ {field}(id: "{node_id}") {{ id name }} }}')
    assert got[field] == {"id": node_id, "name": name}


async def test_lookup_of_missing_or_other_kind_is_not_found_naming_the_argument(read: Gql) -> None:
    body = await read(
        """{ missing: customer(id: "nope") { id }
        wrongKind: customer(id: "s-ann") { id } anyMissing: node(id: "nope") { id }
        found: stakeholder(id: "s-ann") { id } }"""
    )
    assert body["data"] == {"missing": None, "wrongKind": None, "anyMissing": None, "found": {"id": "s-ann"}}
    refusals = {tuple(e["path"]): (e["extensions"], e["message"]) for e in body["errors"]}
    assert refusals == {
        ("missing",): ({"code": "NOT_FOUND", "field": "id"}, "no Customer with id 'nope'"),
        ("wrongKind",): ({"code": "NOT_FOUND", "field": "id"}, "no Customer with id 's-ann'"),
        ("anyMissing",): ({"code": "NOT_FOUND", "field": "id"}, "no node with id 'nope'"),
    }


async def test_nodes_by_ids_in_the_order_asked_with_a_null_per_unknown_id(read: Gql) -> None:
    body = await read('{ nodes(ids: ["s-bob", "nope", "c-acme", "s-bob"]) { __typename id } }')
    assert body["data"]["nodes"] == [
        {"__typename": "Stakeholder", "id": "s-bob"},
        None,
        {"__typename": "Customer", "id": "c-acme"},
        {"__typename": "Stakeholder", "id": "s-bob"},
    ]
    assert [(e["path"], e["extensions"]) for e in body["errors"]] == [
        (["nodes", 1], {"code": "NOT_FOUND", "field": "ids[1]"})
    ]


async def test_nodes_by_ids_is_capped_like_every_list(read: Gql) -> None:
    body = await read("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": ["s-ann"] * 101})
    assert body["data"] is None
    assert [(e["extensions"]["code"], e["extensions"]["field"]) for e in body["errors"]] == [
        ("BAD_USER_INPUT", "ids")
    ]


async def test_node_resolves_to_the_concrete_type(read: Gql) -> None:
    got = await data(
        read,
        """{ node(id: "s-bob") { __typename id label
        ... on Stakeholder { title seniority } } }""",
    )
    assert got["node"] == {
        "__typename": "Stakeholder",
        "id": "s-bob",
        "label": "STAKEHOLDER",
        "title": "CTO",
        "seniority": "VP",
    }


# -- connections: filters, ordering, counts -----------------------------------

CUSTOMERS = """query($first: Int!, $after: String, $filter: CustomerFilter, $orderBy: CustomerOrder) {
  customers(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount edges { cursor node { id } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }"""


async def customer_ids(gql: Gql, **variables: Any) -> tuple[list[str], int]:
    got = await data(gql, CUSTOMERS, {"first": 20, **variables})
    return ids(edge_nodes(got["customers"])), got["customers"]["totalCount"]


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({}, ["c-acme", "c-bolt", "c-cure"]),
        ({"filter": {"industryId": "ind-auto"}}, ["c-acme", "c-bolt"]),
        ({"filter": {"industryId": "ind-med"}}, ["c-cure"]),
        ({"filter": {"industryId": "no-such-industry"}}, []),
        ({"filter": {"tiers": ["STRATEGIC", "STANDARD"]}}, ["c-acme", "c-cure"]),
        ({"filter": {"lifecycleStages": ["PROSPECT"]}}, ["c-bolt"]),
        ({"filter": {"customerTypes": ["GOVERNMENT", "SMB"]}}, ["c-bolt", "c-cure"]),
        ({"filter": {"nameContains": "CAR"}}, ["c-bolt"]),
        ({"filter": {"nameContains": "o", "tiers": ["KEY", "STRATEGIC"]}}, ["c-acme", "c-bolt"]),
        ({"filter": {"industryId": "ind-auto", "tiers": ["STANDARD"]}}, []),
        ({"orderBy": {"field": "NAME", "direction": "DESC"}}, ["c-cure", "c-bolt", "c-acme"]),
        ({"orderBy": {"field": "ANNUAL_REVENUE", "direction": "ASC"}}, ["c-bolt", "c-cure", "c-acme"]),
        ({"orderBy": {"field": "ANNUAL_REVENUE", "direction": "DESC"}}, ["c-acme", "c-cure", "c-bolt"]),
    ],
)
async def test_customer_filters_and_order(read: Gql, variables: dict[str, Any], expected: list[str]) -> None:
    found, total = await customer_ids(read, **variables)
    assert found == expected
    assert total == len(expected)


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"filter": {"seniorities": ["C_LEVEL", "VP"]}}, ["s-ann", "s-bob"]),
        ({"filter": {"buyingRoles": ["ECONOMIC_BUYER", "INFLUENCER"]}}, ["s-cat", "s-dan"]),
        ({"filter": {"stances": ["SKEPTIC"]}}, ["s-bob"]),
        ({"filter": {"customerId": "c-acme"}}, ["s-ann", "s-bob", "s-cat", "s-gus"]),
        ({"filter": {"customerId": "c-bolt"}}, ["s-dan"]),
        ({"filter": {"customerId": "c-acme", "nameContains": "a"}}, ["s-ann", "s-bob", "s-cat", "s-gus"]),
        ({"filter": {"nameContains": "dorsey"}}, ["s-dan"]),
        ({"orderBy": {"field": "NAME", "direction": "DESC"}}, ["s-gus", "s-dan", "s-cat", "s-bob", "s-ann"]),
    ],
)
async def test_stakeholder_filters_and_order(
    read: Gql, variables: dict[str, Any], expected: list[str]
) -> None:
    got = await data(
        read,
        """query($filter: StakeholderFilter, $orderBy: NodeOrder) {
        stakeholders(first: 50, filter: $filter, orderBy: $orderBy) { totalCount edges { node { id } } } }""",
        variables,
    )
    assert ids(edge_nodes(got["stakeholders"])) == expected
    assert got["stakeholders"]["totalCount"] == len(expected)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("suppliers(first: 10)", ["sup-us", "sup-rival"]),
        ('suppliers(first: 10, filter: {industryId: "ind-auto"})', ["sup-rival"]),
        ('suppliers(first: 10, filter: {nameContains: "relgraph"})', ["sup-us"]),
        ("teamMembers(first: 10)", ["tm-eve", "tm-finn"]),
        ("teamMembers(first: 10, orderBy: {field: NAME, direction: DESC})", ["tm-finn", "tm-eve"]),
        ('teamMembers(first: 10, filter: {nameContains: "FORD"})', ["tm-finn"]),
        ("industries(first: 10)", ["ind-auto", "ind-med"]),
        ('industries(first: 10, filter: {nameContains: "med"})', ["ind-med"]),
    ],
)
async def test_other_connections(read: Gql, query: str, expected: list[str]) -> None:
    field = query.split("(")[0]
    got = await data(read, f"{{ {query} {{ totalCount edges {{ node {{ id }} }} }} }}")
    assert ids(edge_nodes(got[field])) == expected
    assert got[field]["totalCount"] == len(expected)


async def test_page_size_and_cursor_are_checked(read: Gql) -> None:
    body = await read("{ customers(first: 101) { totalCount } }", status=None)
    assert body.get("data") is None
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "first"}
    body = await read('{ customers(first: 5, after: "not-a-cursor") { totalCount } }', status=None)
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "after"}


async def test_empty_page_has_no_cursors(read: Gql) -> None:
    got = await data(read, CUSTOMERS, {"first": 0})
    assert got["customers"]["edges"] == []
    assert got["customers"]["totalCount"] == 3
    assert got["customers"]["pageInfo"] == {
        "hasNextPage": True,
        "hasPreviousPage": False,
        "startCursor": None,
        "endCursor": None,
    }


# -- pagination over a bigger list ---------------------------------------------

MANY = 23


async def test_pagination_walks_every_page_without_gaps_or_duplicates(gql: Gql) -> None:
    # Equal names, equal and missing revenues: the order rests on the tie-breaker.
    await load(
        gql,
        {
            "nodes": [
                node(
                    "Customer",
                    f"p-{i:02d}",
                    "Same Name" if i % 2 else f"Name {i:02d}",
                    **({"annualRevenue": float(i % 5)} if i % 3 else {}),
                )
                for i in range(MANY)
            ]
        },
    )
    for order in (
        {"field": "NAME", "direction": "ASC"},
        {"field": "ANNUAL_REVENUE", "direction": "DESC"},
        {"field": "CREATED_AT", "direction": "DESC"},
    ):
        everything, total = await customer_ids(gql, first=MANY, orderBy=order)
        assert total == MANY
        seen: list[str] = []
        after: str | None = None
        pages = 0
        while True:
            got = (await data(gql, CUSTOMERS, {"first": 5, "after": after, "orderBy": order}))["customers"]
            pages += 1
            assert got["totalCount"] == MANY
            assert got["pageInfo"]["hasPreviousPage"] is (after is not None)
            page = ids(edge_nodes(got))
            assert got["pageInfo"]["startCursor"] == got["edges"][0]["cursor"]
            assert got["pageInfo"]["endCursor"] == got["edges"][-1]["cursor"]
            seen += page
            if not got["pageInfo"]["hasNextPage"]:
                break
            after = got["pageInfo"]["endCursor"]
        assert pages == 5
        assert seen == everything
        assert sorted(seen) == sorted(f"p-{i:02d}" for i in range(MANY))


async def test_cursor_from_the_middle_continues_there(gql: Gql) -> None:
    await load(gql, {"nodes": [node("Industry", f"ind-{i}", f"Industry {i}") for i in range(6)]})
    first = (await data(gql, "{ industries(first: 6) { edges { cursor node { id } } } }"))["industries"][
        "edges"
    ]
    third_cursor = first[2]["cursor"]
    got = await data(
        gql,
        "query($a: String) { industries(first: 2, after: $a) { edges { node { id } } } }",
        {"a": third_cursor},
    )
    assert ids(edge_nodes(got["industries"])) == ["ind-3", "ind-4"]


# -- nested fields, both ways ---------------------------------------------------


async def test_customer_nested_fields(read: Gql) -> None:
    got = await data(
        read,
        """{ customer(id: "c-acme") {
        industry { id customers { nodes { id } } suppliers { nodes { id } } }
        departments { nodes { id } } allDepartments { nodes { id } }
        stakeholders { nodes { id } }
        suppliers { nodes { supplier { id isUs } customer { id } category annualValue shareOfWallet } }
        team { nodes { teamMember { id } customer { id } role } } } }""",
    )
    acme = got["customer"]
    assert acme["industry"] == {
        "id": "ind-auto",
        "customers": [{"id": "c-acme"}, {"id": "c-bolt"}],
        "suppliers": [{"id": "sup-rival"}],
    }
    assert ids(acme["departments"]) == ["d-acme-mgmt", "d-acme-proc"]
    assert ids(acme["allDepartments"]) == ["d-acme-it", "d-acme-mgmt", "d-acme-proc"]
    assert ids(acme["stakeholders"]) == ["s-ann", "s-bob", "s-cat", "s-gus"]
    assert acme["suppliers"] == [
        {
            "supplier": {"id": "sup-us", "isUs": True},
            "customer": {"id": "c-acme"},
            "category": "Software",
            "annualValue": 100_000.0,
            "shareOfWallet": 0.3,
        },
        {
            "supplier": {"id": "sup-rival", "isUs": False},
            "customer": {"id": "c-acme"},
            "category": "Software",
            "annualValue": 250_000.0,
            "shareOfWallet": 0.5,
        },
    ]
    assert acme["team"] == [
        {"teamMember": {"id": "tm-eve"}, "customer": {"id": "c-acme"}, "role": "OWNER"},
        {"teamMember": {"id": "tm-finn"}, "customer": {"id": "c-acme"}, "role": "SPECIALIST"},
    ]


async def test_department_nested_fields(read: Gql) -> None:
    got = await data(
        read,
        """{
        it: department(id: "d-acme-it") { function parent { id } children { nodes { id } }
          stakeholders { nodes { id } }
                                          customer { id } }
        top: department(id: "d-acme-mgmt") { parent { id } children { nodes { id parent { id } } }
          stakeholders { nodes { id } }
                                             customer { id } } }""",
    )
    assert got["it"] == {
        "function": "TECHNICAL",
        "parent": {"id": "d-acme-mgmt"},
        "children": [],
        "stakeholders": [{"id": "s-bob"}, {"id": "s-gus"}],
        "customer": {"id": "c-acme"},
    }
    assert got["top"] == {
        "parent": None,
        "children": [{"id": "d-acme-it", "parent": {"id": "d-acme-mgmt"}}],
        "stakeholders": [{"id": "s-ann"}],
        "customer": {"id": "c-acme"},
    }


async def test_stakeholder_nested_fields(read: Gql) -> None:
    got = await data(
        read,
        """{ stakeholder(id: "s-bob") {
        customer { id } department { id } reportsTo { id } directReports { nodes { id } }
        influences { nodes { stakeholder { id } strength } }
        influencedBy { nodes { stakeholder { id } strength } }
        knows { nodes { stakeholder { id customer { id } } strength context } }
        coveredBy { nodes { teamMember { id } stakeholder { id } strength } }
        preferredSuppliers { nodes { supplier { id } strength } } } }""",
    )
    bob = got["stakeholder"]
    assert bob["customer"] == {"id": "c-acme"}
    assert bob["department"] == {"id": "d-acme-it"}
    assert bob["reportsTo"] == {"id": "s-ann"}
    assert bob["directReports"] == [{"id": "s-gus"}]
    assert bob["influences"] == []
    assert bob["influencedBy"] == [
        {"stakeholder": {"id": "s-ann"}, "strength": 0.6},
        {"stakeholder": {"id": "s-dan"}, "strength": 0.9},
    ]
    assert bob["knows"] == [
        {
            "stakeholder": {"id": "s-dan", "customer": {"id": "c-bolt"}},
            "strength": 0.7,
            "context": "conference",
        }
    ]
    assert bob["coveredBy"] == [
        {"teamMember": {"id": "tm-finn"}, "stakeholder": {"id": "s-bob"}, "strength": 0.4}
    ]
    assert bob["preferredSuppliers"] == [{"supplier": {"id": "sup-rival"}, "strength": 0.8}]


async def test_knows_reads_both_ways(read: Gql) -> None:
    got = await data(
        read,
        """{ dan: stakeholder(id: "s-dan") { knows { nodes { stakeholder { id } strength } } }
                               bob: stakeholder(id: "s-bob") { knows { nodes { stakeholder { id }
                                 strength } } } }""",
    )
    assert got["dan"]["knows"] == [{"stakeholder": {"id": "s-bob"}, "strength": 0.7}]
    assert got["bob"]["knows"] == [{"stakeholder": {"id": "s-dan"}, "strength": 0.7}]


async def test_coverage_carries_every_quality_dimension(read: Gql) -> None:
    got = await data(
        read,
        """{ stakeholder(id: "s-ann") { coveredBy { nodes { teamMember { id } strength acceptance
        participation informationFlow guidance projectSupport competitiveBias lastContactAt } } } }""",
    )
    assert got["stakeholder"]["coveredBy"] == [
        {
            "teamMember": {"id": "tm-eve"},
            "strength": 0.8,
            "acceptance": 0.9,
            "participation": 0.7,
            "informationFlow": 0.6,
            "guidance": 0.5,
            "projectSupport": 0.4,
            "competitiveBias": 0.1,
            "lastContactAt": "2026-01-10T09:00:00.000Z",
        }
    ]


async def test_stakeholder_reporting_lines_both_ways(read: Gql) -> None:
    got = await data(
        read,
        """{ stakeholder(id: "s-ann") { reportsTo { id } directReports { nodes { id reportsTo { id }
        influences { nodes { stakeholder { id } } } interactions { nodes { id kind } } } } } }""",
    )
    ann = got["stakeholder"]
    assert ann["reportsTo"] is None
    assert ids(ann["directReports"]) == ["s-bob", "s-cat"]
    assert all(r["reportsTo"] == {"id": "s-ann"} for r in ann["directReports"])
    assert ann["directReports"][0]["influences"] == []
    got = await data(
        read,
        '{ stakeholder(id: "s-ann") { influences { nodes { stakeholder { id } } } interactions {'
        " nodes { id kind } } } }",
    )
    assert got["stakeholder"] == {
        "influences": [{"stakeholder": {"id": "s-bob"}}],
        "interactions": [{"id": "i-kickoff", "kind": "MEETING"}],
    }


async def test_team_member_nested_fields(read: Gql) -> None:
    got = await data(
        read,
        """{ teamMember(id: "tm-eve") { title email
        accounts { nodes { customer { id } role } }
        relationships { nodes { stakeholder { id } strength } } } }""",
    )
    assert got["teamMember"] == {
        "title": "Account Executive",
        "email": "eve@us.test",
        "accounts": [
            {"customer": {"id": "c-acme"}, "role": "OWNER"},
            {"customer": {"id": "c-bolt"}, "role": "OWNER"},
        ],
        "relationships": [
            {"stakeholder": {"id": "s-ann"}, "strength": 0.8},
            {"stakeholder": {"id": "s-dan"}, "strength": 0.5},
        ],
    }


async def test_supplier_nested_fields(read: Gql) -> None:
    got = await data(
        read,
        """{ supplier(id: "sup-rival") { category isUs industry { id }
        customers { nodes { customer { id } supplier { id } annualValue shareOfWallet } } } }""",
    )
    assert got["supplier"] == {
        "category": "Software",
        "isUs": False,
        "industry": {"id": "ind-auto"},
        "customers": [
            {
                "customer": {"id": "c-acme"},
                "supplier": {"id": "sup-rival"},
                "annualValue": 250_000.0,
                "shareOfWallet": 0.5,
            },
            {
                "customer": {"id": "c-bolt"},
                "supplier": {"id": "sup-rival"},
                "annualValue": 80_000.0,
                "shareOfWallet": None,
            },
        ],
    }


async def test_nested_lists_honour_first(read: Gql) -> None:
    got = await data(
        read,
        """{ customer(id: "c-acme") { stakeholders(first: 2) { nodes { id } }
        team(first: 1) { nodes { role } } departments(first: 0) { nodes { id } } } }""",
    )
    assert got["customer"] == {
        "stakeholders": [{"id": "s-ann"}, {"id": "s-bob"}],
        "team": [{"role": "OWNER"}],
        "departments": [],
    }


async def test_nested_lists_page_on_with_after_and_count_them_all(read: Gql) -> None:
    page = """query($after: String) { customer(id: "c-acme") {
        stakeholders(first: 3, after: $after) { totalCount nodes { id }
        pageInfo { hasNextPage hasPreviousPage endCursor } } } }"""
    first = (await data(read, page))["customer"]["stakeholders"]
    assert first["totalCount"] == 4
    assert ids(first["nodes"]) == ["s-ann", "s-bob", "s-cat"]
    assert first["pageInfo"]["hasNextPage"] and not first["pageInfo"]["hasPreviousPage"]
    rest = (await data(read, page, {"after": first["pageInfo"]["endCursor"]}))["customer"]["stakeholders"]
    assert ids(rest["nodes"]) == ["s-gus"]
    assert rest["totalCount"] == 4
    assert not rest["pageInfo"]["hasNextPage"] and rest["pageInfo"]["hasPreviousPage"]


@pytest.mark.parametrize("first", [-1, 101])
async def test_nested_first_past_the_cap_or_negative_is_refused_not_cut(read: Gql, first: int) -> None:
    body = await read(
        f'{{ customer(id: "c-acme") {{ name allDepartments(first: {first}) {{ totalCount }} }} }}'
    )
    assert body["data"] == {"customer": None}
    assert [(e["extensions"]["code"], e["extensions"]["field"], e["path"]) for e in body["errors"]] == [
        ("BAD_USER_INPUT", "first", ["customer", "allDepartments"])
    ]


# -- DataLoaders: N siblings, one store call per field ---------------------------

NESTED = """query($first: Int!) { stakeholders(first: $first) { edges { node {
    customer { name } department { name parent { name } } reportsTo { name } directReports { nodes { name } }
    influencedBy { nodes { strength } } knows { nodes { strength } } coveredBy { nodes { strength }
      } preferredSuppliers { nodes { strength } }
} } } }"""


async def _reads_for(seeded: tuple[Gql, CountingEngine], first: int) -> tuple[int, int]:
    gql, engine = seeded
    engine.reset()
    got = await data(gql, NESTED, {"first": first})
    assert len(got["stakeholders"]["edges"]) == first
    return engine.read_count, max(engine.reads.values())


async def test_nested_fields_cost_one_store_call_per_field_not_per_object(
    seeded: tuple[Gql, CountingEngine],
) -> None:
    one, _ = await _reads_for(seeded, 1)
    five, most_per_statement = await _reads_for(seeded, 5)
    # list + count, then one batched read per nested field: customer (node by id),
    # department, parent, reportsTo, directReports, influencedBy, knows, coveredBy,
    # preferredSuppliers.
    assert five == 2 + 9
    assert five == one
    assert most_per_statement == 1


async def test_sibling_lookups_by_id_are_batched(seeded: tuple[Gql, CountingEngine]) -> None:
    gql, engine = seeded
    engine.reset()
    got = await data(
        gql,
        """{ a: node(id: "s-ann") { id } b: node(id: "s-bob") { id } c: customer(id: "c-acme") {
        id } d: department(id: "d-acme-it") { id } e: nodes(ids: ["s-cat", "s-gus"]) { id } }""",
    )
    assert [v["id"] if isinstance(v, dict) else ids(v) for v in got.values()] == [
        "s-ann",
        "s-bob",
        "c-acme",
        "d-acme-it",
        ["s-cat", "s-gus"],
    ]
    assert engine.read_count == 1


async def test_customers_page_with_nested_lists_is_batched(seeded: tuple[Gql, CountingEngine]) -> None:
    gql, engine = seeded
    engine.reset()
    got = await data(
        gql,
        """{ customers(first: 3) { edges { node { industry { name } departments { nodes { name } }
        stakeholders { nodes { name } } suppliers { nodes { category } } team { nodes { role } } } } } }""",
    )
    assert len(got["customers"]["edges"]) == 3
    assert engine.read_count == 2 + 5
    assert max(engine.reads.values()) == 1


# -- writes seen by later reads in the same graph ------------------------------


async def test_nested_reads_reflect_a_new_link(gql: Gql, client: httpx.AsyncClient) -> None:
    await load(
        gql,
        {
            "nodes": [
                node("Customer", "c1", "One"),
                node("Department", "d1", "Sales"),
                node("Department", "d2", "Field sales"),
            ],
            "relationships": [rel("HAS_DEPARTMENT", "c1", "d1")],
        },
    )
    body = await gql("""mutation { link(input: {type: PART_OF, fromId: "d2", toId: "d1"}) { errors { field } }
        }""")
    assert body["data"]["link"]["errors"] == []
    got = await data(gql, '{ department(id: "d2") { parent { id } customer { id } } }')
    assert got["department"] == {"parent": {"id": "d1"}, "customer": {"id": "c1"}}
