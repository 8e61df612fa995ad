"""Key-person risk: single points of failure of an account's coverage."""

from __future__ import annotations

import pytest
from accounts import acme

from algorithms.key_person_risk import critical_ties, importance, key_person_risk
from algorithms.records import (
    AccountCoverage,
    OrgTie,
    RelationshipInfo,
    StakeholderInfo,
    TeamMemberInfo,
)


def chain() -> AccountCoverage:
    """Tom knows a; a, b and c know each other in a line."""
    return AccountCoverage(
        "c",
        "Co",
        stakeholders=tuple(StakeholderInfo(n, n.upper()) for n in "abc"),
        team_members=(TeamMemberInfo("t", "Tom"),),
        relationships=(RelationshipInfo("t", "a", 0.7),),
        ties=(OrgTie("KNOWS", "a", "b", 0.5), OrgTie("REPORTS_TO", "c", "b")),
    )


def test_chain() -> None:
    result = key_person_risk(chain())
    assert [(r.id, r.risk, r.orphaned, r.rank) for r in result] == [
        ("t", 1.0, ("a", "b", "c"), 1),
        ("a", pytest.approx(2 / 3), ("b", "c"), 2),
        ("b", pytest.approx(1 / 3), ("c",), 3),
    ]
    assert result[0].label == "TeamMember"
    assert result[0].name == "Tom"
    assert result[0].lost_direct == ("a",)
    assert result[1].label == "Stakeholder"
    assert result[1].articulation_point
    assert {f.name: f.value for f in result[1].factors} == {
        "orphanedStakeholders": 2.0,
        "lostDirectCoverage": 0.0,
        "departmentsUncovered": 0.0,
        "articulationPoint": 1.0,
    }


def test_a_second_thread_removes_the_risk() -> None:
    base = chain()
    doubled = AccountCoverage(
        "c",
        "Co",
        stakeholders=base.stakeholders,
        team_members=(TeamMemberInfo("t", "Tom"), TeamMemberInfo("u", "Uma")),
        relationships=tuple(RelationshipInfo(t, s, 0.7) for t in "tu" for s in "ac"),
        ties=base.ties,
    )
    assert key_person_risk(doubled) == []
    assert critical_ties(doubled) == []
    # Without the reporting line b is reached only through a.
    assert [(r.id, r.orphaned) for r in key_person_risk(doubled, types=["KNOWS"])] == [("a", ("b",))]


def test_acme_worst_first() -> None:
    # Importance: Cara and Finn 4 (decider, executive), Bo 2 (influencer),
    # Tia and Otto 1; total 12.
    result = key_person_risk(acme())
    assert [(r.id, r.risk) for r in result] == [
        ("tm1", pytest.approx(0.5 * (4 + 1) / 12)),  # last direct tie to Finn and Otto
        ("cfo", pytest.approx(2 / 12)),  # Bo hangs on Finn
        ("ops", 0.0),  # Otto is IT Ops' only covered person
    ]
    tom, finn, otto = result
    assert tom.lost_direct == ("cfo", "ops")
    assert tom.orphaned == ()
    assert tom.departments_uncovered == ("board", "itops")
    assert not tom.articulation_point
    assert finn.orphaned == ("buyer",)
    assert finn.articulation_point
    assert finn.departments_uncovered == ("board",)
    assert otto.departments_uncovered == ("itops",)


def test_critical_ties() -> None:
    assert [(c.source, c.target, c.orphaned) for c in critical_ties(acme())] == [("buyer", "cfo", ("buyer",))]
    ties = critical_ties(chain())
    assert [(c.source, c.target, c.orphaned, c.risk) for c in ties] == [
        ("t", "a", ("a", "b", "c"), 1.0),
        ("a", "b", ("b", "c"), pytest.approx(2 / 3)),
        ("b", "c", ("c",), pytest.approx(1 / 3)),
    ]


def test_importance_weights() -> None:
    weights = {s.id: importance(s) for s in acme().stakeholders}
    assert weights == {"ceo": 4.0, "cfo": 4.0, "buyer": 2.0, "cto": 1.0, "ops": 1.0}


def test_empty_and_uncovered_accounts() -> None:
    assert key_person_risk(AccountCoverage("c", "Co")) == []
    nobody = AccountCoverage("c", "Co", stakeholders=(StakeholderInfo("a", "A"),))
    assert key_person_risk(nobody) == []
    assert critical_ties(nobody) == []
    assert key_person_risk(chain(), top_k=1)[0].id == "t"
