"""Coverage gaps and the coverage score of hand-made accounts."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from accounts import NOW, acme, days_ago

from algorithms.coverage_gaps import GapKind, Severity, coverage_gaps
from algorithms.coverage_input import (
    AccountCoverage,
    ManagesInfo,
    OrgTie,
    PreferenceInfo,
    RelationshipInfo,
    StakeholderInfo,
    TeamMemberInfo,
)
from algorithms.errors import InvalidParameter
from algorithms.introduction_paths import IntroductionPath
from graph_model.model import BuyingRole, DepartmentFunction, ManagesRole, Seniority

K, S = GapKind, Severity


def summary(report: Any) -> list[tuple[str, str, str]]:
    return [(g.severity.value, g.kind.value, g.subject_id) for g in report.gaps]


def test_every_gap_of_acme() -> None:
    report = coverage_gaps(acme(), now=NOW)
    assert summary(report) == [
        ("CRITICAL", "UNCOVERED_DECISION_MAKER", "ceo"),
        ("HIGH", "UNCOVERED_BUYING_LEVEL", "acme"),
        ("HIGH", "WEAK_DECISION_MAKER", "cfo"),
        ("HIGH", "UNCOVERED_INFLUENCER", "buyer"),
        ("HIGH", "SINGLE_THREADED_STAKEHOLDER", "cfo"),
        ("HIGH", "STALE_RELATIONSHIP", "cfo"),
        ("HIGH", "COMPETITOR_LEANING", "cfo"),
        ("HIGH", "NO_EXECUTIVE_RELATIONSHIP", "acme"),
        ("HIGH", "NO_EXEC_SPONSOR", "acme"),
        ("HIGH", "NO_CHAMPION", "acme"),  # a STRATEGIC account where nobody champions us
        ("MEDIUM", "UNCOVERED_DEPARTMENT", "purch"),
        ("MEDIUM", "COMPETITOR_LEANING", "buyer"),
        ("LOW", "UNCOVERED_DEPARTMENT", "hr"),
    ]


def test_reasons_and_suggestions_in_plain_words() -> None:
    gaps = {(g.kind, g.subject_id): g for g in coverage_gaps(acme(), now=NOW).gaps}
    ceo = gaps[K.UNCOVERED_DECISION_MAKER, "ceo"]
    assert ceo.subject_name == "Cara"
    assert ceo.reason == "Cara (CEO, decision maker) has no relationship with our team."
    # Tom -> Tia (0.8) -> Cara (Tia knows her, 0.7, beyond the reporting line's
    # formal 0.4) beats Tom -> Finn (0.3) -> Cara.
    assert ceo.introduction is not None
    assert ceo.introduction.node_ids == ("tm1", "cto", "ceo")
    assert ceo.suggestion == (
        "Build a relationship with Cara. Warm introduction: Tom -> Tia -> Cara (chain strength 0.56, 2 hops)."
    )
    weak = gaps[K.WEAK_DECISION_MAKER, "cfo"]
    # Stated 0.3 and quality 0.3 (bias 0.7 inverted), 100 days without contact
    # at a 180-day half-life: 0.3 * 0.5 ** (100 / 180) = 0.20.
    assert weak.reason == "Our strongest tie to Finn (CFO, economic buyer) is 0.20 (Tom), below 0.40."
    stale = gaps[K.STALE_RELATIONSHIP, "cfo"]
    assert stale.reason == "No contact with Finn for 100 days (last on 2024-02-22)."
    assert gaps[K.COMPETITOR_LEANING, "buyer"].reason == (
        "Bo prefers Rival (preference 0.80) and nobody on our team is tied."
    )
    assert gaps[K.COMPETITOR_LEANING, "cfo"].reason == (
        "Finn shows a competitive bias of 0.70 and our strongest tie is 0.20."
    )
    assert gaps[K.UNCOVERED_BUYING_LEVEL, "acme"].reason == (
        "Nobody at the procurement level of Acme has a relationship with our team (1 known there)."
    )
    assert gaps[K.UNCOVERED_DEPARTMENT, "hr"].reason == "No stakeholder of HR is known."
    assert gaps[K.UNCOVERED_INFLUENCER, "buyer"].reason == (
        "Bo (influencer) has no relationship with our team."
    )


# Finn's tie as the strength model scores it: stated 0.3, quality 0.3, 100 days old.
FINN = 0.3 * 0.5 ** (100 / 180)


def test_coverage_score_by_hand() -> None:
    report = coverage_gaps(acme(), now=NOW)
    factors = {f.name: f.value for f in report.factors}
    assert factors == pytest.approx(
        {
            "decisionMakers": (0 + FINN / 0.7) / 2,
            "executives": FINN / 0.7,
            "buyingLevels": 2 / 3,  # technical and management covered
            "departments": 3 / 5,  # board, it, itops
            "influencers": 0.0,  # neither Bo nor Cara
            "execSponsor": 0.0,
            "threading": 1.0,  # two team members, three stakeholders covered
            "freshness": 2 / 3,  # Finn is stale
            "competition": 3 / 5,  # Finn and Bo lean to a competitor
        }
    )
    expected = 100 * (
        0.20 * FINN / 1.4 + 0.10 * FINN / 0.7 + 0.15 * 2 / 3 + 0.15 * 0.6 + 0.10 + 0.10 * 2 / 3 + 0.05 * 0.6
    )
    assert report.score == pytest.approx(expected)
    assert sum(f.contribution or 0 for f in report.factors) == pytest.approx(report.score)


def test_thresholds_are_keywords() -> None:
    relaxed = coverage_gaps(acme(), now=NOW, stale_after_days=120, weak_below=0.15)
    kinds = {(g.kind, g.subject_id) for g in relaxed.gaps}
    assert (K.STALE_RELATIONSHIP, "cfo") not in kinds
    assert (K.WEAK_DECISION_MAKER, "cfo") not in kinds
    # A month later with a 30-day window, even the recent contacts are stale.
    later = coverage_gaps(acme(), now=days_ago(-30), stale_after_days=30)
    stale = {g.subject_id: g.severity for g in later.gaps if g.kind == K.STALE_RELATIONSHIP}
    assert stale == {"cfo": S.HIGH, "cto": S.LOW, "ops": S.LOW}


def test_our_own_preference_outweighs_a_rival() -> None:
    account = dataclasses.replace(
        acme(),
        preferences=(
            PreferenceInfo("buyer", "rival", "Rival", False, 0.8),
            PreferenceInfo("buyer", "us", "Us", True, 0.9),
        ),
    )
    kinds = {(g.kind, g.subject_id) for g in coverage_gaps(account, now=NOW).gaps}
    assert (K.COMPETITOR_LEANING, "buyer") not in kinds


def test_introductions_can_come_from_outside() -> None:
    path = IntroductionPath(("tm9", "x", "ceo"), 0.5, 2, ())
    asked: list[str] = []

    def lookup(target: str) -> IntroductionPath | None:
        asked.append(target)
        return path if target == "ceo" else None

    report = coverage_gaps(acme(), now=NOW, introductions=lookup)
    ceo = next(g for g in report.gaps if g.kind == K.UNCOVERED_DECISION_MAKER)
    assert ceo.introduction is path
    assert "tm9 -> x -> Cara (chain strength 0.50, 2 hops)" in ceo.suggestion
    buyer = next(g for g in report.gaps if g.kind == K.UNCOVERED_INFLUENCER)
    assert buyer.introduction is None
    assert buyer.suggestion == "Build a relationship with Bo."
    assert {"ceo", "buyer"} <= set(asked)


def test_an_empty_account() -> None:
    report = coverage_gaps(AccountCoverage("new", "Newco"), now=NOW)
    assert summary(report) == [
        ("HIGH", "UNCOVERED_BUYING_LEVEL", "new"),
        ("HIGH", "UNCOVERED_BUYING_LEVEL", "new"),
        ("HIGH", "UNCOVERED_BUYING_LEVEL", "new"),
        ("HIGH", "UNCOVERED_DECISION_MAKER", "new"),
        ("MEDIUM", "NO_EXECUTIVE_RELATIONSHIP", "new"),
        ("MEDIUM", "NO_EXEC_SPONSOR", "new"),
        ("MEDIUM", "NO_CHAMPION", "new"),
    ]
    assert report.score == 0.0
    assert "departments" not in {f.name for f in report.factors}
    levels = [g.level for g in report.gaps if g.kind == K.UNCOVERED_BUYING_LEVEL]
    assert levels == [
        DepartmentFunction.PROCUREMENT,
        DepartmentFunction.TECHNICAL,
        DepartmentFunction.MANAGEMENT,
    ]
    keys = [g.key for g in report.gaps]
    assert len(set(keys)) == len(keys)
    assert "UNCOVERED_BUYING_LEVEL:new:PROCUREMENT" in keys
    assert "UNCOVERED_DECISION_MAKER:new" in keys


def test_single_threads() -> None:
    people = (
        StakeholderInfo("a", "Ann", seniority=Seniority.VP, buying_role=BuyingRole.DECISION_MAKER),
        StakeholderInfo("b", "Ben"),
    )
    one_member = AccountCoverage(
        "c",
        "Co",
        stakeholders=people,
        team_members=(TeamMemberInfo("t", "Tom"),),
        relationships=(
            RelationshipInfo("t", "a", 0.9, last_contact_at=NOW),
            RelationshipInfo("t", "b", 0.9, last_contact_at=NOW),
        ),
        managers=(ManagesInfo("t", ManagesRole.EXEC_SPONSOR),),
    )
    assert [
        (g.kind, g.severity, g.subject_id)
        for g in coverage_gaps(one_member, now=NOW).gaps
        if g.kind in (K.SINGLE_THREADED_TEAM, K.SINGLE_THREADED_STAKEHOLDER)
    ] == [(K.SINGLE_THREADED_STAKEHOLDER, S.HIGH, "a"), (K.SINGLE_THREADED_TEAM, S.HIGH, "t")]
    one_contact = dataclasses.replace(
        one_member,
        team_members=(TeamMemberInfo("t", "Tom"), TeamMemberInfo("u", "Uma")),
        relationships=(
            RelationshipInfo("t", "a", 0.9, last_contact_at=NOW),
            RelationshipInfo("u", "a", 0.9, last_contact_at=NOW),
        ),
    )
    report = coverage_gaps(one_contact, now=NOW)
    threads = [g for g in report.gaps if g.kind == K.SINGLE_THREADED_TEAM]
    assert [(g.subject_id, g.reason) for g in threads] == [
        ("a", "Every relationship at Co runs through Ann.")
    ]
    assert not any(g.kind == K.NO_EXEC_SPONSOR for g in report.gaps)


def test_a_tie_without_strength_or_dimensions_is_weak_not_average() -> None:
    # One recorded call makes a tie with no strength: it is contact, not strength.
    account = AccountCoverage(
        "c",
        "Co",
        stakeholders=(StakeholderInfo("a", "Ann", buying_role=BuyingRole.DECISION_MAKER),),
        team_members=(TeamMemberInfo("t", "Tom"),),
        relationships=(RelationshipInfo("t", "a", None, last_contact_at=NOW),),
    )
    report = coverage_gaps(account, now=NOW)
    kinds = {g.kind for g in report.gaps}
    assert K.UNCOVERED_DECISION_MAKER not in kinds
    [weak] = [g for g in report.gaps if g.kind == K.WEAK_DECISION_MAKER]
    assert "is 0.20 (Tom)" in weak.reason
    assert {f.name: f.value for f in report.factors}["decisionMakers"] == pytest.approx(0.2 / 0.7)
    # Assessed dimensions alone make a tie as strong as they say.
    assessed = dataclasses.replace(
        account,
        relationships=(RelationshipInfo("t", "a", None, acceptance=0.9, guidance=0.7, last_contact_at=NOW),),
    )
    assert not {g.kind for g in coverage_gaps(assessed, now=NOW).gaps} & {K.WEAK_DECISION_MAKER}
    assert K.WEAK_DECISION_MAKER not in {
        g.kind for g in coverage_gaps(account, now=NOW, unassessed_strength=0.5).gaps
    }


def test_old_contact_decays_a_strong_tie() -> None:
    account = AccountCoverage(
        "c",
        "Co",
        stakeholders=(StakeholderInfo("a", "Ann", buying_role=BuyingRole.DECISION_MAKER),),
        team_members=(TeamMemberInfo("t", "Tom"),),
        relationships=(RelationshipInfo("t", "a", 0.9, last_contact_at=days_ago(360)),),
    )
    # 0.9 * 0.5 ** (360 / 180) = 0.225: weak; with a two-year half-life 0.9 * 0.5 ** 0.5 = 0.64.
    assert K.WEAK_DECISION_MAKER in {g.kind for g in coverage_gaps(account, now=NOW).gaps}
    assert K.WEAK_DECISION_MAKER not in {
        g.kind for g in coverage_gaps(account, now=NOW, half_life_days=720).gaps
    }


@pytest.mark.parametrize(
    "kwargs",
    [
        {"weak_below": 1.5},
        {"strong_at": -0.1},
        {"weak_below": 0.8, "strong_at": 0.5},
        {"stale_after_days": -1},
        {"max_hops": 0},
        {"influencer_share": 2.0},
        {"half_life_days": 0},
        {"unassessed_strength": 1.5},
    ],
)
def test_bad_thresholds(kwargs: dict[str, Any]) -> None:
    with pytest.raises(InvalidParameter):
        coverage_gaps(acme(), now=NOW, **kwargs)


def test_influence_marks_uncovered_influencers() -> None:
    staff = tuple(StakeholderInfo(x, x.upper(), buying_role=BuyingRole.USER) for x in "abc")
    boss = StakeholderInfo("boss", "Bea", seniority=Seniority.VP, buying_role=BuyingRole.USER)
    account = AccountCoverage(
        "co",
        "Co",
        stakeholders=(boss, *staff),
        team_members=(TeamMemberInfo("t", "Tom"),),
        relationships=(RelationshipInfo("t", "a", 0.9, last_contact_at=NOW),),
        ties=tuple(OrgTie("REPORTS_TO", x, "boss") for x in "abc"),
    )
    gaps = [g for g in coverage_gaps(account, now=NOW).gaps if g.kind == K.UNCOVERED_INFLUENCER]
    assert [(g.subject_id, g.reason) for g in gaps] == [
        (
            "boss",
            "Bea (user) is among the most influential people at Co but has no relationship with our team.",
        )
    ]
    assert gaps[0].introduction is not None
    assert gaps[0].introduction.node_ids == ("t", "a", "boss")
    # With a larger share, uncovered staff count as influential too.
    wider = coverage_gaps(account, now=NOW, influencer_share=1.0).gaps
    assert {g.subject_id for g in wider if g.kind == K.UNCOVERED_INFLUENCER} == {"boss", "b", "c"}
