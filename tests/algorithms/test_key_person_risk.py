"""Key-person risk: single points of failure of an account's coverage."""

from __future__ import annotations

import pytest
from accounts import NOW, acme

from algorithms.coverage_input import (
    AccountCoverage,
    OrgTie,
    RelationshipInfo,
    StakeholderInfo,
    TeamMemberInfo,
)
from algorithms.key_person_risk import critical_ties, importance, key_person_risk
from graph_model.model import BuyingRole, Seniority


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
        "exclusiveCoverage": 0.0,
        "reachLost": pytest.approx(2 / 3),
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
    # Tia and Otto 1; total 12.  Tie strengths as the model scores them today.
    tia_tom, tia_uma = 0.8 * 0.5 ** (10 / 180), 0.6 * 0.5 ** (200 / 180)
    finn, otto = 0.3 * 0.5 ** (100 / 180), 0.5 * 0.5 ** (5 / 180)
    coverage = tia_tom + 4 * finn + otto
    result = key_person_risk(acme(), now=NOW)
    assert [(r.id, r.risk) for r in result] == [
        # Tom alone holds Finn and Otto, and Tia more strongly than Uma.
        ("tm1", pytest.approx((tia_tom - tia_uma + 4 * finn + otto) / coverage)),
        ("cfo", pytest.approx(2 / 12)),  # Bo hangs on Finn
        ("ops", 0.0),  # Otto is IT Ops' only covered person
    ]
    tom, finn_risk, otto_risk = result
    assert {f.name: f.value for f in tom.factors}["reachLost"] == pytest.approx(0.5 * (4 + 1) / 12)
    assert tom.lost_direct == ("cfo", "ops")
    assert tom.orphaned == ()
    assert tom.departments_uncovered == ("board", "itops")
    assert not tom.articulation_point
    assert finn_risk.orphaned == ("buyer",)
    assert finn_risk.articulation_point
    assert finn_risk.departments_uncovered == ("board",)
    assert otto_risk.departments_uncovered == ("itops",)


def test_one_member_holding_the_executives_is_the_top_risk() -> None:
    # Mia holds 6 of the 10 ties, among them every tie to the CIO, COO and CFO;
    # Uli and Vic each share one staff member with her and hold one alone.
    people = (
        StakeholderInfo("cio", "CIO", seniority=Seniority.C_LEVEL, buying_role=BuyingRole.DECISION_MAKER),
        StakeholderInfo("coo", "COO", seniority=Seniority.C_LEVEL),
        StakeholderInfo("cfo", "CFO", seniority=Seniority.C_LEVEL, buying_role=BuyingRole.ECONOMIC_BUYER),
        *(StakeholderInfo(f"s{i}", f"S{i}") for i in range(1, 6)),
    )
    held = {"mia": ("cio", "coo", "cfo", "s1", "s2", "s3"), "uli": ("s1", "s4"), "vic": ("s2", "s5")}
    account = AccountCoverage(
        "c",
        "Co",
        stakeholders=people,
        team_members=tuple(TeamMemberInfo(t, t.title()) for t in held),
        relationships=tuple(
            RelationshipInfo(t, s, 0.8, last_contact_at=NOW) for t, ids in held.items() for s in ids
        ),
    )
    result = key_person_risk(account, now=NOW)
    assert result[0].id == "mia"
    # Weights: CIO 4, COO 2, CFO 4, staff 1 each; Mia alone holds 4 + 2 + 4 + 1 of 15.
    assert result[0].risk == pytest.approx(11 / 15)
    assert {f.name: f.value for f in result[0].factors}["exclusiveCoverage"] == pytest.approx(11 / 15)
    assert {r.id: r.risk for r in result}["uli"] == pytest.approx(1 / 15)


def test_the_only_thread_scores_the_maximum() -> None:
    account = AccountCoverage(
        "c",
        "Co",
        stakeholders=(StakeholderInfo("vp", "VP", seniority=Seniority.VP), StakeholderInfo("x", "X")),
        team_members=(TeamMemberInfo("t", "Tom"),),
        relationships=(RelationshipInfo("t", "vp", 0.8, last_contact_at=NOW),),
        ties=(OrgTie("KNOWS", "vp", "x", 0.5),),
    )
    [tom, vp] = key_person_risk(account, now=NOW)
    assert (tom.id, tom.risk, vp.id) == ("t", 1.0, "vp")


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
