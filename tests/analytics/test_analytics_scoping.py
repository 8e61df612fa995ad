"""Analytics honour the caller's scope: an account member never sees another account.

The member's key is bound to Solenne.  Every query below is sent by the
member and, as a positive control, by an admin: the admin's answer must
contain people of other accounts (so the query could leak), the member's
must not mention a single id or name of theirs anywhere in the body.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.analytics.conftest import MEMBER_ACCOUNT, DemoIndex, DemoServer, strings
from tests.analytics.documents import (
    COMMUNITIES,
    COVERAGE,
    HEALTH,
    INFLUENCERS,
    KEY_PERSON_RISK,
    KOLS,
    PATHS,
    SEGMENTS,
)

FOREIGN_CUSTOMER = "cust-northwind"


@pytest.fixture(scope="module")
def canaries(index: DemoIndex) -> frozenset[str]:
    """Ids of everything other accounts own, and the names of their people and of the accounts."""
    tokens: set[str] = set()
    for node_id, owner in index.owner.items():
        if owner == MEMBER_ACCOUNT:
            continue
        tokens.add(node_id)
        if index.labels[node_id] in ("Stakeholder", "Customer"):
            tokens.add(index.names[node_id])
    return frozenset(tokens)


def leaks(body: dict[str, Any], canaries: frozenset[str]) -> set[str]:
    return {token for text in strings(body) for token in canaries if token in text}


# Queries that could show other accounts' people, with what the member's answer still holds.
READS: dict[str, tuple[str, dict[str, Any]]] = {
    "influencers of everything": (INFLUENCERS, {"scope": {"all": True}, "top": 100}),
    "influencers by pagerank": (INFLUENCERS, {"scope": {"all": True}, "measure": "PAGERANK", "top": 100}),
    "influencers of an industry": (INFLUENCERS, {"scope": {"industryId": "ind-energy"}, "top": 100}),
    "influencers of the own account": (INFLUENCERS, {"scope": {"customerId": MEMBER_ACCOUNT}, "top": 100}),
    "communities of everything": (COMMUNITIES, {"scope": {"all": True}}),
    "communities of an industry": (COMMUNITIES, {"scope": {"industryId": "ind-energy"}}),
    "communities of the own account": (COMMUNITIES, {"scope": {"customerId": MEMBER_ACCOUNT}}),
    # Tomas Reyes reaches Julien Moreau only through Ridgeway and Northwind.
    "introduction through other accounts": (
        PATHS,
        {"targetId": "stk-julien-moreau", "from": ["tm-tomas-reyes"], "maxHops": 6, "top": 5},
    ),
    "introductions to an own stakeholder": (
        PATHS,
        {"targetId": "stk-julien-moreau", "maxHops": 6, "top": 10},
    ),
    "account segments": (SEGMENTS, {"topN": 7}),
    "coverage of the own account": (COVERAGE, {"customerId": MEMBER_ACCOUNT}),
    "key-person risk of the own account": (KEY_PERSON_RISK, {"customerId": MEMBER_ACCOUNT}),
    "health of the own account": (HEALTH, {"customerId": MEMBER_ACCOUNT}),
    "KOLs of another industry": (KOLS, {"industryId": "ind-automotive", "top": 100}),
}
# Queries whose admin answer holds nothing of other accounts (their scope or
# their answer stays inside Solenne), so there is no positive control.
CONTAINED = {
    "coverage of the own account",
    "key-person risk of the own account",
    "health of the own account",
    "influencers of the own account",
    "influencers of an industry",
    "introductions to an own stakeholder",
    # Communities hold the scope's own stakeholders (energy is Solenne alone).
    "communities of an industry",
    "communities of the own account",
}


@pytest.mark.parametrize("name", sorted(READS))
async def test_member_sees_nothing_of_other_accounts(
    demo: DemoServer, canaries: frozenset[str], name: str
) -> None:
    query, variables = READS[name]
    admin = await demo.run(query, variables, role="admin")
    member = await demo.run(query, variables, role="member")
    assert "errors" not in admin, admin
    assert "errors" not in member, member
    if name not in CONTAINED:
        assert leaks(admin, canaries), "the admin's answer should show other accounts"
    assert leaks(member, canaries) == set()


async def test_analyst_reads_every_account(demo: DemoServer, canaries: frozenset[str]) -> None:
    body = await demo.run(INFLUENCERS, {"scope": {"all": True}, "top": 100}, role="analyst")
    assert "errors" not in body, body
    assert len(body["data"]["influencers"]) == 81
    assert leaks(body, canaries)


async def test_member_rankings_hold_only_their_account(demo: DemoServer, index: DemoIndex) -> None:
    own = {i for i in index.owned_by(MEMBER_ACCOUNT) if index.labels[i] == "Stakeholder"}
    people = (await demo.data(INFLUENCERS, {"scope": {"all": True}, "top": 100}, role="member"))[
        "influencers"
    ]
    assert {p["id"] for p in people} == own
    assert [p["rank"] for p in people] == list(range(1, len(people) + 1))
    found = (await demo.data(COMMUNITIES, {"scope": {"all": True}}, role="member"))["communities"]
    members = {m for c in found["communities"] for m in c["memberIds"]}
    assert {m for m in members if m.startswith("stk-")} == own
    assert {c for group in found["communities"] for c in group["customerIds"]} == {MEMBER_ACCOUNT}
    segments = (await demo.data(SEGMENTS, {}, role="member"))["accountSegments"]
    assert [t["customerId"] for t in segments["valueBands"]] == [MEMBER_ACCOUNT]
    assert segments["concentration"]["accounts"] == 1
    kols = (await demo.data(KOLS, {"industryId": "ind-automotive"}, role="member"))["industryKols"]
    assert kols == []


async def test_own_account_analysis_is_the_same_for_member_and_admin(demo: DemoServer) -> None:
    # Scoping hides other accounts; it must not change what is said about one's own.
    for query in (COVERAGE, KEY_PERSON_RISK, HEALTH):
        variables = {"customerId": MEMBER_ACCOUNT}
        assert await demo.data(query, variables, role="member") == await demo.data(query, variables)


@pytest.mark.parametrize(
    ("query", "variables", "field"),
    [
        (COVERAGE, {"customerId": FOREIGN_CUSTOMER}, "coverageGaps"),
        (KEY_PERSON_RISK, {"customerId": FOREIGN_CUSTOMER}, "keyPersonRisk"),
        (HEALTH, {"customerId": FOREIGN_CUSTOMER}, "relationshipHealth"),
        (INFLUENCERS, {"scope": {"customerId": FOREIGN_CUSTOMER}}, "influencers"),
        (COMMUNITIES, {"scope": {"customerId": FOREIGN_CUSTOMER}}, "communities"),
        (PATHS, {"targetId": "stk-uwe-schroeder"}, "introductionPaths"),
    ],
)
async def test_other_accounts_look_missing(
    demo: DemoServer, canaries: frozenset[str], query: str, variables: dict[str, Any], field: str
) -> None:
    admin = await demo.data(query, variables)
    assert admin[field] is not None
    member = await demo.run(query, variables, role="member")
    # NOT_FOUND naming the argument, exactly like an id that does not exist.
    assert member["data"] == {field: None}
    [error] = member["errors"]
    assert error["extensions"]["code"] == "NOT_FOUND"
    foreign = next(iter(variables.values()))
    foreign_id = foreign["customerId"] if isinstance(foreign, dict) else foreign
    unknown_variables = {
        k: ({"customerId": "cust-nonexistent"} if k == "scope" else "cust-nonexistent") for k in variables
    }
    unknown = await demo.run(query, unknown_variables, role="member")
    assert unknown["data"] == member["data"]
    [unknown_error] = unknown["errors"]
    assert unknown_error["extensions"] == error["extensions"]
    assert unknown_error["message"] == error["message"].replace(foreign_id, "cust-nonexistent")
    assert not leaks(member, canaries - {foreign_id})
