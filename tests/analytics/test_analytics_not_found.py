"""One rule for id arguments: unknown, wrong-kind or out-of-reach ids are NOT_FOUND.

Every id argument of the analytics, the account review and the alerts is
tried with an id that names nothing, with the id of a node of another kind,
and (for the account member, whose key is bound to Solenne) with an id of
another account: each answers null for its field with one NOT_FOUND error
naming the argument, and sibling fields keep their answers.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.analytics.conftest import DemoServer

SINCE = (datetime.now(UTC) - timedelta(days=7)).isoformat()

# field -> (its variables, its arguments, a selection)
FIELDS: dict[str, tuple[str, str, str]] = {
    "influencers": ("$scope: AnalysisScope!", "scope: $scope", "id"),
    "communities": ("$scope: AnalysisScope!", "scope: $scope", "modularity"),
    "industryKols": ("$id: ID!", "industryId: $id", "id"),
    "coverageGaps": ("$id: ID!", "customerId: $id", "score"),
    "keyPersonRisk": ("$id: ID!", "customerId: $id", "id"),
    "relationshipHealth": ("$id: ID!", "customerId: $id", "score"),
    "buyingCommittee": ("$id: ID!", "customerId: $id", "complete"),
    "introductionPaths": ("$id: ID!, $from: [ID!]", "targetId: $id, fromTeamMemberIds: $from", "score"),
    "accountReview": ("$id: ID!, $since: DateTime!", "customerId: $id, since: $since", "changesReplayed"),
    "alerts": ("$id: ID", "customerId: $id", "totalCount"),
}
# A sibling that must keep its answer whatever happens to the field.
SIBLING = "sibling: accountSegments(topN: 1) { rfm { code } }"


def document(field: str) -> str:
    declared, arguments, selection = FIELDS[field]
    return f"query({declared}) {{ {field}({arguments}) {{ {selection} }} {SIBLING} }}"


def variables_of(field: str, given: dict[str, Any]) -> dict[str, Any]:
    defaults = {"id": "stk-ingrid-castell", "scope": {"all": True}, "from": None, "since": SINCE}
    declared = FIELDS[field][0]
    return {k: v for k, v in {**defaults, **given}.items() if f"${k}:" in declared}


def case(field: str, argument: str, role: str = "admin", **given: Any) -> Any:
    return pytest.param(
        field, variables_of(field, given), argument, role, id=f"{field}-{argument}-{role}-{given}"
    )


CASES = [
    # Ids that name nothing.
    case("influencers", "scope.customerId", scope={"customerId": "nope"}),
    case("influencers", "scope.industryId", scope={"industryId": "nope"}),
    case("communities", "scope.customerId", scope={"customerId": "nope"}),
    case("communities", "scope.industryId", scope={"industryId": "nope"}),
    case("industryKols", "industryId", id="nope"),
    case("coverageGaps", "customerId", id="nope"),
    case("keyPersonRisk", "customerId", id="nope"),
    case("relationshipHealth", "customerId", id="nope"),
    case("buyingCommittee", "customerId", id="nope"),
    case("introductionPaths", "targetId", id="nope"),
    case("introductionPaths", "fromTeamMemberIds[0]", **{"from": ["tm-nope"]}),
    case("introductionPaths", "fromTeamMemberIds[1]", **{"from": ["tm-marcus-hale", "tm-nope"]}),
    case("accountReview", "customerId", id="nope"),
    case("alerts", "customerId", id="nope"),
    # Ids of nodes of another kind.
    case("influencers", "scope.customerId", scope={"customerId": "ind-energy"}),
    case("influencers", "scope.industryId", scope={"industryId": "cust-solenne"}),
    case("communities", "scope.industryId", scope={"industryId": "cust-kestrel"}),
    case("industryKols", "industryId", id="cust-kestrel"),
    case("coverageGaps", "customerId", id="stk-ingrid-castell"),
    case("keyPersonRisk", "customerId", id="ind-energy"),
    case("relationshipHealth", "customerId", id="tm-marcus-hale"),
    case("buyingCommittee", "customerId", id="dep-so-digital"),
    case("introductionPaths", "targetId", id="cust-kestrel"),
    case("introductionPaths", "targetId", id="tm-marcus-hale"),
    case("introductionPaths", "fromTeamMemberIds[0]", **{"from": ["stk-camille-durand"]}),
    case("accountReview", "customerId", id="stk-ingrid-castell"),
    case("alerts", "customerId", id="ind-energy"),
    # Another account's ids, asked by a key bound to Solenne.
    case("influencers", "scope.customerId", "member", scope={"customerId": "cust-northwind"}),
    case("communities", "scope.customerId", "member", scope={"customerId": "cust-northwind"}),
    case("coverageGaps", "customerId", "member", id="cust-northwind"),
    case("keyPersonRisk", "customerId", "member", id="cust-northwind"),
    case("relationshipHealth", "customerId", "member", id="cust-northwind"),
    case("buyingCommittee", "customerId", "member", id="cust-northwind"),
    case("introductionPaths", "targetId", "member", id="stk-uwe-schroeder"),
    case("accountReview", "customerId", "member", id="cust-northwind"),
    case("alerts", "customerId", "member", id="cust-northwind"),
]


@pytest.mark.parametrize(("field", "variables", "argument", "role"), CASES)
async def test_an_id_argument_naming_nothing_visible_is_not_found(
    demo: DemoServer, field: str, variables: dict[str, Any], argument: str, role: str
) -> None:
    body = await demo.run(document(field), variables, role=role)
    [error] = body["errors"]
    assert error["extensions"] == {"code": "NOT_FOUND", "field": argument}
    assert error["path"] == [field]
    assert body["data"][field] is None
    assert body["data"]["sibling"]["rfm"], "a failing field never nulls its siblings"


@pytest.mark.parametrize(
    ("field", "variables"),
    [
        ("influencers", {"scope": {"customerId": "cust-northwind"}}),
        ("coverageGaps", {"id": "cust-northwind"}),
        ("introductionPaths", {"id": "stk-uwe-schroeder", "from": ["tm-marcus-hale"]}),
        ("alerts", {"id": "cust-northwind"}),
        ("accountReview", {"id": "cust-northwind"}),
    ],
)
async def test_the_same_ids_are_found_by_who_may_see_them(
    demo: DemoServer, field: str, variables: dict[str, Any]
) -> None:
    # The positive control of the member's cases: the ids exist for an admin.
    # The demo was loaded after SINCE: the review looks back from now.
    now = datetime.now(UTC).isoformat()
    body = await demo.run(document(field), variables_of(field, {"since": now, **variables}))
    assert "errors" not in body, body
    assert body["data"][field] is not None
