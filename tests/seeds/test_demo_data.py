"""The demo document is valid, coherent, and every planted answer holds in its raw data.

The answers are recomputed here from the JSON alone, with the definitions
``seeds/DEMO.md`` gives, and compared with ``seeds/demo_answers.json``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from graph_model.importer import parse_document
from graph_model.model import QUALITY_DIMENSIONS
from graph_model.validation import check_endpoints, normalize_datetime
from seeds.demo import DEMO_PATH, REFERENCE_DATE, demo_document, planted_answers

KEY_TIERS = {"STRATEGIC", "KEY"}
SENIOR = {"C_LEVEL", "VP"}


class Demo:
    """Indexes over the raw demo document."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.nodes = {n["id"]: n for n in document["nodes"]}
        self.rels = document["relationships"]
        self.us = next(i for i, n in self.nodes.items() if n["properties"].get("isUs"))
        dept_parent: dict[str, str] = {r["from"]: r["to"] for r in self.of("PART_OF")}
        dept_customer: dict[str, str] = {r["to"]: r["from"] for r in self.of("HAS_DEPARTMENT")}

        def owner(dept: str) -> str:
            while dept not in dept_customer:
                dept = dept_parent[dept]
            return dept_customer[dept]

        self.customer_of = {r["from"]: owner(r["to"]) for r in self.of("WORKS_IN")}
        self.industry_of = {
            r["from"]: r["to"] for r in self.of("IN_INDUSTRY") if self.label(r["from"]) == "Customer"
        }
        self.ties: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in self.of("RELATES_TO"):
            self.ties[r["to"]].append(r)

    def of(self, rel_type: str) -> list[dict[str, Any]]:
        return [r for r in self.rels if r["type"] == rel_type]

    def label(self, node_id: str) -> str:
        return str(self.nodes[node_id]["label"])

    def props(self, node_id: str) -> dict[str, Any]:
        return dict(self.nodes[node_id]["properties"])

    def stakeholders(self) -> list[str]:
        return sorted(i for i in self.nodes if self.label(i) == "Stakeholder")

    def strongest_tie(self, stakeholder: str) -> float:
        return max((t["properties"]["strength"] for t in self.ties[stakeholder]), default=0.0)


@pytest.fixture(scope="module")
def demo() -> Demo:
    return Demo(demo_document())


@pytest.fixture(scope="module")
def answers() -> dict[str, Any]:
    return planted_answers()


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_demo_parses_without_errors() -> None:
    parsed = parse_document(demo_document())
    nodes, rels = parsed.nodes, parsed.relationships
    assert parsed.errors == []
    labels = {n.id: n.label for n in nodes}
    endpoint_errors = [e for i, r in enumerate(rels) for e in check_endpoints(r, labels, i)]
    assert endpoint_errors == []


def test_counts_match_the_answers(demo: Demo, answers: dict[str, Any]) -> None:
    assert dict(Counter(n["label"] for n in demo.nodes.values())) == answers["counts"]["nodes"]
    assert dict(Counter(r["type"] for r in demo.rels)) == answers["counts"]["relationships"]
    assert len(demo.nodes) == len(demo_document()["nodes"]), "ids are unique"


def test_no_duplicate_relationships(demo: Demo) -> None:
    keys = Counter(
        (r["type"], *(sorted((r["from"], r["to"])) if r["type"] == "KNOWS" else (r["from"], r["to"])))
        for r in demo.rels
    )
    assert [k for k, n in keys.items() if n > 1] == []


def test_org_structure_is_coherent(demo: Demo) -> None:
    works_in = Counter(r["from"] for r in demo.of("WORKS_IN"))
    assert all(works_in[s] == 1 for s in demo.stakeholders())
    managers = Counter(r["from"] for r in demo.of("REPORTS_TO"))
    assert max(managers.values()) == 1
    for r in demo.of("REPORTS_TO"):
        assert demo.customer_of[r["from"]] == demo.customer_of[r["to"]], r
    manager_of = {r["from"]: r["to"] for r in demo.of("REPORTS_TO")}
    for person in demo.stakeholders():  # no reporting cycles
        seen = {person}
        while person in manager_of:
            person = manager_of[person]
            assert person not in seen
            seen.add(person)


