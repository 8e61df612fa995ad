"""Buying committee completeness on hand-made accounts."""

from __future__ import annotations

import pytest
from accounts import NOW, acme, days_ago

from algorithms.buying_committee import DEFAULT_ROLES, RoleGap, buying_committee
from algorithms.coverage_input import AccountCoverage, RelationshipInfo, StakeholderInfo
from algorithms.errors import InvalidParameter
from graph_model.model import BuyingRole, Stance

R = BuyingRole


def test_every_role_of_acme() -> None:
    committee = buying_committee(acme(), now=NOW)
    assert [r.role for r in committee.roles] == list(DEFAULT_ROLES)
    by_role = {r.role: r for r in committee.roles}
    # Cara decides, nobody on our team knows her.
    assert by_role[R.DECISION_MAKER].gap is RoleGap.UNCOVERED
    assert [m.stakeholder_id for m in by_role[R.DECISION_MAKER].members] == ["ceo"]
    assert by_role[R.DECISION_MAKER].missing == "No relationship with the decision maker (Cara)."
    # Finn holds the budget; Tom's tie is 0.3 (quality 0.3) a hundred days ago.
    budget = by_role[R.ECONOMIC_BUYER]
    assert budget.gap is RoleGap.WEAK
    strongest = budget.strongest
    assert strongest is not None
    assert (strongest.stakeholder_id, strongest.team_member_id) == ("cfo", "tm1")
    assert strongest.strength == pytest.approx(0.3 * 0.5 ** (100 / 180))
    # Tia evaluates: Tom (0.8, 10 days) beats Uma (0.6, 200 days).
    evaluator = by_role[R.TECHNICAL_EVALUATOR]
    assert evaluator.gap is None and evaluator.missing is None
    assert evaluator.strongest is not None
    assert evaluator.strongest.team_member_id == "tm1"
    assert evaluator.strongest.strength == pytest.approx(0.8 * 0.5 ** (10 / 180))
    assert by_role[R.CHAMPION].gap is RoleGap.UNFILLED
    assert by_role[R.CHAMPION].members == ()
    assert by_role[R.USER].gap is None  # Otto, 0.5 five days ago
    assert not committee.complete


def test_a_champion_by_stance_fills_the_role_and_members_go_strongest_first() -> None:
    account = AccountCoverage(
        "c",
        "Co",
        stakeholders=(
            StakeholderInfo("a", "Ann", stance=Stance.CHAMPION),
            StakeholderInfo("b", "Bob", buying_role=BuyingRole.CHAMPION),
            StakeholderInfo("z", "Zed", buying_role=BuyingRole.CHAMPION),
        ),
        relationships=(
            RelationshipInfo("t2", "b", 0.9, last_contact_at=NOW),
            RelationshipInfo("t1", "b", 0.9, last_contact_at=NOW),
            RelationshipInfo("t1", "a", 0.5, last_contact_at=days_ago(0)),
        ),
    )
    committee = buying_committee(account, roles=[R.CHAMPION], now=NOW)
    [champions] = committee.roles
    assert [(m.stakeholder_id, m.team_member_id) for m in champions.members] == [
        ("b", "t1"),  # equal strengths: the smaller team member id
        ("a", "t1"),
        ("z", None),
    ]
    assert champions.gap is None
    assert committee.complete


def test_the_template_is_a_parameter() -> None:
    committee = buying_committee(acme(), roles=[R.GATEKEEPER, R.USER], now=NOW)
    assert [(r.role, r.gap) for r in committee.roles] == [(R.GATEKEEPER, RoleGap.UNFILLED), (R.USER, None)]
    lenient = buying_committee(acme(), roles=[R.ECONOMIC_BUYER], now=NOW, weak_below=0.1)
    assert lenient.complete


@pytest.mark.parametrize("kwargs", [{"roles": []}, {"roles": [R.USER, R.USER]}, {"weak_below": 1.5}])
def test_named_errors(kwargs: dict[str, object]) -> None:
    with pytest.raises(InvalidParameter):
        buying_committee(acme(), now=NOW, **kwargs)  # type: ignore[arg-type]
