"""Eigenvector, closeness, HITS and brokerage against hand-solved graphs."""

from __future__ import annotations

import math
from typing import Any

import networkx as nx
import pytest

from algorithms.errors import InvalidParameter, NotConverged
from algorithms.influence.brokerage import brokerage
from algorithms.influence.closeness import closeness
from algorithms.influence.eigenvector import eigenvector
from algorithms.influence.hits import hits


def scores(results: Any) -> dict[str, float]:
    return {r.id: r.score for r in results}


def factor(result: Any, name: str) -> float:
    return float(next(f.value for f in result.factors if f.name == name))


# --- eigenvector ---------------------------------------------------------


def test_eigenvector_star() -> None:
    # Leading eigenvalue sqrt(3): hub = sqrt(3) * leaf, unit norm.
    values = scores(eigenvector(nx.star_graph(["hub", "a", "b", "c"]), tol=1e-12))
    assert values["hub"] == pytest.approx(1 / math.sqrt(2), abs=1e-6)
    assert values["a"] == pytest.approx(1 / math.sqrt(6), abs=1e-6)


def test_eigenvector_disconnected_keeps_the_dominant_part() -> None:
    # A triangle (eigenvalue 2) and a separate pair (eigenvalue 1).
    G = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y")])
    result = eigenvector(G)
    values = scores(result)
    for n in "abc":
        assert values[n] == pytest.approx(1 / math.sqrt(3), abs=1e-4)
    assert values["x"] < 1e-3
    assert factor(result[0], "katzFallback") == 0.0


def test_eigenvector_equal_parts_converge_symmetrically() -> None:
    G = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z")])
    assert all(v == pytest.approx(1 / math.sqrt(6), abs=1e-6) for v in scores(eigenvector(G)).values())


def test_eigenvector_without_cycles_falls_back_to_katz() -> None:
    # Katz with attenuation 0.9 (spectral-radius bound 1): a = 1, b = 1 + 0.9 a,
    # c = 1 + 0.9 b, then unit norm.
    result = eigenvector(nx.DiGraph([("a", "b"), ("b", "c")]))
    raw = {"a": 1.0, "b": 1.9, "c": 2.71}
    norm = math.sqrt(sum(v * v for v in raw.values()))
    assert [r.id for r in result] == ["c", "b", "a"]
    for r in result:
        assert r.score == pytest.approx(raw[r.id] / norm, abs=1e-5)
        assert factor(r, "katzFallback") == 1.0


def test_eigenvector_karate(karate: Any) -> None:
    assert eigenvector(karate, top_k=1)[0].id == "33"
    assert {r.id for r in eigenvector(karate, weight=None, top_k=2)} == {"0", "33"}


def test_eigenvector_edge_cases() -> None:
    assert eigenvector(nx.Graph()) == []
    with pytest.raises(NotConverged):
        eigenvector(nx.DiGraph([("a", "b"), ("b", "c")]), max_iter=1)
    with pytest.raises(InvalidParameter):
        eigenvector(nx.path_graph(["a", "b"]), max_iter=0)


# --- closeness -----------------------------------------------------------


def test_closeness_path() -> None:
    assert scores(closeness(nx.path_graph(["a", "b", "c"]))) == pytest.approx(
        {"a": 2 / 3, "b": 1.0, "c": 2 / 3}
    )


def test_closeness_directed_counts_incoming_paths() -> None:
    # c is reached by b (1 hop) and a (2): 2/3; b only by a: (1/1) * (1/2).
    values = scores(closeness(nx.DiGraph([("a", "b"), ("b", "c")])))
    assert values == pytest.approx({"a": 0.0, "b": 0.5, "c": 2 / 3})


def test_closeness_disconnected_scaling() -> None:
    G = nx.Graph([("a", "b"), ("b", "c"), ("x", "y")])
    improved = scores(closeness(G))
    assert improved["b"] == pytest.approx(0.5)  # (2/2) * (2/4)
    assert improved["x"] == pytest.approx(0.25)  # (1/1) * (1/4)
    plain = scores(closeness(G, wf_improved=False))
    assert plain["b"] == plain["x"] == pytest.approx(1.0)


def test_closeness_with_strengths() -> None:
    # Hop lengths are 1 / strength: a-b 1, b-c 2.
    G = nx.Graph()
    G.add_edge("a", "b", weight=1.0)
    G.add_edge("b", "c", weight=0.5)
    assert scores(closeness(G, strength="weight")) == pytest.approx({"a": 0.5, "b": 2 / 3, "c": 0.4})


