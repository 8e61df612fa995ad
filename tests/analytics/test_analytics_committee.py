"""buyingCommittee over HTTP on the demo: who fills each role, our tie to them, what is missing."""

from __future__ import annotations

from typing import Any

import pytest

from api.settings import ApiSettings
from graph_model.model import BuyingRole
from graph_model.settings import SettingsError
from tests.analytics.conftest import DemoServer
from tests.analytics.documents import COVERAGE, gaps_of

COMMITTEE = """query($customerId: ID!, $roles: [BuyingRole!]) {
  buyingCommittee(customerId: $customerId, roles: $roles) {
    customerId complete
    roles {
      role gap missing
      strongest { stakeholderId strength teamMemberId }
      members { stakeholderId strength }
    }
  }
}"""


async def committee(demo: DemoServer, customer: str, roles: list[str] | None = None) -> dict[str, Any]:
    found: dict[str, Any] = (await demo.data(COMMITTEE, {"customerId": customer, "roles": roles}))[
        "buyingCommittee"
    ]
    return found


async def test_kestrel_has_one_covered_role_and_no_champion(demo: DemoServer) -> None:
    found = await committee(demo, "cust-kestrel")
    roles = {r["role"]: r for r in found["roles"]}
    assert list(roles) == ["DECISION_MAKER", "ECONOMIC_BUYER", "TECHNICAL_EVALUATOR", "CHAMPION", "USER"]
    assert not found["complete"]
    # Dana Whitfield decides; Tomas Reyes is our only thread (0.8, decayed by recency).
    decider = roles["DECISION_MAKER"]
    assert decider["gap"] is None
    assert decider["strongest"]["stakeholderId"] == "stk-dana-whitfield"
    assert decider["strongest"]["teamMemberId"] == "tm-tomas-reyes"
    assert 0.4 <= decider["strongest"]["strength"] < 0.8
    # CFO Gregory Holt holds the budget and is unknown to us (DEMO.md).
    assert roles["ECONOMIC_BUYER"]["gap"] == "UNCOVERED"
    assert [m["stakeholderId"] for m in roles["ECONOMIC_BUYER"]["members"]] == ["stk-gregory-holt"]
    assert roles["ECONOMIC_BUYER"]["strongest"] is None
    assert roles["CHAMPION"] == {
        "role": "CHAMPION",
        "gap": "UNFILLED",
        "missing": "Nobody is known to be the champion.",
        "strongest": None,
        "members": [],
    }
    # A missing champion is a coverage gap of its own (Kestrel is KEY: HIGH).
    report = (await demo.data(COVERAGE, {"customerId": "cust-kestrel"}))["coverageGaps"]
    [gap] = gaps_of(report, "NO_CHAMPION")
    assert gap["severity"] == "HIGH"


async def test_the_competitor_leaning_champion_is_a_weak_role(demo: DemoServer) -> None:
    roles = {r["role"]: r for r in (await committee(demo, "cust-staldric"))["roles"]}
    champion = roles["CHAMPION"]
    assert champion["gap"] == "WEAK"
    assert champion["strongest"]["stakeholderId"] == "stk-claire-donovan"
    assert "Dr. Claire Donovan" in champion["missing"]
    # Members are ordered by our tie, the uncovered last.
    strengths = [m["strength"] for m in roles["DECISION_MAKER"]["members"]]
    assert strengths == sorted(strengths, reverse=True)


async def test_the_template_can_be_given(demo: DemoServer) -> None:
    # Julien Moreau champions us; CFO Antoine Mercier's tie is stale (2026-04-15).
    found = await committee(demo, "cust-solenne", ["CHAMPION", "ECONOMIC_BUYER"])
    assert [(r["role"], r["gap"]) for r in found["roles"]] == [("CHAMPION", None), ("ECONOMIC_BUYER", "WEAK")]
    assert (await committee(demo, "cust-solenne", ["CHAMPION"]))["complete"] is True


@pytest.mark.parametrize("roles", [[], ["USER", "USER"]])
async def test_a_bad_template_is_bad_user_input(demo: DemoServer, roles: list[str]) -> None:
    body = await demo.run(COMMITTEE, {"customerId": "cust-kestrel", "roles": roles})
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "roles"}


async def test_an_unknown_customer_is_not_found(demo: DemoServer) -> None:
    body = await demo.run(COMMITTEE, {"customerId": "cust-nowhere", "roles": None})
    assert body["data"] == {"buyingCommittee": None}
    assert body["errors"][0]["extensions"] == {"code": "NOT_FOUND", "field": "customerId"}


def test_the_default_template_comes_from_the_environment() -> None:
    assert ApiSettings.from_env({}).buying_committee_roles[0] is BuyingRole.DECISION_MAKER
    chosen = ApiSettings.from_env({"RELGRAPH_BUYING_COMMITTEE_ROLES": "CHAMPION, USER"})
    assert chosen.buying_committee_roles == (BuyingRole.CHAMPION, BuyingRole.USER)
    for bad in ("CHAMPION,BOSS", "USER,USER"):
        with pytest.raises(SettingsError, match="RELGRAPH_BUYING_COMMITTEE_ROLES"):
            ApiSettings.from_env({"RELGRAPH_BUYING_COMMITTEE_ROLES": bad})
