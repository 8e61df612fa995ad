"""Mutations over HTTP: idempotent upserts, validation errors that name the field,
links checked against the model, deletes, interactions and bulk import."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.api.support import SEED, Gql, ids, load, make_gql, node, pages_as_lists, rel, seeded_graph
from tests.graph_targets import GraphTarget

CUSTOMER_FIELDS = (
    "id name customerType tier lifecycleStage annualRevenue region employees createdAt updatedAt"
)


@pytest.fixture
def gql(client: httpx.AsyncClient) -> Gql:
    return make_gql(client)


@pytest.fixture(scope="module")
async def seeded(graph_target: GraphTarget, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Gql]:
    """A seeded graph shared by the tests whose mutations are all refused (so change nothing)."""
    async with seeded_graph(graph_target, tmp_path_factory.mktemp("keys")) as (gql, _):
        yield gql


@pytest.fixture
async def refusing(seeded: Gql) -> AsyncIterator[Gql]:
    before = await seeded(DUMP)
    yield seeded
    assert await seeded(DUMP) == before, "a refused mutation changed the graph"


# Enough of the graph to notice any stray write.
DUMP = """{ stakeholders(first: 100) { totalCount edges { node { id name title updatedAt
  coveredBy { nodes { teamMember { id } strength lastContactAt } } interactions { nodes { id } }
  knows { nodes { stakeholder { id } } } } } }
  customers(first: 100) { totalCount edges { node { id updatedAt team { nodes { teamMember { id }
    role } } } } }
  teamMembers(first: 100) { totalCount } industries(first: 100) { totalCount }
  suppliers(first: 100) { totalCount } }"""


async def data(gql: Gql, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    body = await gql(query, variables)
    assert "errors" not in body, body["errors"]
    result: dict[str, Any] = pages_as_lists(body["data"])
    return result


async def stored(gql: Gql, node_id: str) -> Any:
    """The node with this id as now stored, or None when nothing has it (its NOT_FOUND checked)."""
    body = await gql("query($id: ID!) { node(id: $id) { id } }", {"id": node_id})
    if body["data"]["node"] is None:
        assert [e["extensions"] for e in body["errors"]] == [{"code": "NOT_FOUND", "field": "id"}]
    return body["data"]["node"]


async def upsert(
    gql: Gql, kind: str, payload_field: str, fields: str, value: dict[str, Any]
) -> dict[str, Any]:
    mutation = f"""mutation($input: {kind}Input!) {{ upsert{kind}(input: $input) {{
        {payload_field} {{ {fields} }} errors {{ field message code }} }} }}"""
    result: dict[str, Any] = (await data(gql, mutation, {"input": value}))[f"upsert{kind}"]
    return result


async def count(gql: Gql, connection: str) -> int:
    total: int = (await data(gql, f"{{ {connection}(first: 0) {{ totalCount }} }}"))[connection]["totalCount"]
    return total


# -- upserts -------------------------------------------------------------------

# kind, payload field, connection listing the kind (none for departments), fields, input
UPSERTS: list[tuple[str, str, str | None, str, dict[str, Any]]] = [
    (
        "Customer",
        "customer",
        "customers",
        CUSTOMER_FIELDS,
        {
            "id": "c1",
            "name": "Acme",
            "customerType": "ENTERPRISE",
            "tier": "KEY",
            "lifecycleStage": "NEW",
            "annualRevenue": 10.5,
            "region": "EU",
            "employees": 7,
        },
    ),
    (
        "Department",
        "department",
        None,
        "id name function createdAt updatedAt",
        {"id": "d1", "name": "IT", "function": "TECHNICAL"},
    ),
    (
        "Stakeholder",
        "stakeholder",
        "stakeholders",
        "id name title seniority buyingRole stance email phone createdAt updatedAt",
        {
            "id": "s1",
            "name": "Ann",
            "title": "CIO",
            "seniority": "C_LEVEL",
            "buyingRole": "DECISION_MAKER",
            "stance": "CHAMPION",
            "email": "ann@x.test",
            "phone": "+1 555",
        },
    ),
    (
        "Supplier",
        "supplier",
        "suppliers",
        "id name category isUs createdAt updatedAt",
        {"id": "sup1", "name": "Us", "category": "Software", "isUs": True},
    ),
    (
        "TeamMember",
        "teamMember",
        "teamMembers",
        "id name title email createdAt updatedAt",
        {"id": "tm1", "name": "Eve", "title": "AE", "email": "eve@us.test"},
    ),
    (
        "Industry",
        "industry",
        "industries",
        "id name createdAt updatedAt",
        {"id": "ind1", "name": "Automotive"},
    ),
]


@pytest.mark.parametrize(
    ("kind", "payload_field", "connection", "fields", "value"), UPSERTS, ids=[u[0] for u in UPSERTS]
)
async def test_upsert_twice_gives_the_same_state(
    gql: Gql, kind: str, payload_field: str, connection: str | None, fields: str, value: dict[str, Any]
) -> None:
    first = await upsert(gql, kind, payload_field, fields, value)
    assert first["errors"] == []
    written = first[payload_field]
    assert {k: written[k] for k in value} == value
    before = await count(gql, connection) if connection else None
    second = await upsert(gql, kind, payload_field, fields, value)
    assert second["errors"] == []
    again = second[payload_field]
    assert {k: v for k, v in again.items() if k != "updatedAt"} == {
        k: v for k, v in written.items() if k != "updatedAt"
    }
    assert again["updatedAt"] >= written["updatedAt"]
    if before is not None:
        assert await count(gql, connection) == before
    read_back = (await data(gql, f'{{ node(id: "{value["id"]}") {{ __typename id name }} }}'))["node"]
    assert read_back == {"__typename": kind, "id": value["id"], "name": value["name"]}


async def test_upsert_leaves_omitted_fields_and_clears_nulls(gql: Gql) -> None:
    await upsert(
        gql,
        "Customer",
        "customer",
        CUSTOMER_FIELDS,
        {"id": "c1", "name": "Acme", "tier": "KEY", "region": "EU", "employees": 5},
    )
    renamed = await upsert(
        gql,
        "Customer",
        "customer",
        "name tier region employees",
        {"id": "c1", "name": "Acme Motors", "region": None},
    )
    assert renamed == {
        "customer": {"name": "Acme Motors", "tier": "KEY", "region": None, "employees": 5},
        "errors": [],
    }


@pytest.mark.parametrize(
    ("kind", "value", "field", "code"),
    [
        ("Customer", {"id": "c1", "name": ""}, "input.name", "INVALID"),
        ("Customer", {"id": "c1", "name": "x" * 301}, "input.name", "INVALID"),
        ("Customer", {"id": "c1", "name": "Acme", "annualRevenue": -1.0}, "input.annualRevenue", "INVALID"),
        ("Customer", {"id": "c1", "name": "Acme", "employees": -3}, "input.employees", "INVALID"),
        (
            "Customer",
            {"id": "c1", "name": "Acme", "lastPurchaseAt": "yesterday"},
            "input.lastPurchaseAt",
            "INVALID",
        ),
        ("Customer", {"id": " c1", "name": "Acme"}, "input.id", "INVALID"),
        ("Stakeholder", {"id": "s1", "name": "Ann", "email": "a" * 400}, "input.email", "INVALID"),
        ("TeamMember", {"id": "t1", "name": "Eve", "title": "t" * 201}, "input.title", "INVALID"),
        ("Supplier", {"id": "sup1", "name": "Us", "category": "c" * 101}, "input.category", "INVALID"),
    ],
)
async def test_upsert_validation_errors_name_the_field(
    refusing: Gql, kind: str, value: dict[str, Any], field: str, code: str
) -> None:
    payload_field = kind[0].lower() + kind[1:]
    result = await upsert(refusing, kind, payload_field, "id", value)
    assert result[payload_field] is None
    assert [(e["field"], e["code"]) for e in result["errors"]] == [(field, code)]
    assert result["errors"][0]["message"]
    assert await stored(refusing, value["id"]) is None


async def test_upsert_reports_every_bad_field_at_once(refusing: Gql) -> None:
    result = await upsert(
        refusing,
        "Customer",
        "customer",
        "id",
        {"id": "c1", "name": "", "annualRevenue": -1.0, "purchaseCount": -2},
    )
    assert sorted(e["field"] for e in result["errors"]) == [
        "input.annualRevenue",
        "input.name",
        "input.purchaseCount",
    ]


async def test_ids_are_unique_across_kinds(gql: Gql) -> None:
    await upsert(gql, "Customer", "customer", "id", {"id": "x1", "name": "Acme"})
    result = await upsert(gql, "Stakeholder", "stakeholder", "id", {"id": "x1", "name": "Ann"})
    assert result["stakeholder"] is None
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("input.id", "CONFLICT")]
    assert "Customer" in result["errors"][0]["message"]
    assert (await data(gql, '{ node(id: "x1") { __typename name } }'))["node"] == {
        "__typename": "Customer",
        "name": "Acme",
    }


async def test_enum_values_are_checked_by_the_schema(refusing: Gql) -> None:
    body = await refusing(
        'mutation { upsertCustomer(input: {id: "c1", name: "A", tier: GOLD}) { errors { field } } }',
        status=None,
    )
    assert "data" not in body or body["data"] is None
    assert "GOLD" in body["errors"][0]["message"]


# -- link / unlink -------------------------------------------------------------

LINK = """mutation($input: LinkInput!) { link(input: $input) {
  edge { id source target type properties } errors { field message code } } }"""
UNLINK = """mutation($type: RelationshipType!, $from: ID!, $to: ID!) {
  unlink(type: $type, fromId: $from, toId: $to) { deleted } }"""


async def link(gql: Gql, rel_type: str, source: str, target: str, **props: Any) -> dict[str, Any]:
    value: dict[str, Any] = {"type": rel_type, "fromId": source, "toId": target}
    if props:
        value["properties"] = props
    result: dict[str, Any] = (await data(gql, LINK, {"input": value}))["link"]
    return result


async def test_link_creates_and_updates_one_relationship(gql: Gql) -> None:
    await load(gql, SEED)
    first = await link(gql, "RELATES_TO", "tm-finn", "s-cat", strength=0.3, guidance=0.2)
    assert first == {
        "edge": {
            "id": "RELATES_TO:tm-finn->s-cat",
            "source": "tm-finn",
            "target": "s-cat",
            "type": "RELATES_TO",
            "properties": {"strength": 0.3, "guidance": 0.2},
        },
        "errors": [],
    }
    second = await link(gql, "RELATES_TO", "tm-finn", "s-cat", strength=0.6)
    assert second["errors"] == []
    got = await data(
        gql, '{ stakeholder(id: "s-cat") { coveredBy { nodes { teamMember { id } strength guidance } } } }'
    )
    assert got["stakeholder"]["coveredBy"] == [
        {"teamMember": {"id": "tm-finn"}, "strength": 0.6, "guidance": 0.2}
    ]


async def test_link_knows_is_stored_once_whichever_way_it_is_given(gql: Gql) -> None:
    await load(gql, SEED)
    forward = await link(gql, "KNOWS", "s-cat", "s-ann", strength=0.2)
    backward = await link(gql, "KNOWS", "s-ann", "s-cat", strength=0.9)
    assert forward["edge"]["id"] == backward["edge"]["id"] == "KNOWS:s-ann->s-cat"
    got = await data(gql, '{ stakeholder(id: "s-cat") { knows { nodes { stakeholder { id } strength } } } }')
    assert got["stakeholder"]["knows"] == [{"stakeholder": {"id": "s-ann"}, "strength": 0.9}]


@pytest.mark.parametrize(
    ("rel_type", "source", "target", "props", "field", "code", "says"),
    [
        ("WORKS_IN", "c-acme", "d-acme-it", {}, "input.toId", "INVALID", "Stakeholder->Department"),
        ("HAS_DEPARTMENT", "s-ann", "d-acme-it", {}, "input.toId", "INVALID", "Customer->Department"),
        ("SUPPLIES", "c-acme", "sup-us", {}, "input.toId", "INVALID", "Supplier->Customer"),
        ("KNOWS", "s-ann", "s-ann", {}, "input.toId", "INVALID", "itself"),
        ("KNOWS", "s-ann", "nobody", {}, "input.toId", "NOT_FOUND", "nobody"),
        ("MANAGES", "nobody", "c-acme", {}, "input.fromId", "NOT_FOUND", "nobody"),
        (
            "RELATES_TO",
            "tm-eve",
            "s-cat",
            {"strength": 1.5},
            "input.properties.strength",
            "INVALID",
            "at most",
        ),
        ("RELATES_TO", "tm-eve", "s-cat", {"warmth": 1}, "input.properties.warmth", "INVALID", "unknown"),
        ("MANAGES", "tm-eve", "c-cure", {"role": "BOSS"}, "input.properties.role", "INVALID", "OWNER"),
    ],
)
async def test_link_refuses_what_the_model_does_not_allow(
    refusing: Gql,
    rel_type: str,
    source: str,
    target: str,
    props: dict[str, Any],
    field: str,
    code: str,
    says: str,
) -> None:
    result = await link(refusing, rel_type, source, target, **props)
    assert result["edge"] is None
    [error] = result["errors"]
    assert (error["field"], error["code"]) == (field, code)
    assert says in error["message"]


async def test_single_target_links_replace_the_old_target(gql: Gql) -> None:
    await load(gql, SEED)
    assert (await link(gql, "WORKS_IN", "s-gus", "d-acme-proc"))["errors"] == []
    got = await data(
        gql,
        """{ stakeholder(id: "s-gus") { department { id } }
        it: department(id: "d-acme-it") { stakeholders { nodes { id } } } }""",
    )
    assert got == {
        "stakeholder": {"department": {"id": "d-acme-proc"}},
        "it": {"stakeholders": [{"id": "s-bob"}]},
    }


async def test_unlink_removes_one_relationship(gql: Gql) -> None:
    await load(gql, SEED)
    removed = await data(gql, UNLINK, {"type": "INFLUENCES", "from": "s-dan", "to": "s-bob"})
    assert removed == {"unlink": {"deleted": True}}
    again = await data(gql, UNLINK, {"type": "INFLUENCES", "from": "s-dan", "to": "s-bob"})
    assert again == {"unlink": {"deleted": False}}
    got = await data(gql, '{ stakeholder(id: "s-bob") { influencedBy { nodes { stakeholder { id } } } } }')
    assert got["stakeholder"]["influencedBy"] == [{"stakeholder": {"id": "s-ann"}}]


async def test_unlink_knows_either_way_round(gql: Gql) -> None:
    await load(gql, SEED)
    assert await data(gql, UNLINK, {"type": "KNOWS", "from": "s-dan", "to": "s-bob"}) == {
        "unlink": {"deleted": True}
    }
    got = await data(gql, '{ stakeholder(id: "s-bob") { knows { nodes { strength } } } }')
    assert got["stakeholder"]["knows"] == []


async def test_structure_moves_people_between_accounts_and_orphans_stay_in_theirs(gql: Gql) -> None:
    await load(gql, SEED)
    query = (
        '{ stakeholder(id: "s-gus") { customer { id } }'
        ' customer(id: "c-bolt") { stakeholders { nodes { id } } } }'
    )
    # Cut loose, a department keeps its account: unowned, its people would
    # be visible to every account's members.
    await data(gql, UNLINK, {"type": "PART_OF", "from": "d-acme-it", "to": "d-acme-mgmt"})
    got = await data(gql, query)
    assert got["stakeholder"]["customer"] == {"id": "c-acme"}
    # Placed under another account's department, it moves there with its people.
    assert (await link(gql, "PART_OF", "d-acme-it", "d-bolt-eng"))["errors"] == []
    got = await data(gql, query)
    assert got["stakeholder"]["customer"] == {"id": "c-bolt"}
    assert ids(got["customer"]["stakeholders"]) == ["s-bob", "s-dan", "s-gus"]


# -- deleteNode -----------------------------------------------------------------

DELETE = """mutation($id: ID!, $cascade: Boolean! = false) {
  deleteNode(id: $id, cascade: $cascade) { deletedIds errors { field message code } } }"""


async def test_delete_refuses_a_node_with_dependants_unless_cascade(gql: Gql) -> None:
    await load(gql, SEED)
    refused = (await data(gql, DELETE, {"id": "c-acme"}))["deleteNode"]
    assert refused["deletedIds"] == []
    [error] = refused["errors"]
    assert (error["field"], error["code"]) == ("cascade", "HAS_DEPENDANTS")
    assert (await data(gql, '{ customer(id: "c-acme") { id } }'))["customer"] == {"id": "c-acme"}

    done = (await data(gql, DELETE, {"id": "c-acme", "cascade": True}))["deleteNode"]
    assert done["errors"] == []
    assert sorted(done["deletedIds"]) == sorted(
        ["c-acme", "d-acme-mgmt", "d-acme-it", "d-acme-proc", "s-ann", "s-bob", "s-cat", "s-gus", "i-kickoff"]
    )
    left = await data(
        gql,
        """{ customers(first: 10) { edges { node { id } } }
        stakeholders(first: 10) { edges { node { id } } }
        teamMember(id: "tm-eve") { accounts { nodes { customer { id } } } }
        supplier(id: "sup-rival") { customers { nodes { customer { id } } } } }""",
    )
    assert [e["node"]["id"] for e in left["customers"]["edges"]] == ["c-bolt", "c-cure"]
    assert [e["node"]["id"] for e in left["stakeholders"]["edges"]] == ["s-dan"]
    assert left["teamMember"]["accounts"] == [{"customer": {"id": "c-bolt"}}]
    assert left["supplier"]["customers"] == [{"customer": {"id": "c-bolt"}}]


async def test_delete_a_leaf_and_a_shared_node(gql: Gql) -> None:
    await load(gql, SEED)
    assert (await data(gql, DELETE, {"id": "s-gus"}))["deleteNode"] == {"deletedIds": ["s-gus"], "errors": []}
    assert (await data(gql, DELETE, {"id": "ind-auto"}))["deleteNode"] == {
        "deletedIds": ["ind-auto"],
        "errors": [],
    }
    got = await data(
        gql,
        '{ stakeholder(id: "s-bob") { directReports { nodes { id } } } customer(id: "c-acme") {'
        " industry { id } } }",
    )
    assert got == {"stakeholder": {"directReports": []}, "customer": {"industry": None}}


async def test_delete_of_a_missing_node_is_not_found(refusing: Gql) -> None:
    body = await refusing(DELETE, {"id": "nope"})
    assert "errors" not in body
    assert body["data"]["deleteNode"]["errors"] == [
        {"field": "id", "code": "NOT_FOUND", "message": "no node with id 'nope'"}
    ]


async def test_a_refused_mutation_never_hides_a_write_beside_it(gql: Gql) -> None:
    await load(gql, SEED)
    body = await gql(
        """mutation { a: unlink(type: REPORTS_TO, fromId: "s-gus", toId: "s-bob") { deleted errors { code } }
        d: deleteNode(id: "nope") { deletedIds errors { field code } } }"""
    )
    assert "errors" not in body
    assert body["data"] == {
        "a": {"deleted": True, "errors": []},
        "d": {"deletedIds": [], "errors": [{"field": "id", "code": "NOT_FOUND"}]},
    }
    assert (await data(gql, '{ stakeholder(id: "s-gus") { reportsTo { id } } }'))["stakeholder"] == {
        "reportsTo": None
    }


# -- recordInteraction ----------------------------------------------------------

RECORD = """mutation($input: InteractionInput!) { recordInteraction(input: $input) {
  interaction { id name kind at notes } lastContactAt errors { field message code } } }"""


async def record(gql: Gql, **value: Any) -> dict[str, Any]:
    base = {
        "id": "i-1",
        "kind": "MEETING",
        "at": "2026-02-01T10:00:00Z",
        "stakeholderId": "s-cat",
        "teamMemberId": "tm-eve",
    }
    result: dict[str, Any] = (await data(gql, RECORD, {"input": {**base, **value}}))["recordInteraction"]
    return result


async def test_record_interaction_links_both_people_and_sets_last_contact(gql: Gql) -> None:
    await load(gql, SEED)
    result = await record(gql, notes="pricing", at="2026-02-01T11:00:00+01:00")
    assert result == {
        "interaction": {
            "id": "i-1",
            "name": "Meeting 2026-02-01",
            "kind": "MEETING",
            "at": "2026-02-01T10:00:00.000Z",
            "notes": "pricing",
        },
        "lastContactAt": "2026-02-01T10:00:00.000Z",
        "errors": [],
    }
    got = await data(
        gql,
        """{ stakeholder(id: "s-cat") { interactions { nodes { id } }
        coveredBy { nodes { teamMember { id } lastContactAt } } } }""",
    )
    assert got["stakeholder"] == {
        "interactions": [{"id": "i-1"}],
        "coveredBy": [{"teamMember": {"id": "tm-eve"}, "lastContactAt": "2026-02-01T10:00:00.000Z"}],
    }
    graph = await data(gql, '{ relationshipMap(rootId: "i-1", depth: 1) { edges { type source target } } }')
    assert sorted((e["type"], e["target"]) for e in graph["relationshipMap"]["edges"]) == [
        ("BY", "tm-eve"),
        ("RELATES_TO", "s-cat"),
        ("WITH", "s-cat"),
    ]


async def test_last_contact_never_moves_backwards(gql: Gql) -> None:
    await load(gql, SEED)
    # Ann's coverage by Eve was last refreshed on 2026-01-10.
    older = await record(gql, id="i-old", stakeholderId="s-ann", at="2025-12-24T08:00:00Z")
    assert older["errors"] == []
    assert older["lastContactAt"] == "2026-01-10T09:00:00.000Z"
    newer = await record(gql, id="i-new", stakeholderId="s-ann", at="2026-03-01")
    assert newer["lastContactAt"] == "2026-03-01T00:00:00.000Z"
    got = await data(
        gql,
        """{ stakeholder(id: "s-ann") { interactions { nodes { id } }
        coveredBy { nodes { strength acceptance lastContactAt } } } }""",
    )
    assert sorted(ids(got["stakeholder"]["interactions"])) == ["i-kickoff", "i-new", "i-old"]
    # Refreshing the date leaves the scored quality alone.
    assert got["stakeholder"]["coveredBy"] == [
        {"strength": 0.8, "acceptance": 0.9, "lastContactAt": "2026-03-01T00:00:00.000Z"}
    ]


async def test_record_interaction_twice_is_one_interaction(gql: Gql) -> None:
    await load(gql, SEED)
    await record(gql)
    await record(gql)
    got = await data(gql, '{ stakeholder(id: "s-cat") { interactions { nodes { id } } } }')
    assert got["stakeholder"]["interactions"] == [{"id": "i-1"}]


@pytest.mark.parametrize(
    ("value", "field", "code"),
    [
        ({"at": "soon"}, "input.at", "INVALID"),
        ({"stakeholderId": "nobody"}, "input.stakeholderId", "NOT_FOUND"),
        ({"teamMemberId": "nobody"}, "input.teamMemberId", "NOT_FOUND"),
        ({"stakeholderId": "tm-finn"}, "input.stakeholderId", "INVALID"),
        ({"teamMemberId": "s-ann"}, "input.teamMemberId", "INVALID"),
        ({"id": "s-ann"}, "input.id", "CONFLICT"),
        ({"notes": "n" * 5001}, "input.notes", "INVALID"),
    ],
)
async def test_record_interaction_errors_name_the_field(
    refusing: Gql, value: dict[str, Any], field: str, code: str
) -> None:
    result = await record(refusing, **value)
    assert result["interaction"] is None
    assert (field, code) in [(e["field"], e["code"]) for e in result["errors"]], result["errors"]
    got = await data(
        refusing,
        '{ stakeholder(id: "s-cat") { interactions { nodes { id } } coveredBy { nodes { teamMember'
        " { id } } } } }",
    )
    assert got["stakeholder"] == {"interactions": [], "coveredBy": []}


COVERED = """query($id: ID!) { stakeholder(id: $id) { interactions { nodes { id } }
  coveredBy { nodes { teamMember { id } strength lastContactAt } } } }"""


async def covered_by(gql: Gql, stakeholder: str) -> dict[str, str | None]:
    got = (await data(gql, COVERED, {"id": stakeholder}))["stakeholder"]["coveredBy"]
    return {c["teamMember"]["id"]: c["lastContactAt"] for c in got}


async def test_an_interaction_with_several_people_on_each_side(gql: Gql) -> None:
    await load(gql, SEED)
    recorded = await record(
        gql,
        stakeholderId=None,
        teamMemberId=None,
        stakeholderIds=["s-cat", "s-gus", "s-cat"],
        teamMemberIds=["tm-eve", "tm-finn"],
        at="2026-02-01",
    )
    assert recorded["errors"] == []
    day = "2026-02-01T00:00:00.000Z"
    assert recorded["lastContactAt"] == day
    for stakeholder in ("s-cat", "s-gus"):
        # Every team member met every stakeholder; no strength is made up for them.
        assert await covered_by(gql, stakeholder) == {"tm-eve": day, "tm-finn": day}
        got = (await data(gql, COVERED, {"id": stakeholder}))["stakeholder"]
        assert got["interactions"] == [{"id": "i-1"}]
        assert {c["strength"] for c in got["coveredBy"]} == {None}
    interaction = await data(
        gql,
        '{ node(id: "i-1") { ... on Interaction { stakeholders { nodes { id } } teamMembers { nodes'
        " { id } } } } }",
    )
    assert sorted(ids(interaction["node"]["stakeholders"])) == ["s-cat", "s-gus"]
    assert sorted(ids(interaction["node"]["teamMembers"])) == ["tm-eve", "tm-finn"]


async def test_adding_a_participant_later_updates_their_last_contact(gql: Gql) -> None:
    await load(gql, SEED)
    assert (await record(gql, at="2026-02-01"))["errors"] == []
    link = """mutation($input: LinkInput!) { link(input: $input) { errors { field message } } }"""
    joined = {"type": "WITH", "fromId": "i-1", "toId": "s-gus"}
    assert (await data(gql, link, {"input": joined}))["link"]["errors"] == []
    assert await covered_by(gql, "s-gus") == {"tm-eve": "2026-02-01T00:00:00.000Z"}
    colleague = {"type": "BY", "fromId": "i-1", "toId": "tm-finn"}
    assert (await data(gql, link, {"input": colleague}))["link"]["errors"] == []
    for stakeholder in ("s-cat", "s-gus"):
        assert (await covered_by(gql, stakeholder))["tm-finn"] == "2026-02-01T00:00:00.000Z"
    # Ann's tie to Eve was refreshed on 2026-01-10 and is never moved backwards.
    older = {"type": "WITH", "fromId": "i-kickoff", "toId": "s-ann"}
    assert (await data(gql, link, {"input": older}))["link"]["errors"] == []
    assert (await covered_by(gql, "s-ann"))["tm-eve"] >= "2026-01-10T09:00:00.000Z"


@pytest.mark.parametrize(
    ("value", "field"),
    [
        ({"at": "2999-01-01"}, "input.at"),
        ({"stakeholderId": None}, "input.stakeholderIds"),
        ({"teamMemberId": None, "teamMemberIds": []}, "input.teamMemberIds"),
        ({"stakeholderIds": [f"s-{i}" for i in range(51)]}, "input.stakeholderIds"),
    ],
)
async def test_interaction_input_refused_as_bad_user_input(
    refusing: Gql, value: dict[str, Any], field: str
) -> None:
    body = await refusing(
        RECORD,
        {
            "input": {
                "id": "i-1",
                "kind": "CALL",
                "at": "2026-02-01",
                "stakeholderId": "s-cat",
                "teamMemberId": "tm-eve",
                **value,
            }
        },
    )
    assert "errors" not in body
    [error] = body["data"]["recordInteraction"]["errors"]
    assert (error["field"], error["code"]) == (field, "INVALID")
    assert await stored(refusing, "i-1") is None


async def test_a_date_within_a_day_ahead_is_accepted(gql: Gql) -> None:
    # Time zones: "today" somewhere is already tomorrow in UTC.
    await load(gql, SEED)
    soon = (datetime.now(UTC) + timedelta(hours=20)).isoformat()
    assert (await record(gql, at=soon))["errors"] == []


async def test_a_participant_in_a_list_is_named_by_its_position(refusing: Gql) -> None:
    result = await record(refusing, stakeholderIds=["s-gus", "nobody"])
    assert ("input.stakeholderIds[1]", "NOT_FOUND") in [(e["field"], e["code"]) for e in result["errors"]]


# -- importGraph -----------------------------------------------------------------

IMPORT = """mutation($data: JSON!) { importGraph(data: $data) {
  ok nodesWritten relationshipsWritten errors { section index entity field message } } }"""


async def test_import_writes_everything_and_reports_counts(gql: Gql) -> None:
    report = (await data(gql, IMPORT, {"data": SEED}))["importGraph"]
    assert report == {
        "ok": True,
        "nodesWritten": len(SEED["nodes"]),
        "relationshipsWritten": len(SEED["relationships"]),
        "errors": [],
    }
    again = (await data(gql, IMPORT, {"data": SEED}))["importGraph"]
    assert again["ok"] is True
    assert await count(gql, "stakeholders") == 5


async def test_import_with_a_bad_row_writes_nothing_and_reports_each_row(refusing: Gql) -> None:
    document = {
        "nodes": [
            node("Customer", "c1", "Good One"),
            node("Customer", "c2", "Bad Tier", tier="GOLD"),
            node("Stakeholder", "s1", "Good Person"),
            {"label": "Planet", "id": "p1", "properties": {"name": "Mars"}},
        ],
        "relationships": [
            rel("HAS_DEPARTMENT", "c1", "s1"),
            rel("KNOWS", "s1", "ghost"),
            rel("INFLUENCES", "s1", "s1"),
        ],
    }
    report = (await data(refusing, IMPORT, {"data": document}))["importGraph"]
    assert report["ok"] is False
    assert (report["nodesWritten"], report["relationshipsWritten"]) == (0, 0)
    rows = {(e["section"], e["index"], e["field"]) for e in report["errors"]}
    assert rows == {
        ("nodes", 1, "properties.tier"),
        ("nodes", 3, "label"),
        ("relationships", 0, "to"),
        ("relationships", 1, "to"),
        ("relationships", 2, "to"),
    }
    bad_tier = next(e for e in report["errors"] if e["index"] == 1 and e["section"] == "nodes")
    assert bad_tier["entity"] == "Customer"
    assert "GOLD" in bad_tier["message"]
    assert (await stored(refusing, "c1"), await stored(refusing, "s1")) == (None, None)


@pytest.mark.parametrize("document", [[], "nodes", {"nodes": {}}, {"nodes": [], "extra": 1}])
async def test_import_refuses_a_malformed_document(refusing: Gql, document: Any) -> None:
    report = (await data(refusing, IMPORT, {"data": document}))["importGraph"]
    assert report["ok"] is False
    assert report["errors"]