def test_closeness_karate(karate: Any) -> None:
    assert [r.id for r in closeness(karate, top_k=1)] == ["0"]


# --- HITS ----------------------------------------------------------------


def test_hits_by_hand() -> None:
    # A^T A on (a1, a2) is [[2, 1], [1, 1]]: authorities (1, g) with
    # g = (sqrt(5) - 1) / 2; hubs h = a1 + a2, x = a1.
    G = nx.DiGraph([("h", "a1"), ("h", "a2"), ("x", "a1")])
    result = hits(G)
    g = (math.sqrt(5) - 1) / 2
    authorities = scores(result.authorities)
    hubs = scores(result.hubs)
    assert authorities["a1"] == pytest.approx(1 / (1 + g))
    assert authorities["a2"] == pytest.approx(g / (1 + g))
    assert authorities["h"] == pytest.approx(0.0, abs=1e-12)
    assert hubs["h"] == pytest.approx((1 + g) / (2 + g))
    assert hubs["x"] == pytest.approx(1 / (2 + g))
    assert [r.id for r in result.hubs[:2]] == ["h", "x"]


def test_hits_undirected_rankings_agree(karate: Any) -> None:
    result = hits(karate, top_k=5)
    assert [r.id for r in result.hubs] == [r.id for r in result.authorities]


def test_hits_large_graph_matches_networkx() -> None:
    G = nx.relabel_nodes(nx.gnm_random_graph(600, 3000, seed=2, directed=True), str)
    result = hits(G, weight=None)
    hubs, authorities = nx.hits(G, max_iter=1000, tol=1e-10)
    ours = scores(result.authorities)
    assert max(abs(ours[n] - authorities[n]) for n in G) < 1e-8
    assert [r.id for r in result.hubs[:5]] == sorted(hubs, key=lambda n: -hubs[n])[:5]


def test_hits_edge_cases() -> None:
    assert hits(nx.DiGraph()).hubs == ()
    edgeless = hits(nx.empty_graph(["a", "b"], create_using=nx.DiGraph))
    assert [(r.id, r.score) for r in edgeless.authorities] == [("a", 0.0), ("b", 0.0)]
    single = hits(nx.DiGraph([("a", "b")]))
    assert single.authorities[0].id == "b"
    assert single.hubs[0].id == "a"


# --- brokerage -----------------------------------------------------------


def test_brokerage_between_two_pairs() -> None:
    # b's four contacts a1, a2, c1, c2 (1/4 each); a1-a2 and c1-c2 are tied.
    # Constraint per contact: (1/4 + 1/4 * 1/2)^2; effective size 4 - 2*2/4.
    G = nx.Graph([("a1", "a2"), ("a1", "b"), ("a2", "b"), ("b", "c1"), ("c1", "c2"), ("b", "c2")])
    result = brokerage(G)
    top = result[0]
    assert top.id == "b"
    assert factor(top, "constraint") == pytest.approx(4 * 0.375**2)
    assert factor(top, "effectiveSize") == pytest.approx(3.0)
    assert factor(top, "efficiency") == pytest.approx(0.75)
    assert top.score == pytest.approx(1 - 0.5625)
    # a1: contacts a2 and b (1/2 each): (1/2 + 1/8)^2 + (1/2 + 1/4)^2.
    assert scores(result)["a1"] == pytest.approx(1 - (0.625**2 + 0.75**2))


def test_brokerage_isolates_and_leaves_score_zero() -> None:
    G = nx.Graph([("hub", "a"), ("hub", "b")])
    G.add_node("alone")
    result = {r.id: r for r in brokerage(G)}
    assert result["alone"].score == 0.0
    assert factor(result["alone"], "constraint") == 1.0
    assert factor(result["alone"], "effectiveSize") == 0.0
    assert result["a"].score == 0.0
    assert result["hub"].score == pytest.approx(0.5)


def test_medici_broker_the_most(florentine: Any) -> None:
    first, second = brokerage(florentine, top_k=2)
    assert first.id == "Medici"
    assert factor(first, "effectiveSize") == pytest.approx(17 / 3)
    assert first.score > second.score


def test_brokerage_directed_reads_ties_both_ways() -> None:
    G = nx.DiGraph([("a", "b"), ("c", "b"), ("b", "d")])
    assert brokerage(G)[0].id == "b"