def test_commercial_data_is_coherent(demo: Demo) -> None:
    share: dict[str, float] = defaultdict(float)
    for r in demo.of("SUPPLIES"):
        share[r["to"]] += r["properties"]["shareOfWallet"]
        if r["from"] == demo.us:
            assert r["properties"]["annualValue"] == demo.props(r["to"])["annualRevenue"]
    assert all(0.99 <= s <= 1.0 for s in share.values()), share
    for tie in demo.of("RELATES_TO"):
        assert set(tie["properties"]) == {"strength", *QUALITY_DIMENSIONS, "lastContactAt"}
    by = Counter(r["from"] for r in demo.of("BY"))
    with_ = Counter(r["from"] for r in demo.of("WITH"))
    interactions = [i for i in demo.nodes if demo.label(i) == "Interaction"]
    assert all(by[i] == 1 and with_[i] >= 1 for i in interactions)


def test_uncovered_decision_maker(demo: Demo, answers: dict[str, Any]) -> None:
    found = [
        s
        for s in demo.stakeholders()
        if demo.props(s)["buyingRole"] == "DECISION_MAKER"
        and demo.props(s)["seniority"] in SENIOR
        and demo.props(demo.customer_of[s])["tier"] in KEY_TIERS
        and not demo.ties[s]
    ]
    expected = answers["uncoveredDecisionMakers"]
    assert found == [e["stakeholder"] for e in expected]
    assert demo.customer_of[found[0]] == expected[0]["customer"]


def test_shortest_introduction_to_the_uncovered_decision_maker(demo: Demo, answers: dict[str, Any]) -> None:
    target = answers["uncoveredDecisionMakers"][0]
    neighbours: dict[str, set[str]] = defaultdict(set)
    for r in demo.rels:
        if r["type"] in ("REPORTS_TO", "INFLUENCES", "KNOWS", "RELATES_TO"):
            neighbours[r["from"]].add(r["to"])
            neighbours[r["to"]].add(r["from"])
    two_hop = sorted(
        [member, middle, target["stakeholder"]]
        for middle in neighbours[target["stakeholder"]]
        for member in neighbours[middle]
        if demo.label(member) == "TeamMember"
    )
    assert two_hop == [target["shortestIntroduction"]]


def test_single_threaded_account(demo: Demo, answers: dict[str, Any]) -> None:
    covered: dict[str, set[str]] = defaultdict(set)
    members: dict[str, set[str]] = defaultdict(set)
    for tie in demo.of("RELATES_TO"):
        customer = demo.customer_of[tie["to"]]
        covered[customer].add(tie["to"])
        members[customer].add(tie["from"])
    one_person = sorted(c for c, people in covered.items() if len(people) == 1)
    one_member = sorted(c for c, team in members.items() if len(team) == 1)
    expected = answers["singleThreadedAccounts"]
    assert one_person == one_member == [e["customer"] for e in expected]
    assert covered[one_person[0]] == {expected[0]["stakeholder"]}
    assert members[one_person[0]] == {expected[0]["teamMember"]}


def _competitor_preferences(demo: Demo) -> dict[str, list[dict[str, Any]]]:
    prefs: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in demo.of("PREFERS"):
        if r["to"] != demo.us:
            prefs[r["from"]].append(r)
    return prefs


def test_competitor_leaning_champion(demo: Demo, answers: dict[str, Any]) -> None:
    prefs = _competitor_preferences(demo)
    found = [
        s
        for s in demo.stakeholders()
        if "CHAMPION" in (demo.props(s)["buyingRole"], demo.props(s)["stance"])
        and any(p["properties"]["strength"] >= 0.7 for p in prefs[s])
        and demo.strongest_tie(s) <= 0.3
    ]
    (expected,) = answers["competitorLeaningChampions"]
    assert found == [expected["stakeholder"]]
    (pref,) = prefs[found[0]]
    assert (pref["to"], pref["properties"]["strength"]) == (expected["supplier"], expected["prefersStrength"])
    (tie,) = demo.ties[found[0]]
    assert (tie["from"], tie["properties"]["strength"]) == (
        expected["tiedTeamMember"],
        expected["strongestTie"],
    )
    # No other champion leans to a competitor at all strongly.
    champions = [
        s for s in demo.stakeholders() if "CHAMPION" in (demo.props(s)["buyingRole"], demo.props(s)["stance"])
    ]
    assert [s for s in champions if prefs[s]] == found


