"""Industry KOLs: reach across accounts beats size of one's own account."""

from __future__ import annotations

import networkx as nx
import pytest

from algorithms.errors import InvalidParameter
from algorithms.influence.pagerank import pagerank
from algorithms.kols import accounts_reached, industry_kols
from algorithms.projection import people_graph
from graph_model.analytics_export import ExportedEdge, ExportedNode, GraphExport


def industry() -> nx.DiGraph:
    """A big account whose boss is known by ten colleagues, and a one-person
    account whose only member knows one person in each of four other
    accounts (each of whom knows two colleagues)."""
    nodes = [ExportedNode("boss", "Stakeholder", "Boss", "big")]
    nodes += [ExportedNode(f"s{i}", "Stakeholder", f"Staff {i}", "big") for i in range(10)]
    nodes.append(ExportedNode("kol", "Stakeholder", "Kim", "small"))
    nodes.append(ExportedNode("tm", "TeamMember", "Tom", None))
    edges = [ExportedEdge("KNOWS", f"s{i}", "boss", {"strength": 0.9}) for i in range(10)]
    edges.append(ExportedEdge("KNOWS", "boss", "p3", {"strength": 0.6}))
    edges.append(ExportedEdge("RELATES_TO", "tm", "boss", {"strength": 0.9}))
    for i in range(3, 7):
        nodes.append(ExportedNode(f"p{i}", "Stakeholder", f"P{i}", f"c{i}"))
        edges.append(ExportedEdge("KNOWS", "kol", f"p{i}", {"strength": 0.6}))
        for j in range(2):
            nodes.append(ExportedNode(f"q{i}{j}", "Stakeholder", f"Q{i}{j}", f"c{i}"))
            edges.append(ExportedEdge("KNOWS", f"p{i}", f"q{i}{j}", {"strength": 0.9}))
    return people_graph(GraphExport(nodes, edges, 1))


def test_reach_counts_other_accounts_by_hand() -> None:
    reach = accounts_reached(industry(), hops=2)
    assert reach["kol"] == 5  # c3..c6 directly, big through p3
    assert reach["boss"] == 2  # c3 directly, small through p3
    assert reach["s0"] == 1  # c3 through the boss
    assert reach["p3"] == 5  # small and big directly, c4..c6 through kol
    assert reach["q30"] == 2  # small and big, both through p3
    one_hop = accounts_reached(industry(), hops=1)
    assert (one_hop["p3"], one_hop["q30"], one_hop["kol"]) == (2, 0, 4)


def test_reach_follows_influence_not_deference() -> None:
    # kol influences x (stored kol -> x): kol's word reaches x's account,
    # not the other way round.
    export = GraphExport(
        [ExportedNode("kol", "Stakeholder", "K", "a1"), ExportedNode("x", "Stakeholder", "X", "a2")],
        [ExportedEdge("INFLUENCES", "kol", "x", {"strength": 0.8})],
        1,
    )
    reach = accounts_reached(people_graph(export), hops=2)
    assert reach == {"kol": 1, "x": 0}


def test_the_small_account_kol_comes_first() -> None:
    G = industry()
    ranked = industry_kols(G)
    assert ranked[0].id == "kol"
    factors = {f.name: f for f in ranked[0].factors}
    assert factors["accountsReached"].value == 5.0
    assert factors["crossAccountTies"].value == 1.0
    assert factors["accountSize"].value == 1.0
    assert sum(f.contribution or 0.0 for f in ranked[0].factors) == pytest.approx(ranked[0].score)
    # Plain PageRank prefers the big account's best-connected member.
    assert pagerank(G, top_k=1)[0].id == "boss"
    assert "tm" not in {r.id for r in ranked}
    # Reach through a colleague is not one's own: the boss's staff, whose ties
    # all stay in their account, are no KOLs however many accounts they reach.
    assert {f"s{i}" for i in range(10)}.isdisjoint(r.id for r in ranked)
    assert all({f.name: f.value for f in r.factors}["crossAccountTies"] > 0 for r in ranked)
    assert {r.id for r in ranked} == {"kol", "boss", *(f"p{i}" for i in range(3, 7))}


def test_weights_change_the_answer() -> None:
    ranked = industry_kols(industry(), weights={"pagerank": 1.0})
    assert ranked[0].id == "boss"
    assert ranked[0].score == pytest.approx(1.0)


def test_undirected_graphs_and_edge_cases() -> None:
    G = nx.Graph([("a", "b"), ("b", "c")])
    nx.set_node_attributes(G, "Stakeholder", "label")
    nx.set_node_attributes(G, {"a": "x", "b": "y", "c": "z"}, "accountId")
    assert industry_kols(G)[0].id == "b"
    assert industry_kols(nx.DiGraph()) == []
    with pytest.raises(InvalidParameter):
        industry_kols(G, hops=0)
    with pytest.raises(InvalidParameter):
        industry_kols(G, weights={"followers": 1.0})
