"""The explainable influence score."""

from __future__ import annotations

import math
from typing import Any

import networkx as nx
import pytest

from algorithms.errors import InvalidParameter
from algorithms.influence.composite import influence_scores
from algorithms.influence.pagerank import pagerank
from algorithms.projection import reports_counts


def org() -> nx.DiGraph:
    G = nx.DiGraph()
    G.add_node("ceo", label="Stakeholder", seniority="C_LEVEL", buyingRole="DECISION_MAKER")
    G.add_node("vp", label="Stakeholder", seniority="VP", buyingRole="ECONOMIC_BUYER")
    G.add_node("eng", label="Stakeholder", seniority="STAFF", buyingRole="USER")
    G.add_node("tm", label="TeamMember")
    for sub, boss in (("vp", "ceo"), ("eng", "vp")):
        G.add_edge(sub, boss, weight=1.0, types=frozenset({"REPORTS_TO"}))
    for s in ("ceo", "vp", "eng"):
        G.add_edge("tm", s, weight=0.9, types=frozenset({"RELATES_TO"}))
        G.add_edge(s, "tm", weight=0.9, types=frozenset({"RELATES_TO"}))
    return G


def factors(result: Any) -> dict[str, tuple[float, float | None]]:
    return {f.name: (f.value, f.contribution) for f in result.factors}


def test_formal_standing_by_hand() -> None:
    # reportingLine = log(1 + reports) / log(1 + 2): ceo 1, vp log 2 / log 3.
    result = influence_scores(org(), weights={"seniority": 1, "buyingRole": 1, "reportingLine": 2})
    by_id = {r.id: r for r in result}
    assert [r.id for r in result] == ["ceo", "vp", "eng"]
    assert by_id["ceo"].score == pytest.approx(1.0)
    assert by_id["vp"].score == pytest.approx((0.8 + 0.9 + 2 * math.log(2) / math.log(3)) / 4)
    assert by_id["eng"].score == pytest.approx(0.1)
    f = factors(by_id["vp"])
    assert f["seniority"] == pytest.approx((0.8, 0.2))
    assert f["buyingRole"] == pytest.approx((0.9, 0.225))
    assert f["pagerank"] == (0.0, 0.0)
    assert f["directReports"] == (1.0, None)
    assert f["reports"] == (1.0, None)
    assert factors(by_id["ceo"])["reports"] == (2.0, None)


def test_contributions_add_up_to_the_score() -> None:
    for r in influence_scores(org()):
        assert sum(f.contribution or 0.0 for f in r.factors) == pytest.approx(r.score)


def test_team_members_are_left_out_unless_asked() -> None:
    assert "tm" not in {r.id for r in influence_scores(org())}
    assert "tm" in {r.id for r in influence_scores(org(), labels=None)}


def test_network_signal_alone_follows_pagerank(karate: Any) -> None:
    blended = influence_scores(karate, weights={"pagerank": 1.0}, labels=None)
    assert [r.id for r in blended[:10]] == [r.id for r in pagerank(karate, top_k=10)]
    assert blended[0].score == pytest.approx(1.0)


def test_karate_network_position(karate: Any) -> None:
    top = influence_scores(karate, labels=None, top_k=2)
    assert {r.id for r in top} == {"0", "33"}


def test_standing_and_position_blend() -> None:
    # The hub of a star is central; c is a leaf but a C-level decision maker.
    G = nx.star_graph(["hub", "a", "b", "c"]).to_directed()
    nx.set_node_attributes(G, "Stakeholder", "label")
    G.nodes["c"]["seniority"] = "C_LEVEL"
    G.nodes["c"]["buyingRole"] = "DECISION_MAKER"
    assert influence_scores(G, weights={"pagerank": 1, "betweenness": 1})[0].id == "hub"
    ranked = influence_scores(G)
    # hub: 0.30 + 0.15 (top of both network signals); c: 0.40 from standing
    # plus its share of PageRank.
    assert [r.id for r in ranked[:2]] == ["c", "hub"]
    assert ranked[1].score == pytest.approx(0.45)


def test_reports_counted_once_in_a_matrix_organisation() -> None:
    G = nx.DiGraph()
    for sub, boss in (("eng", "m1"), ("eng", "m2"), ("m1", "ceo"), ("m2", "ceo")):
        G.add_edge(sub, boss, types=frozenset({"REPORTS_TO"}))
    G.add_edge("eng", "ceo", types=frozenset({"KNOWS"}))
    counts = reports_counts(G)
    assert counts["ceo"] == (2, 3)
    assert counts["m1"] == (1, 1)
    assert counts["eng"] == (0, 0)


def test_reports_in_a_tree_and_with_a_cycle() -> None:
    tree = nx.DiGraph()
    for sub, boss in (("a", "m"), ("b", "m"), ("m", "ceo"), ("c", "ceo")):
        tree.add_edge(sub, boss, types=frozenset({"REPORTS_TO"}))
    assert reports_counts(tree)["ceo"] == (2, 4)
    cycle = nx.DiGraph()
    for sub, boss in (("a", "b"), ("b", "a")):
        cycle.add_edge(sub, boss, types=frozenset({"REPORTS_TO"}))
    assert reports_counts(cycle) == {"a": (1, 1), "b": (1, 1)}


def test_igraph_backend_agrees() -> None:
    G = nx.relabel_nodes(nx.gnm_random_graph(150, 600, seed=9, directed=True), str)
    nx.set_node_attributes(G, "Stakeholder", "label")
    reference = influence_scores(G)
    fast = influence_scores(G, backend="igraph")
    assert [r.id for r in fast[:10]] == [r.id for r in reference[:10]]
    ref = {r.id: r.score for r in reference}
    assert max(abs(r.score - ref[r.id]) for r in fast) < 1e-6


def test_empty_and_bad_weights() -> None:
    assert influence_scores(nx.DiGraph()) == []
    for weights in ({"charisma": 1.0}, {"pagerank": -1.0}, {"pagerank": 0.0}):
        with pytest.raises(InvalidParameter):
            influence_scores(org(), weights=weights)
