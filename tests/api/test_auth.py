"""Who may do what, over HTTP with authentication required and real API keys.

The keys are created through ``KeyStore`` in the test's own key file and sent
as ``Authorization: Bearer rgk_...``.  The account member is bound to Acme
(``c-acme``); Bolt (``c-bolt``) is outside its scope.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.auth import KeyStore, Role
from api.auth.settings import AuthSettings
from graph_model.settings import StoreSettings
from tests.api.support import SEED, CountingEngine, Gql, ids, load, make_gql, node, rel, serve
from tests.graph_targets import GraphTarget

ROLES = ("admin", "editor", "analyst", "member")


@dataclass
class Server:
    client: httpx.AsyncClient
    gql: Gql
    headers: dict[str, dict[str, str]]
    keys_path: Path

    async def run(self, role: str, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        return await self.gql(query, variables, headers=self.headers[role], status=None)


def create_keys(keys_path: Path, member_accounts: list[str]) -> dict[str, dict[str, str]]:
    store = KeyStore(keys_path)
    keys = {
        "admin": store.create(Role.ADMIN),
        "editor": store.create(Role.EDITOR),
        "analyst": store.create(Role.ANALYST),
        "member": store.create(Role.ACCOUNT_MEMBER, member_accounts),
    }
    return {role: {"Authorization": f"Bearer {created.key}"} for role, created in keys.items()}


@pytest.fixture(scope="module")
async def shared(
    graph_target: GraphTarget, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Server]:
    """One seeded graph behind an auth-required app, for the read-only tests."""
    keys_path = tmp_path_factory.mktemp("keys") / "api-keys.json"
    settings = await graph_target.fresh_settings()
    headers = create_keys(keys_path, ["c-acme"])
    engines: list[CountingEngine] = []
    async with serve(settings, AuthSettings(mode="on", keys_path=keys_path), engines=engines) as client:
        server = Server(client, make_gql(client), headers, keys_path)
        await load(server.gql, SEED, headers=headers["admin"])
        yield server
        await engines[0].drop_all()


@pytest.fixture
async def fresh(store_settings: StoreSettings, auth_settings: AuthSettings) -> AsyncIterator[Server]:
    """A seeded graph of its own, for tests that write."""
    settings = AuthSettings(mode="on", keys_path=auth_settings.keys_path)
    headers = create_keys(settings.keys_path, ["c-acme"])
    engines: list[CountingEngine] = []
    async with serve(store_settings, settings, engines=engines) as client:
        server = Server(client, make_gql(client), headers, settings.keys_path)
        await load(server.gql, SEED, headers=headers["admin"])
        yield server
        await engines[0].drop_all()


# -- authentication ---------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer rgk_000000000000_" + "x" * 43},
        {"Authorization": "Bearer not-a-key"},
        {"Authorization": "Basic YWRtaW46YWRtaW4="},
    ],
)
async def test_requests_without_a_valid_key_are_refused(shared: Server, headers: dict[str, str]) -> None:
    response = await shared.client.post(
        "/graphql", json={"query": '{ customer(id: "c-acme") { name } }'}, headers=headers
    )
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    body = response.json()
    assert "data" not in body or body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert "Acme" not in response.text


async def test_a_revoked_key_stops_working(shared: Server) -> None:
    store = KeyStore(shared.keys_path)
    created = store.create(Role.ADMIN)
    headers = {"Authorization": f"Bearer {created.key}"}
    ok = await shared.gql('{ customer(id: "c-acme") { id } }', headers=headers)
    assert ok["data"] == {"customer": {"id": "c-acme"}}
    store.revoke(created.record.key_id)
    refused = await shared.gql('{ customer(id: "c-acme") { id } }', headers=headers, status=401)
    assert refused["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


# -- the role x operation table ----------------------------------------------------

ALLOWED, HIDDEN, FORBIDDEN = "allowed", "hidden", "forbidden"


@dataclass(frozen=True)
class Operation:
    query: str
    # What the data looks like when the call is allowed, and when the target is out of scope.
    allowed: Callable[[dict[str, Any]], bool]
    hidden: Callable[[dict[str, Any]], bool] = lambda data: False
    # Set when an out-of-scope target is refused with this error code, as a missing one is.
    hidden_code: str | None = None


def map_ids(data: dict[str, Any]) -> set[str]:
    return set(ids(data["relationshipMap"]["nodes"]))


# relationshipMap(c-acme, depth 2) minus what belongs to Bolt (c-bolt, s-dan).
ACME_MAP = {
    "c-acme",
    "ind-auto",
    "d-acme-mgmt",
    "d-acme-proc",
    "sup-us",
    "sup-rival",
    "tm-eve",
    "tm-finn",
    "d-acme-it",
    "s-ann",
    "s-cat",
    "s-bob",
    "i-kickoff",
}

READS: dict[str, Operation] = {
    "read customer": Operation(
        '{ customer(id: "c-acme") { id name stakeholders { nodes { id } } } }',
        allowed=lambda d: (
            d["customer"]
            == {
                "id": "c-acme",
                "name": "Acme Motors",
                "stakeholders": {"nodes": [{"id": i} for i in ("s-ann", "s-bob", "s-cat", "s-gus")]},
            }
        ),
    ),
    "read foreign customer": Operation(
        '{ customer(id: "c-bolt") { id } }',
        allowed=lambda d: d["customer"] == {"id": "c-bolt"},
        hidden_code="NOT_FOUND",
    ),
    "list customers": Operation(
        "{ customers(first: 10) { totalCount edges { node { id } } } }",
        allowed=lambda d: (
            [e["node"]["id"] for e in d["customers"]["edges"]] == ["c-acme", "c-bolt", "c-cure"]
            and d["customers"]["totalCount"] == 3
        ),
        hidden=lambda d: (
            [e["node"]["id"] for e in d["customers"]["edges"]] == ["c-acme"]
            and d["customers"]["totalCount"] == 1
        ),
    ),
    "relationshipMap": Operation(
        '{ relationshipMap(rootId: "c-acme", depth: 2) { nodes { id } } }',
        allowed=lambda d: map_ids(d) == ACME_MAP | {"c-bolt", "s-dan"},
        hidden=lambda d: map_ids(d) == ACME_MAP,
    ),
    "relationshipMap of foreign root": Operation(
        '{ relationshipMap(rootId: "c-bolt", depth: 2) { nodes { id } } }',
        allowed=lambda d: "d-bolt-eng" in map_ids(d),
        hidden_code="NOT_FOUND",
    ),
    "search": Operation(
        '{ search(text: "acme", labels: [CUSTOMER]) { nodes { node { id } } } }',
        allowed=lambda d: [h["node"]["id"] for h in d["search"]["nodes"]] == ["c-acme"],
    ),
    "search by name": Operation(
        '{ search(text: "bolt", labels: [CUSTOMER, DEPARTMENT]) { nodes { node { id } } } }',
        allowed=lambda d: sorted(h["node"]["id"] for h in d["search"]["nodes"]) == ["c-bolt", "d-bolt-eng"],
        hidden=lambda d: d["search"]["nodes"] == [],
    ),
    "orgChart": Operation(
        '{ orgChart(customerId: "c-acme") { roots { department { id } } } }',
        allowed=lambda d: (
            [r["department"]["id"] for r in d["orgChart"]["roots"]] == ["d-acme-mgmt", "d-acme-proc"]
        ),
    ),
    "orgChart of foreign account": Operation(
        '{ orgChart(customerId: "c-bolt") { roots { department { id } } } }',
        allowed=lambda d: d["orgChart"] is not None,
        hidden_code="NOT_FOUND",
    ),
}

READ_TABLE: dict[str, dict[str, str]] = {
    #                                   admin    editor   analyst  member
    "read customer": dict(zip(ROLES, (ALLOWED, ALLOWED, ALLOWED, ALLOWED), strict=True)),
    "read foreign customer": dict(zip(ROLES, (ALLOWED, ALLOWED, ALLOWED, HIDDEN), strict=True)),
    "list customers": dict(zip(ROLES, (ALLOWED, ALLOWED, ALLOWED, HIDDEN), strict=True)),
    "relationshipMap": dict(zip(ROLES, (ALLOWED, ALLOWED, ALLOWED, HIDDEN), strict=True)),
    "relationshipMap of foreign root": dict(zip(ROLES, (ALLOWED, ALLOWED, ALLOWED, HIDDEN), strict=True)),
    "search": dict(zip(ROLES, (ALLOWED, ALLOWED, ALLOWED, ALLOWED), strict=True)),
    "search by name": dict(zip(ROLES, (ALLOWED, ALLOWED, ALLOWED, HIDDEN), strict=True)),
    "orgChart": dict(zip(ROLES, (ALLOWED, ALLOWED, ALLOWED, ALLOWED), strict=True)),
    "orgChart of foreign account": dict(zip(ROLES, (ALLOWED, ALLOWED, ALLOWED, HIDDEN), strict=True)),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", list(READ_TABLE))
async def test_read_table(shared: Server, operation: str, role: str) -> None:
    op, expected = READS[operation], READ_TABLE[operation][role]
    body = await shared.run(role, op.query)
    if expected == HIDDEN and op.hidden_code is not None:
        assert [e["extensions"]["code"] for e in body["errors"]] == [op.hidden_code], body
        assert set(body["data"].values()) == {None}, body
        return
    assert "errors" not in body, body
    check = op.allowed if expected == ALLOWED else op.hidden
    assert check(body["data"]), body["data"]


WRITES: dict[str, Operation] = {
    "upsert": Operation(
        'mutation { upsertStakeholder(input: {id: "s-ann", name: "Ann Archer", title: "CEO and Chair"}) {'
        " stakeholder { title } errors { field code } } }",
        allowed=lambda d: d["upsertStakeholder"] == {"stakeholder": {"title": "CEO and Chair"}, "errors": []},
    ),
    "upsert foreign": Operation(
        'mutation { upsertStakeholder(input: {id: "s-dan", name: "Dan", title: "Spy"}) {'
        " stakeholder { title } errors { field code } } }",
        allowed=lambda d: d["upsertStakeholder"] == {"stakeholder": {"title": "Spy"}, "errors": []},
        hidden=lambda d: (
            d["upsertStakeholder"]
            == {"stakeholder": None, "errors": [{"field": "input.id", "code": "CONFLICT"}]}
        ),
    ),
    "link": Operation(
        'mutation { link(input: {type: RELATES_TO, fromId: "tm-finn", toId: "s-cat",'
        " properties: {strength: 0.5}}) { edge { id } errors { field code } } }",
        allowed=lambda d: d["link"] == {"edge": {"id": "RELATES_TO:tm-finn->s-cat"}, "errors": []},
    ),
    "link foreign": Operation(
        'mutation { link(input: {type: RELATES_TO, fromId: "tm-finn", toId: "s-dan"})'
        " { edge { id } errors { field code message } } }",
        allowed=lambda d: d["link"] == {"edge": {"id": "RELATES_TO:tm-finn->s-dan"}, "errors": []},
        hidden=lambda d: (
            d["link"]
            == {
                "edge": None,
                "errors": [
                    {"field": "input.toId", "code": "NOT_FOUND", "message": "no node with id 's-dan'"}
                ],
            }
        ),
    ),
    "unlink": Operation(
        'mutation { unlink(type: REPORTS_TO, fromId: "s-gus", toId: "s-bob") { deleted errors { code } } }',
        allowed=lambda d: d["unlink"] == {"deleted": True, "errors": []},
    ),
    "unlink foreign": Operation(
        'mutation { unlink(type: INFLUENCES, fromId: "s-dan", toId: "s-bob") { deleted errors { code } } }',
        allowed=lambda d: d["unlink"] == {"deleted": True, "errors": []},
        hidden=lambda d: d["unlink"] == {"deleted": False, "errors": []},
    ),
    "delete": Operation(
        'mutation { deleteNode(id: "s-gus") { deletedIds errors { code } } }',
        allowed=lambda d: d["deleteNode"] == {"deletedIds": ["s-gus"], "errors": []},
    ),
    "delete foreign": Operation(
        'mutation { deleteNode(id: "s-dan") { deletedIds errors { code } } }',
        allowed=lambda d: d["deleteNode"] == {"deletedIds": ["s-dan"], "errors": []},
        hidden_code="NOT_FOUND",
    ),
}

WRITE_TABLE: dict[str, dict[str, str]] = {
    #                          admin    editor   analyst    member
    "upsert": dict(zip(ROLES, (ALLOWED, ALLOWED, FORBIDDEN, ALLOWED), strict=True)),
    "upsert foreign": dict(zip(ROLES, (ALLOWED, ALLOWED, FORBIDDEN, HIDDEN), strict=True)),
    "link": dict(zip(ROLES, (ALLOWED, ALLOWED, FORBIDDEN, ALLOWED), strict=True)),
    "link foreign": dict(zip(ROLES, (ALLOWED, ALLOWED, FORBIDDEN, HIDDEN), strict=True)),
    "unlink": dict(zip(ROLES, (ALLOWED, ALLOWED, FORBIDDEN, ALLOWED), strict=True)),
    "unlink foreign": dict(zip(ROLES, (ALLOWED, ALLOWED, FORBIDDEN, HIDDEN), strict=True)),
    "delete": dict(zip(ROLES, (ALLOWED, ALLOWED, FORBIDDEN, ALLOWED), strict=True)),
    "delete foreign": dict(zip(ROLES, (ALLOWED, ALLOWED, FORBIDDEN, HIDDEN), strict=True)),
}

# What each write leaves behind, read back as admin; each write touches one entry.
AFTER = """{ ann: stakeholder(id: "s-ann") { title } dan: stakeholder(id: "s-dan") { title }
  cat: stakeholder(id: "s-cat") { coveredBy { nodes { teamMember { id } } } }
  danCoverage: stakeholder(id: "s-dan") { coveredBy { nodes { teamMember { id } } } }
  gus: stakeholder(id: "s-gus") { reportsTo { id } }
  bob: stakeholder(id: "s-bob") { influencedBy { nodes { strength } } } }"""
EFFECTS = {
    "upsert": "ann",
    "upsert foreign": "dan",
    "link": "cat",
    "link foreign": "danCoverage",
    "unlink": "gus",
    "unlink foreign": "bob",
    "delete": "gus",
    "delete foreign": "dan",
}


@pytest.mark.parametrize("role", ROLES)
async def test_write_table(fresh: Server, role: str) -> None:
    for operation, row in WRITE_TABLE.items():
        op, expected, effect = WRITES[operation], row[role], EFFECTS[operation]
        before = (await fresh.run("admin", AFTER))["data"]
        body = await fresh.run(role, op.query)
        after = (await fresh.run("admin", AFTER))["data"]
        if expected == FORBIDDEN:
            assert [e["code"] for e in payload_errors(body)] == ["FORBIDDEN"], (operation, body)
        elif expected == HIDDEN and op.hidden_code is not None:
            assert [e["code"] for e in payload_errors(body)] == [op.hidden_code], (operation, body)
        else:
            assert "errors" not in body, (operation, body)
            check = op.allowed if expected == ALLOWED else op.hidden
            assert check(body["data"]), (operation, body["data"])
        changed = {k for k in after if after[k] != before[k]}
        if expected == ALLOWED:
            assert effect in changed, operation
            assert changed <= {effect, *(k for k in after if after[k] is None)}, operation
        else:
            assert changed == set(), operation


async def test_analyst_may_not_import_delete_or_record(fresh: Server) -> None:
    for mutation in (
        'mutation { deleteNode(id: "s-gus") { deletedIds errors { code } } }',
        "mutation { importGraph(data: {nodes: []}) { ok errors { code } } }",
        'mutation { upsertIndustry(input: {id: "ind-x", name: "X"}) { errors { code } } }',
        'mutation { recordInteraction(input: {id: "i-x", kind: CALL, at: "2026-01-01",'
        ' stakeholderId: "s-ann", teamMemberId: "tm-eve"}) { errors { code } } }',
    ):
        body = await fresh.run("analyst", mutation)
        assert [e["code"] for e in payload_errors(body)] == ["FORBIDDEN"], body


def payload_errors(body: dict[str, Any]) -> list[dict[str, Any]]:
    """The user errors of a one-mutation document: refusals are in the payload, never top-level."""
    assert "errors" not in body, body
    [payload] = body["data"].values()
    errors: list[dict[str, Any]] = payload["errors"]
    return errors


# -- an id outside the scope looks exactly like a missing one ------------------------

LOOKS_MISSING = [
    '{ customer(id: "ID") { id name } }',
    '{ stakeholder(id: "ID") { id } }',
    '{ node(id: "ID") { id } }',
    '{ relationshipMap(rootId: "ID", depth: 4) { nodes { id } } }',
    '{ orgChart(customerId: "ID") { customer { id } } }',
    '{ stakeholders(first: 5, filter: {customerId: "ID"}) { totalCount edges { node { id } } } }',
    '{ customers(first: 5, filter: {industryId: "ID"}) { totalCount } }',
    'mutation { deleteNode(id: "ID") { deletedIds errors { field message code } } }',
    'mutation { deleteNode(id: "ID", cascade: true) { deletedIds errors { field message code } } }',
    'mutation { link(input: {type: KNOWS, fromId: "s-ann", toId: "ID"})'
    " { edge { id } errors { field message code } } }",
    'mutation { link(input: {type: MANAGES, fromId: "tm-eve", toId: "ID"})'
    " { edge { id } errors { field message code } } }",
    'mutation { unlink(type: KNOWS, fromId: "s-bob", toId: "ID") { deleted } }',
    'mutation { recordInteraction(input: {id: "i-x", kind: CALL, at: "2026-01-01", stakeholderId: "ID",'
    ' teamMemberId: "tm-eve"}) { interaction { id } errors { field message code } } }',
]


@pytest.mark.parametrize("foreign", ["c-bolt", "s-dan", "d-bolt-eng"])
@pytest.mark.parametrize("query", LOOKS_MISSING)
async def test_out_of_scope_ids_look_missing(shared: Server, query: str, foreign: str) -> None:
    seen = await shared.run("member", query.replace("ID", foreign))
    missing = await shared.run("member", query.replace("ID", "x-none"))
    assert json.dumps(seen).replace(foreign, "x-none") == json.dumps(missing)
    # And nothing was changed on the way (the graph is shared with the read tests).
    still = await shared.run("admin", "query($id: ID!) { node(id: $id) { id } }", {"id": foreign})
    assert still["data"]["node"] == {"id": foreign}


# -- personal data -----------------------------------------------------------------

PII = """{ stakeholder(id: "s-ann") { email phone title }
  teamMember(id: "tm-eve") { email title relationships { nodes { stakeholder { email } } } }
  stakeholders(first: 10) { edges { node { email } } }
  search(text: "ann") { nodes { node { ... on Stakeholder { email } } } }
  orgChart(customerId: "c-acme") { roots { members { stakeholder { email phone } } } }
  relationshipMap(rootId: "s-ann", depth: 1) { nodes { id properties } elements
    entities { ... on Stakeholder { email } ... on TeamMember { email } } } }"""


@pytest.mark.parametrize("role", ROLES)
async def test_personal_data_is_hidden_from_analysts_only(shared: Server, role: str) -> None:
    response = await shared.client.post("/graphql", json={"query": PII}, headers=shared.headers[role])
    body = response.json()
    assert "errors" not in body, body
    data = body["data"]
    assert data["stakeholder"]["title"] == "CEO"
    emails = ("ann@acme.test", "+1 555 0100", "eve@us.test", "bob@acme.test")
    if role == "analyst":
        assert data["stakeholder"] == {"email": None, "phone": None, "title": "CEO"}
        assert data["teamMember"]["email"] is None
        assert data["teamMember"]["title"] == "Account Executive"
        ann = next(n for n in data["relationshipMap"]["nodes"] if n["id"] == "s-ann")
        assert ann["properties"]["title"] == "CEO"
        assert not any(value in response.text for value in emails)
        assert "@" not in response.text
    else:
        assert data["stakeholder"] == {"email": "ann@acme.test", "phone": "+1 555 0100", "title": "CEO"}
        assert all(value in response.text for value in emails)


# -- canary: nothing of another account ever shows up ---------------------------------

CANARY_A = "kestrelAAA"
CANARY_B = "marmotBBB"


def account(key: str, canary: str) -> dict[str, Any]:
    """One account with the canary in every name, title, email, note and edge property."""
    k, c = key, canary
    return {
        "nodes": [
            node("Customer", f"c-{k}", f"{c} Corp", region=c),
            node("Department", f"d-{k}-top", f"{c} Board", function="MANAGEMENT"),
            node("Department", f"d-{k}-sub", f"{c} Lab", function="RESEARCH"),
            node(
                "Stakeholder",
                f"s-{k}-boss",
                f"Boss {c}",
                title=f"{c} chief",
                email=f"boss@{c}.test",
                phone=f"{c}-phone",
                seniority="C_LEVEL",
                buyingRole="DECISION_MAKER",
            ),
            node(
                "Stakeholder",
                f"s-{k}-eng",
                f"Eng {c}",
                title=f"{c} engineer",
                email=f"eng@{c}.test",
                seniority="STAFF",
            ),
            node("Interaction", f"i-{k}", f"{c} lunch", kind="MEETING", at="2026-01-01T12:00:00Z", notes=c),
        ],
        "relationships": [
            rel("HAS_DEPARTMENT", f"c-{k}", f"d-{k}-top"),
            rel("PART_OF", f"d-{k}-sub", f"d-{k}-top"),
            rel("WORKS_IN", f"s-{k}-boss", f"d-{k}-top", title=c),
            rel("WORKS_IN", f"s-{k}-eng", f"d-{k}-sub", title=c),
            rel("REPORTS_TO", f"s-{k}-eng", f"s-{k}-boss"),
            rel("INFLUENCES", f"s-{k}-eng", f"s-{k}-boss", strength=0.5),
            rel("IN_INDUSTRY", f"c-{k}", "ind-shared"),
            rel("SUPPLIES", "sup-shared", f"c-{k}", category=c, annualValue=10.0),
            rel("MANAGES", "tm-shared", f"c-{k}", role="OWNER"),
            rel("RELATES_TO", "tm-shared", f"s-{k}-boss", strength=0.7, lastContactAt="2026-01-01T12:00:00Z"),
            rel("PREFERS", f"s-{k}-eng", "sup-shared", strength=0.3),
            rel("WITH", f"i-{k}", f"s-{k}-boss"),
            rel("BY", f"i-{k}", "tm-shared"),
        ],
    }


def canary_graph() -> dict[str, Any]:
    a, b = account("a", CANARY_A), account("b", CANARY_B)
    return {
        "nodes": [
            node("Industry", "ind-shared", "Shared industry"),
            node("Supplier", "sup-shared", "Shared supplier", category="Software"),
            node("TeamMember", "tm-shared", "Shared seller", title="AE", email="seller@us.test"),
            *a["nodes"],
            *b["nodes"],
        ],
        "relationships": [
            *a["relationships"],
            *b["relationships"],
            # Ties across the two accounts, where a scoped read could slip over.
            rel("KNOWS", "s-a-boss", "s-b-boss", strength=0.9, context="golf"),
            rel("KNOWS", "s-b-eng", "s-a-eng", strength=0.4),
            rel("INFLUENCES", "s-b-boss", "s-a-boss", strength=0.8),
            rel("INFLUENCES", "s-a-eng", "s-b-eng", strength=0.2),
        ],
    }


STAKEHOLDER_DEEP = """id name title email phone seniority
  customer { id name region } department { id name parent { id name } children { nodes { id name } } }
  reportsTo { id name } directReports { nodes { id name } }
  influences { nodes { stakeholder { id name email } strength } }
  influencedBy { nodes { stakeholder { id name email } strength } }
  knows { nodes { stakeholder { id name title email } strength context } }
  coveredBy { nodes { strength lastContactAt
    teamMember { id name accounts { nodes { customer { id name } } } relationships { nodes {
      stakeholder { id name } } } } } }
  preferredSuppliers { nodes { supplier { id name customers { nodes { customer { id name } category
    } } } strength } }
  interactions { nodes { id name notes } }"""
CUSTOMER_DEEP = """id name region industry { customers { nodes { id name } } }
  departments { nodes { id name children { nodes { id name } } stakeholders { nodes { id name } } }
    } allDepartments { nodes { id name } }
  stakeholders { nodes { id name title } } suppliers { nodes { supplier { id } customer { id name }
    category } }
  team { nodes { teamMember { id accounts { nodes { customer { id name } } } } } }"""
SHARED_NODES = """industry(id: "ind-shared") { customers { nodes { id name } } }
  supplier(id: "sup-shared") { customers { nodes { customer { name } } } }
  teamMember(id: "tm-shared") { accounts { nodes { customer { name } } } relationships { nodes {
    stakeholder { name } } } }"""
MAP_DEEP = (
    "nodes { id name properties } edges { id source target type properties } elements entities { id name }"
)
BY_ID = (
    "node(id: $id) { id name } customer(id: $id) { name } stakeholder(id: $id) { name }"
    " department(id: $id) { name }"
)

STAKEHOLDERS_BY = (
    "query($f: StakeholderFilter) { stakeholders(first: 100, filter: $f)"
    " { totalCount edges { node { name } } } }"
)
# Each query with its variables, and whether it should show the member its own account's canary.
CANARY_QUERIES: list[tuple[str, dict[str, Any], bool]] = [
    (f"{{ customers(first: 100) {{ totalCount edges {{ node {{ {CUSTOMER_DEEP} }} }} }} }}", {}, True),
    (f"{{ stakeholders(first: 100) {{ totalCount edges {{ node {{ {STAKEHOLDER_DEEP} }} }} }} }}", {}, True),
    (
        "{ suppliers(first: 100) { edges { node { id name"
        " customers { nodes { customer { id name } category } } } } } }",
        {},
        True,
    ),
    (
        "{ teamMembers(first: 100) { edges { node { id name accounts { nodes { customer { id name"
        " region } role } }"
        " relationships { nodes { stakeholder { id name email } strength } } } } } }",
        {},
        True,
    ),
    (
        "{ industries(first: 100) { edges { node { id name"
        " customers { nodes { id name } } suppliers { nodes { id name } } } } } }",
        {},
        True,
    ),
    (
        STAKEHOLDERS_BY,
        {"f": {"nameContains": "BBB"}},
        False,
    ),
    (
        STAKEHOLDERS_BY,
        {"f": {"customerId": "c-b"}},
        False,
    ),
    (
        "query($f: CustomerFilter) { customers(first: 100, filter: $f) {"
        " totalCount edges { node { id name } } } }",
        {"f": {"industryId": "ind-shared"}},
        True,
    ),
    (
        "{ customers(first: 100, orderBy: {field: ANNUAL_REVENUE, direction: DESC})"
        " { edges { node { name } } } }",
        {},
        True,
    ),
    (
        "query($t: String!) { search(text: $t, first: 100) { nodes { node { id name } } } }",
        {"t": CANARY_B},
        False,
    ),
    (
        "query($t: String!) { search(text: $t, first: 100) { nodes { node { id name } } } }",
        {"t": "boss"},
        True,
    ),
    ('{ search(text: "lab", first: 100, labels: [DEPARTMENT]) { nodes { node { id name } } } }', {}, True),
    ('{ orgChart(customerId: "c-b") { customer { name } } }', {}, False),
    (f"{{ {SHARED_NODES} }}", {}, True),
    *[
        (f"query($id: ID!) {{ {BY_ID} }}", {"id": i}, False)
        for i in ("c-b", "s-b-boss", "s-b-eng", "d-b-top", "d-b-sub", "i-b")
    ],
    *[
        (
            f"query($id: ID!) {{ relationshipMap(rootId: $id, depth: 4, limit: 5000) {{ {MAP_DEEP} }} }}",
            {"id": r},
            True,
        )
        for r in ("c-a", "s-a-boss", "s-a-eng", "d-a-sub", "i-a", "ind-shared", "sup-shared", "tm-shared")
    ],
    *[
        (f"query($id: ID!) {{ stakeholder(id: $id) {{ {STAKEHOLDER_DEEP} }} }}", {"id": r}, True)
        for r in ("s-a-boss", "s-a-eng")
    ],
]


async def test_canary_of_another_account_never_appears(fresh: Server) -> None:
    await load(fresh.gql, canary_graph(), headers=fresh.headers["admin"])
    member_a = {
        "Authorization": f"Bearer {KeyStore(fresh.keys_path).create(Role.ACCOUNT_MEMBER, ['c-a']).key}"
    }
    for query, variables, shows_a in CANARY_QUERIES:
        request = {"query": query, "variables": variables}
        response = await fresh.client.post("/graphql", json=request, headers=member_a)
        assert response.status_code == 200, response.text
        # Another account's ids look missing: NOT_FOUND is the only refusal allowed.
        refusals = {e["extensions"]["code"] for e in response.json().get("errors", [])}
        assert refusals <= {"NOT_FOUND"}, (query, response.text)
        assert CANARY_B not in response.text, (query, variables)
        assert (CANARY_A in response.text) is shows_a, (query, variables)
        # Unscoped, the same query does reach the other account: the check above means something.
        admin = await fresh.client.post("/graphql", json=request, headers=fresh.headers["admin"])
        assert {e["extensions"]["code"] for e in admin.json().get("errors", [])} <= {"NOT_FOUND"}, admin.text
        assert CANARY_B in admin.text, (query, variables)


@pytest.mark.parametrize("foreign", ["c-bolt", "s-dan", "d-bolt-eng", "d-never-stored"])
async def test_refused_upsert_does_not_reveal_what_an_out_of_scope_id_is(
    shared: Server, foreign: str
) -> None:
    upsert = (
        'mutation { upsertDepartment(input: {id: "ID", name: "Mine"})'
        " { department { id } errors { field message code } } }"
    )
    seen = await shared.run("member", upsert.replace("ID", foreign))
    reference = await shared.run("member", upsert.replace("ID", "d-bolt-eng"))
    assert json.dumps(seen).replace(foreign, "d-bolt-eng") == json.dumps(reference)
    assert reference["data"]["upsertDepartment"] == {
        "department": None,
        "errors": [
            {
                "field": "input.id",
                "message": "id 'd-bolt-eng' is already in use or outside your accounts:"
                " new nodes take ids starting with 'c-acme/'",
                "code": "CONFLICT",
            }
        ],
    }


async def test_a_member_creates_nodes_under_its_account_prefix(shared: Server) -> None:
    upsert = (
        'mutation { upsertDepartment(input: {id: "ID", name: "Mine"}) { department { id } errors { code } } }'
    )
    created = await shared.run("member", upsert.replace("ID", "c-acme/d-new"))
    assert created["data"]["upsertDepartment"] == {"department": {"id": "c-acme/d-new"}, "errors": []}
    elsewhere = await shared.run("member", upsert.replace("ID", "c-bolt/d-new"))
    assert elsewhere["data"]["upsertDepartment"]["errors"] == [{"code": "CONFLICT"}]
