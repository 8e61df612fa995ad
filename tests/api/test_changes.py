"""The `changes` query over HTTP: entries of real writes, paging, access and bad input."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest

from api.auth import KeyStore, Role
from api.auth.settings import AuthSettings
from graph_model.settings import StoreSettings
from tests.api.support import SEED, CountingEngine, Gql, load, make_gql, serve

CHANGES = """query Changes($customerId: ID, $since: DateTime, $first: Int, $after: String) {
  changes(customerId: $customerId, since: $since, first: $first, after: $after) {
    edges { cursor node { sequence at actor kind operation label relationshipType entityId fromId toId
      accountIds before after changedProperties } }
    pageInfo { hasNextPage hasPreviousPage endCursor }
    totalCount
  }
}"""
UPSERT = (
    """mutation Up($input: StakeholderInput!) { upsertStakeholder(input: $input) { stakeholder { id } } }"""
)


@dataclass
class Server:
    gql: Gql
    headers: dict[str, dict[str, str]]
    key_ids: dict[str, str]

    async def changes(self, role: str, **variables: Any) -> dict[str, Any]:
        return await self.gql(CHANGES, variables, headers=self.headers[role], status=None)


@pytest.fixture
async def server(store_settings: StoreSettings, auth_settings: AuthSettings) -> AsyncIterator[Server]:
    settings = AuthSettings(mode="on", keys_path=auth_settings.keys_path)
    keys = KeyStore(settings.keys_path)
    created = {
        "admin": keys.create(Role.ADMIN),
        "member": keys.create(Role.ACCOUNT_MEMBER, ["c-bolt"]),
    }
    headers = {role: {"Authorization": f"Bearer {c.key}"} for role, c in created.items()}
    engines: list[CountingEngine] = []
    async with serve(store_settings, settings, engines=engines) as client:
        gql = make_gql(client)
        await load(gql, SEED, headers=headers["admin"])
        yield Server(gql, headers, {role: c.record.key_id for role, c in created.items()})
        await engines[0].drop_all()


def _nodes(body: dict[str, Any]) -> list[dict[str, Any]]:
    assert "errors" not in body, body
    return [e["node"] for e in body["data"]["changes"]["edges"]]


async def test_an_update_is_the_newest_entry_with_its_actor_and_no_personal_values(server: Server) -> None:
    update = {"id": "s-dan", "name": "Dan Dorsey", "stance": "SKEPTIC", "email": "dan@new.test"}
    body = await server.gql(UPSERT, {"input": update}, headers=server.headers["admin"])
    assert "errors" not in body, body
    [latest] = _nodes(await server.changes("admin", first=1))
    assert latest["kind"] == "NODE" and latest["operation"] == "UPDATED"
    assert (latest["label"], latest["entityId"]) == ("STAKEHOLDER", "s-dan")
    assert latest["actor"] == f"api-key:{server.key_ids['admin']}"
    assert latest["before"]["stance"] == "SUPPORTER" and latest["after"]["stance"] == "SKEPTIC"
    assert latest["after"]["email"] == "changed" and "dan@" not in str(latest)
    assert latest["accountIds"] == ["c-bolt"]
    assert set(latest["changedProperties"]) >= {"stance", "email"}


async def test_pages_follow_each_other_newest_first(server: Server) -> None:
    seen: list[int] = []
    counts: set[int] = set()
    after = None
    while True:
        body = await server.changes("admin", first=7, after=after)
        seen += [n["sequence"] for n in _nodes(body)]
        counts.add(body["data"]["changes"]["totalCount"])
        info = body["data"]["changes"]["pageInfo"]
        if not info["hasNextPage"]:
            break
        after = info["endCursor"]
    total = len(SEED["nodes"]) + len(SEED["relationships"])
    assert seen == list(range(total, 0, -1))
    # Every page counts all entries, not its own.
    assert counts == {total}


async def test_an_account_member_sees_only_its_accounts(server: Server) -> None:
    body = await server.changes("member", first=100)
    entries = _nodes(body)
    assert entries and body["data"]["changes"]["totalCount"] == len(entries)
    assert all(set(e["accountIds"]) <= {"c-bolt"} for e in entries)
    assert "s-dan" in {e["entityId"] for e in entries}
    assert not {"s-ann", "s-bob", "c-acme"} & {e["entityId"] for e in entries}
    assert _nodes(await server.changes("member", customerId="c-acme")) == []
    body = await server.changes("admin", customerId="c-bolt", first=2)
    bolt = _nodes(await server.changes("admin", customerId="c-bolt", first=100))
    assert bolt and all("c-bolt" in e["accountIds"] for e in bolt)
    assert body["data"]["changes"]["totalCount"] == len(bolt) > 2


@pytest.mark.parametrize(
    ("variables", "field", "reason"),
    [
        ({"since": "next tuesday"}, "since", "not an ISO-8601"),
        ({"since": "2999-01-01"}, "since", "in the future"),
        ({"since": "2001-01-01T00:00:00Z"}, "since", "400 days"),
        ({"after": "bm9wZQ=="}, "after", "cursor"),
        ({"first": 10_000}, "first", "between"),
    ],
)
async def test_bad_arguments_name_the_field(
    server: Server, variables: dict[str, Any], field: str, reason: str
) -> None:
    body = await server.changes("admin", **variables)
    [error] = body["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}
    assert reason in error["message"]


async def test_since_keeps_the_entries_from_then(server: Server) -> None:
    everything = _nodes(await server.changes("admin", first=100))
    since = everything[0]["at"]
    body = await server.changes("admin", since=since, first=100)
    recent = _nodes(body)
    assert recent and all(e["at"] >= since for e in recent)
    assert body["data"]["changes"]["totalCount"] == len(recent)


REVIEW = """query Review($customerId: ID!, $since: DateTime!) {
  accountReview(customerId: $customerId, since: $since) {
    customerId changesReplayed
    people { stakeholderId kind before after }
    ties { teamMemberId stakeholderId kind strengthBefore strengthAfter }
    suppliers { supplierId shareOfWalletBefore shareOfWalletAfter }
    coverageThen { score } coverageNow { score } gapsOpened { kind subjectId } gapsClosed { kind }
  }
}"""


async def test_account_review_over_graphql_and_its_scope(server: Server) -> None:
    [newest] = _nodes(await server.changes("admin", first=1))
    since = newest["at"]
    update = {"id": "s-dan", "name": "Dan Dorsey", "stance": "BLOCKER"}
    assert "errors" not in await server.gql(UPSERT, {"input": update}, headers=server.headers["admin"])
    body = await server.gql(
        REVIEW, {"customerId": "c-bolt", "since": since}, headers=server.headers["member"]
    )
    assert "errors" not in body, body
    found = body["data"]["accountReview"]
    assert found["people"] == [
        {"stakeholderId": "s-dan", "kind": "STANCE", "before": "SUPPORTER", "after": "BLOCKER"}
    ]
    assert found["changesReplayed"] >= 1
    # An account the member is not on is unknown to it.
    hidden = await server.gql(
        REVIEW, {"customerId": "c-acme", "since": since}, headers=server.headers["member"]
    )
    assert hidden["data"]["accountReview"] is None
    assert hidden["errors"][0]["extensions"] == {"code": "NOT_FOUND", "field": "customerId"}
    bad = await server.gql(
        REVIEW, {"customerId": "c-bolt", "since": "2999-01-01"}, headers=server.headers["admin"]
    )
    assert bad["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "since"}


ALERTS = """query Alerts($customerId: ID, $since: DateTime) {
  alerts(customerId: $customerId, since: $since) {
    totalCount nodes { kind at subjectId subject { id name ... on Stakeholder { stance } }
    reason suggestion causes { sequence operation entityId } }
  }
}"""


async def test_alerts_over_graphql_with_their_causes(server: Server) -> None:
    update = {"id": "s-dan", "name": "Dan Dorsey", "stance": "BLOCKER"}
    assert "errors" not in await server.gql(UPSERT, {"input": update}, headers=server.headers["admin"])
    body = await server.gql(ALERTS, {"customerId": "c-bolt"}, headers=server.headers["member"])
    assert "errors" not in body, body
    assert body["data"]["alerts"]["totalCount"] == len(body["data"]["alerts"]["nodes"])
    [alert] = [a for a in body["data"]["alerts"]["nodes"] if a["kind"] == "STANCE_WORSENED"]
    assert alert["subjectId"] == "s-dan" and "SUPPORTER" in alert["reason"] and alert["suggestion"]
    assert alert["subject"] == {"id": "s-dan", "name": "Dan Dorsey", "stance": "BLOCKER"}
    assert [c["entityId"] for c in alert["causes"]] == ["s-dan"]
    # An account the member is not on is unknown to it.
    elsewhere = await server.gql(ALERTS, {"customerId": "c-acme"}, headers=server.headers["member"])
    assert elsewhere["data"] == {"alerts": None}
    assert elsewhere["errors"][0]["extensions"] == {"code": "NOT_FOUND", "field": "customerId"}
    bad = await server.gql(ALERTS, {"since": "yesterday-ish"}, headers=server.headers["admin"])
    assert bad["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "since"}


async def test_account_review_names_the_people_on_its_introduction_paths(server: Server) -> None:
    [newest] = _nodes(await server.changes("admin", first=1))
    update = {"id": "s-cat", "name": "Cat Cole", "stance": "BLOCKER"}
    assert "errors" not in await server.gql(UPSERT, {"input": update}, headers=server.headers["admin"])
    query = """query Review($customerId: ID!, $since: DateTime!) {
      accountReview(customerId: $customerId, since: $since) {
        coverageThen { gaps { kind introduction { nodes { id name label } } } }
        coverageNow { gaps { kind introduction { nodes { id name label } } } }
      }
    }"""
    body = await server.gql(
        query, {"customerId": "c-acme", "since": newest["at"]}, headers=server.headers["admin"]
    )
    assert "errors" not in body, body
    found = body["data"]["accountReview"]
    paths = [
        g["introduction"]
        for report in (found["coverageThen"], found["coverageNow"])
        for g in report["gaps"]
        if g["introduction"]
    ]
    assert paths, "the account's gaps suggest introductions"
    names = {"s-ann": "Ann Archer", "s-bob": "Bob Baker", "s-cat": "Cat Cole", "s-gus": "Gus Grant"}
    for path in paths:
        for step in path["nodes"]:
            assert step["name"] and names.get(step["id"], step["name"]) == step["name"]
