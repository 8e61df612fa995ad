"""The demo's planted answers come out of the GraphQL analytics, end to end over HTTP.

``seeds/demo_answers.json`` says what is hidden in the demo (see
``seeds/DEMO.md``); here the same findings are asked of the running API, as
an account team would ask them.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

import pytest

from tests.analytics.conftest import REFERENCE, DemoIndex, DemoServer
from tests.analytics.documents import (
    COVERAGE,
    HEALTH,
    KEY_PERSON_RISK,
    KOLS,
    PATHS,
    SEGMENTS,
    gaps_of,
    severity_rank,
    subjects,
)

CUSTOMERS = (
    "cust-harbor",
    "cust-kestrel",
    "cust-northwind",
    "cust-ridgeway",
    "cust-solenne",
    "cust-staldric",
    "cust-tallis",
)


@pytest.fixture(scope="module")
async def reports(demo: DemoServer) -> dict[str, dict[str, Any]]:
    """coverageGaps of every demo account, asked once."""
    found = {}
    for customer in CUSTOMERS:
        data = await demo.data(COVERAGE, {"customerId": customer})
        found[customer] = data["coverageGaps"]
    return found


def gap(report: dict[str, Any], kind: str, subject: str) -> dict[str, Any]:
    matches = [g for g in gaps_of(report, kind) if g["subjectId"] == subject]
    assert len(matches) == 1, (kind, subject, [(g["kind"], g["subjectId"]) for g in report["gaps"]])
    return matches[0]


def across(reports: dict[str, dict[str, Any]], kind: str) -> set[str]:
    return {s for report in reports.values() for s in subjects(report, kind)}


def test_every_report_is_worst_first_and_scored(reports: dict[str, dict[str, Any]]) -> None:
    for customer, report in reports.items():
        assert report["customerId"] == customer
        assert 0 <= report["score"] <= 100
        order = [severity_rank(g) for g in report["gaps"]]
        assert order == sorted(order), customer
        assert all(g["reason"] and g["suggestion"] for g in report["gaps"])
        ids = [g["id"] for g in report["gaps"]]
        assert len(set(ids)) == len(ids), customer
        for g in report["gaps"]:
            # Only a buying-level gap names a level: its subject is the account.
            assert (g["level"] is not None) == (g["kind"] == "UNCOVERED_BUYING_LEVEL"), g


# -- 1. the uncovered decision maker --------------------------------------------------


async def test_uncovered_decision_maker_is_the_worst_gap_of_solenne(
    reports: dict[str, dict[str, Any]], answers: dict[str, Any]
) -> None:
    planted = answers["uncoveredDecisionMakers"][0]
    report = reports[planted["customer"]]
    found = gap(report, "UNCOVERED_DECISION_MAKER", planted["stakeholder"])
    assert found["severity"] == "CRITICAL"
    assert report["gaps"][0] == found
    assert found["subjectName"] == "Ingrid Castell"
    # The suggestion comes with a warm introduction: from our team to her.
    intro = found["introduction"]
    assert intro is not None
    assert intro["nodes"][0]["label"] == "TEAM_MEMBER"
    assert intro["nodes"][-1]["id"] == planted["stakeholder"]
    assert intro["hops"] == len(intro["nodes"]) - 1
    assert [n["id"] for n in intro["nodes"]] == planted["shortestIntroduction"]
    assert "Warm introduction" in found["suggestion"]
    # Her report is uncovered too, and influential enough to be named.
    assert "stk-hugo-lefebvre" in subjects(report, "UNCOVERED_INFLUENCER")


async def test_the_only_two_hop_introduction_to_the_decision_maker(
    demo: DemoServer, answers: dict[str, Any]
) -> None:
    planted = answers["uncoveredDecisionMakers"][0]
    data = await demo.data(PATHS, {"targetId": planted["stakeholder"], "maxHops": 2, "top": 10})
    paths = data["introductionPaths"]
    assert [[n["id"] for n in p["nodes"]] for p in paths] == [planted["shortestIntroduction"]]
    [path] = paths
    assert [n["label"] for n in path["nodes"]] == ["TEAM_MEMBER", "STAKEHOLDER", "STAKEHOLDER"]
    # Marcus Hale knows Camille Durand (0.65); Ingrid reports to Camille (a
    # formal line, 0.4) and influences her (0.8): the personal tie counts.
    assert path["strength"] == pytest.approx(0.65 * 0.8)
    assert path["score"] == pytest.approx(0.65 * 0.8 * 0.9**2)
    assert [s["strength"] for s in path["steps"]] == [0.65, 0.8]
    # Longer chains through reporting lines no longer come first: the planted
    # introduction is the best one at any reach.
    wider = (await demo.data(PATHS, {"targetId": planted["stakeholder"], "maxHops": 4, "top": 10}))[
        "introductionPaths"
    ]
    assert [n["id"] for n in wider[0]["nodes"]] == planted["shortestIntroduction"]
    scores = [p["score"] for p in wider]
    assert scores == sorted(scores, reverse=True)


async def test_every_suggested_introduction_is_the_first_introduction_path(
    demo: DemoServer, reports: dict[str, dict[str, Any]]
) -> None:
    suggested = {
        g["introduction"]["nodes"][-1]["id"]: g["introduction"]
        for report in reports.values()
        for g in report["gaps"]
        if g["introduction"] is not None
    }
    assert len(suggested) >= 5
    for target, introduction in suggested.items():
        [first] = (await demo.data(PATHS, {"targetId": target, "top": 1}))["introductionPaths"]
        assert first == introduction, target


def test_no_other_decision_maker_of_a_key_account_is_uncovered(
    reports: dict[str, dict[str, Any]], answers: dict[str, Any], index: DemoIndex
) -> None:
    planted = {a["stakeholder"] for a in answers["uncoveredDecisionMakers"]}
    important = {c for c, tier in index.tiers.items() if tier in ("STRATEGIC", "KEY")}
    uncovered = [g for c in sorted(important) for g in gaps_of(reports[c], "UNCOVERED_DECISION_MAKER")]
    assert all(g["severity"] == "CRITICAL" for g in uncovered)
    # Economic buyers (Kestrel's and Harbor's CFOs) are deciders too and are
    # flagged as well; by buying role, the planted one is the only decision maker.
    by_role = {g["subjectId"] for g in uncovered if "decision maker" in g["reason"]}
    assert by_role == planted
    assert all("economic buyer" in g["reason"] for g in uncovered if g["subjectId"] not in planted)


# -- 2. the single-threaded account ------------------------------------------------------


def test_kestrel_is_single_threaded(reports: dict[str, dict[str, Any]], answers: dict[str, Any]) -> None:
    planted = answers["singleThreadedAccounts"][0]
    report = reports[planted["customer"]]
    # One gap for "one team member holds every tie", one for "every tie goes to one person".
    assert subjects(report, "SINGLE_THREADED_TEAM") == {planted["teamMember"], planted["stakeholder"]}
    assert all(g["severity"] == "HIGH" for g in gaps_of(report, "SINGLE_THREADED_TEAM"))
    decider = gap(report, "SINGLE_THREADED_STAKEHOLDER", planted["stakeholder"])
    assert decider["severity"] == "HIGH"
    assert "Tomás Reyes" in decider["reason"]
    # It is the only account where everything hangs on one thread.
    assert across(reports, "SINGLE_THREADED_TEAM") == {planted["teamMember"], planted["stakeholder"]}


async def test_kestrel_coverage_is_lost_if_either_thread_leaves(
    demo: DemoServer, answers: dict[str, Any]
) -> None:
    planted = answers["singleThreadedAccounts"][0]
    risks = (await demo.data(KEY_PERSON_RISK, {"customerId": planted["customer"]}))["keyPersonRisk"]
    first, second = risks[0], risks[1]
    assert [first["id"], second["id"]] == [planted["teamMember"], planted["stakeholder"]]
    assert [first["label"], second["label"]] == ["TEAM_MEMBER", "STAKEHOLDER"]
    # Tomas holds all of Kestrel's coverage: the top of the scale.
    assert first["risk"] == 1.0
    assert {f["name"]: f["value"] for f in first["factors"]}["exclusiveCoverage"] == 1.0
    assert first["articulationPoint"] and second["articulationPoint"]
    # Without Tomas nobody at Kestrel is reachable; without Dana, everybody but her.
    assert planted["stakeholder"] in first["orphanedStakeholderIds"]
    assert set(second["orphanedStakeholderIds"]) == set(first["orphanedStakeholderIds"]) - {
        planted["stakeholder"]
    }
    assert first["lostDirectStakeholderIds"] == [planted["stakeholder"]]
    assert [r["rank"] for r in risks] == list(range(1, len(risks) + 1))
    assert [r["risk"] for r in risks] == sorted((r["risk"] for r in risks), reverse=True)


# -- 3. the competitor-leaning champion ------------------------------------------------


async def test_competitor_leaning_champion(
    demo: DemoServer, reports: dict[str, dict[str, Any]], answers: dict[str, Any]
) -> None:
    planted = answers["competitorLeaningChampions"][0]
    found = gap(reports[planted["customer"]], "COMPETITOR_LEANING", planted["stakeholder"])
    # A champion selling a competitor inside the account is as urgent as a decider.
    assert found["severity"] == "HIGH"
    assert "Corvel" in found["reason"]
    assert f"{planted['prefersStrength']:.2f}" in found["reason"]
    # Her stated 0.25 tie, weighed by the strength model (low quality, contact
    # months ago), is what relationshipHealth reports for it, and weaker still.
    health = (await demo.data(HEALTH, {"customerId": planted["customer"]}))["relationshipHealth"]
    [tie] = [t for t in health["relationships"] if t["stakeholderId"] == planted["stakeholder"]]
    assert tie["strength"] == planted["strongestTie"]
    assert tie["score"] < planted["strongestTie"]
    assert f"our strongest tie is {tie['score']:.2f}" in found["reason"]
    # She is tied to us (weakly), so the advice is to deepen that tie, not an introduction.
    assert found["introduction"] is None
    assert "Sofia Lindqvist" in found["suggestion"]


def test_competitor_leaning_stakeholders_without_a_strong_tie(
    reports: dict[str, dict[str, Any]], answers: dict[str, Any]
) -> None:
    assert across(reports, "COMPETITOR_LEANING") == set(answers["competitorLeaningWithoutStrongTie"])


# -- 4. the cross-company KOLs -------------------------------------------------------------


async def test_industry_kols_rank_the_planted_kols_first(demo: DemoServer, answers: dict[str, Any]) -> None:
    planted = answers["industryKols"]
    industry = planted[0]["industry"]
    kols = (await demo.data(KOLS, {"industryId": industry, "top": 100}))["industryKols"]
    assert {k["id"] for k in kols[:2]} == {p["stakeholder"] for p in planted}
    assert [k["rank"] for k in kols] == list(range(1, len(kols) + 1))
    by_id = {k["id"]: k for k in kols}
    for p in planted:
        kol = by_id[p["stakeholder"]]
        assert kol["customerId"] == p["customer"]
        assert kol["label"] == "STAKEHOLDER"
        factors = {f["name"]: f["value"] for f in kol["factors"]}
        assert factors["accountsReached"] == len(p["reaches"])
        assert factors["crossAccountTies"] > 0.8  # most of their ties leave their own account
    # Small accounts, yet the most listened-to people of the industry, and
    # clearly ahead (not by a tie-break) of anyone at the big accounts.
    pagerank = {k["id"]: next(f["value"] for f in k["factors"] if f["name"] == "pagerank") for k in kols}
    assert set(sorted(pagerank, key=pagerank.__getitem__)[-2:]) == {p["stakeholder"] for p in planted}
    assert kols[2]["score"] < min(by_id[p["stakeholder"]]["score"] for p in planted) - 0.1


async def test_industry_kols_are_people_of_the_industry(demo: DemoServer, index: DemoIndex) -> None:
    # Julien Moreau (energy) and Uwe Schroeder (automotive) know each other:
    # each is context for the other industry's ranking, not one of its KOLs.
    for industry, customers in (
        ("ind-automotive", {"cust-northwind", "cust-kestrel", "cust-ridgeway", "cust-tallis"}),
        ("ind-energy", {"cust-solenne"}),
        ("ind-healthcare", {"cust-staldric"}),
    ):
        kols = (await demo.data(KOLS, {"industryId": industry, "top": 100}))["industryKols"]
        assert kols, industry
        assert {k["customerId"] for k in kols} <= customers, industry
        assert [k["rank"] for k in kols] == list(range(1, len(kols) + 1))
        # Each one's own ties reach beyond their account.
        assert all({f["name"]: f["value"] for f in k["factors"]}["crossAccountTies"] > 0 for k in kols)


# -- 5. the missing executive sponsor ----------------------------------------------------


def test_missing_exec_sponsor(
    reports: dict[str, dict[str, Any]], answers: dict[str, Any], index: DemoIndex
) -> None:
    [planted] = answers["missingExecSponsor"]
    found = gap(reports[planted], "NO_EXEC_SPONSOR", planted)
    assert found["severity"] == "HIGH"  # STRATEGIC account
    important = {c for c, tier in index.tiers.items() if tier in ("STRATEGIC", "KEY")}
    flagged = {c for c in important if gaps_of(reports[c], "NO_EXEC_SPONSOR")}
    assert flagged == {planted}
    # Standard accounts without a sponsor are flagged, but only as MEDIUM.
    for customer in set(CUSTOMERS) - important:
        assert all(g["severity"] == "MEDIUM" for g in gaps_of(reports[customer], "NO_EXEC_SPONSOR"))


# -- 6. stale relationships -----------------------------------------------------------------


def test_stale_relationships(reports: dict[str, dict[str, Any]], answers: dict[str, Any]) -> None:
    # The service calls a relationship stale after 90 days without contact.
    over_90 = {a["stakeholder"] for a in answers["staleOver90Days"]}
    assert across(reports, "STALE_RELATIONSHIP") == over_90
    by_subject = {g["subjectId"]: g for r in reports.values() for g in gaps_of(r, "STALE_RELATIONSHIP")}
    for tie in answers["staleOver180Days"]:
        found = by_subject[tie["stakeholder"]]
        assert f"last on {tie['lastContactAt'][:10]}" in found["reason"]


async def test_relationship_health_dates_every_tie_as_of_the_reference_day(
    demo: DemoServer, answers: dict[str, Any], index: DemoIndex
) -> None:
    expected = {
        (a["teamMember"], a["stakeholder"]): (REFERENCE - datetime.fromisoformat(a["lastContactAt"])).days
        for a in answers["staleOver90Days"]
    }
    seen: dict[tuple[str, str], float] = {}
    for customer in CUSTOMERS:
        health = (await demo.data(HEALTH, {"customerId": customer}))["relationshipHealth"]
        ties = health["relationships"]
        assert [t["score"] for t in ties] == sorted(t["score"] for t in ties)  # weakest first
        for t in ties:
            assert index.owner[t["stakeholderId"]] == customer
            seen[(t["teamMemberId"], t["stakeholderId"])] = t["daysSinceContact"]
    assert len(seen) == 38  # every RELATES_TO tie of the demo, each under its own account
    for key, days in expected.items():
        # An interaction later that day (with a time of day) may be the latest contact.
        assert days - 1 < seen[key] <= days, key
    # Every other tie had contact within the last 90 days.
    assert all(days <= 90 for key, days in seen.items() if key not in expected)


def test_weak_decision_makers_and_missing_champions(reports: dict[str, dict[str, Any]]) -> None:
    # DEMO.md, "Other things worth finding": ties decayed by months without contact.
    assert across(reports, "WEAK_DECISION_MAKER") == {
        "stk-ralf-neumann",
        "stk-matthias-brenner",
        "stk-oliver-hartmann",
        "stk-helen-shaw",
        "stk-margaret-ellison",
        "stk-susan-ofori",
        "stk-antoine-mercier",
        "stk-james-whitaker",
    }
    assert across(reports, "NO_CHAMPION") == {"cust-kestrel", "cust-ridgeway", "cust-tallis"}
    assert gap(reports["cust-kestrel"], "NO_CHAMPION", "cust-kestrel")["severity"] == "HIGH"


# -- other things worth finding ---------------------------------------------------------


async def test_revenue_concentration(demo: DemoServer) -> None:
    segments = (await demo.data(SEGMENTS, {"topN": 2}))["accountSegments"]
    concentration = segments["concentration"]
    assert concentration["topCustomerIds"] == ["cust-northwind", "cust-staldric"]
    assert concentration["accounts"] == 7
    assert concentration["totalRevenue"] == pytest.approx(12_025_000)
    assert math.isclose(concentration["topShare"], 0.66, abs_tol=0.005)
    bands = segments["valueBands"]
    assert [t["rank"] for t in bands] == list(range(1, len(bands) + 1))
    assert [t["value"] for t in bands] == sorted((t["value"] for t in bands), reverse=True)
    # Computed bands sit beside the stored tiers they may disagree with.
    by_id = {t["customerId"]: (t["band"], t["storedTier"]) for t in bands}
    assert by_id["cust-northwind"] == ("HIGH", "STRATEGIC")
    assert by_id["cust-ridgeway"] == ("LOW", "STANDARD")