def test_competitor_leaning_without_strong_tie(demo: Demo, answers: dict[str, Any]) -> None:
    prefs = _competitor_preferences(demo)
    found = [
        s
        for s in demo.stakeholders()
        if any(p["properties"]["strength"] >= 0.6 for p in prefs[s]) and demo.strongest_tie(s) < 0.5
    ]
    assert found == answers["competitorLeaningWithoutStrongTie"]


def test_cross_company_kols(demo: Demo, answers: dict[str, Any]) -> None:
    reach: dict[str, set[str]] = defaultdict(set)
    for r in demo.of("KNOWS") + demo.of("INFLUENCES"):
        a, b = r["from"], r["to"]
        ca, cb = demo.customer_of[a], demo.customer_of[b]
        if ca != cb and demo.industry_of[ca] == demo.industry_of[cb]:
            reach[a].add(cb)
            reach[b].add(ca)
    kols = sorted(s for s, customers in reach.items() if len(customers) >= 3)
    expected = answers["industryKols"]
    assert kols == [k["stakeholder"] for k in expected]
    for kol in expected:
        assert sorted(reach[kol["stakeholder"]]) == kol["reaches"]
        customer = demo.props(kol["customer"])
        assert demo.customer_of[kol["stakeholder"]] == kol["customer"]
        assert customer["tier"] == "STANDARD"
        assert customer["annualRevenue"] < 100_000
    assert max(len(c) for s, c in reach.items() if s not in kols) <= 2


def test_missing_exec_sponsor(demo: Demo, answers: dict[str, Any]) -> None:
    sponsored = {r["to"] for r in demo.of("MANAGES") if r["properties"]["role"] == "EXEC_SPONSOR"}
    key_accounts = [
        c for c in demo.nodes if demo.label(c) == "Customer" and demo.props(c)["tier"] in KEY_TIERS
    ]
    missing = sorted(c for c in key_accounts if c not in sponsored)
    assert missing == answers["missingExecSponsor"]
    assert all(demo.props(c)["tier"] == "STRATEGIC" for c in missing)


@pytest.mark.parametrize(("days", "key"), [(180, "staleOver180Days"), (90, "staleOver90Days")])
def test_stale_relationships(demo: Demo, answers: dict[str, Any], days: int, key: str) -> None:
    cutoff = _when(REFERENCE_DATE) - timedelta(days=days)
    stale = sorted(
        (t["from"], t["to"], t["properties"]["lastContactAt"])
        for t in demo.of("RELATES_TO")
        if _when(t["properties"]["lastContactAt"]) < cutoff
    )
    assert stale == [(e["teamMember"], e["stakeholder"], e["lastContactAt"]) for e in answers[key]]
    recent = [t for t in demo.of("RELATES_TO") if _when(t["properties"]["lastContactAt"]) >= cutoff]
    assert recent, "there are recent ties too"


def test_demo_md_names_every_planted_id(answers: dict[str, Any]) -> None:
    text = (Path(str(DEMO_PATH)).parent / "DEMO.md").read_text(encoding="utf-8")
    ids = {v for v in _strings(answers) if re.fullmatch(r"(stk|cust|tm|sup|ind)-[a-z0-9-]+", v)}
    assert len(ids) > 20
    missing = sorted(i for i in ids if f"`{i}`" not in text)
    assert missing == []


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_timestamps_are_canonical_utc(demo: Demo) -> None:
    """Stored exactly as written, so a dump of the store is byte-for-byte the demo."""
    stamps = [v for r in demo.rels for k, v in r["properties"].items() if k in ("since", "lastContactAt")]
    stamps += [
        v for n in demo.nodes.values() for k, v in n["properties"].items() if k in ("at", "lastPurchaseAt")
    ]
    assert len(stamps) > 150
    assert all(normalize_datetime(s) == s for s in stamps)
    assert all(_when(s) <= _when(REFERENCE_DATE) for s in stamps)
