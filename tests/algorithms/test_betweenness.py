"""Betweenness: exact values by hand, named graphs, sampling and the igraph path."""

from __future__ import annotations

from typing import Any

import networkx as nx
import pytest

from algorithms.errors import InvalidParameter
from algorithms.influence.betweenness import betweenness, betweenness_values

# igraph and networkx count the same shortest paths from the same sources.
BACKEND_TOLERANCE = 1e-12


def scores(results: list[Any]) -> dict[str, float]:
    return {r.id: r.score for r in results}


def test_broker_between_two_groups() -> None:
    # Triangles a1-a2-a3 and b1-b2-b3 joined by x (a1 - x - b1). x lies on all
    # 9 a-b paths, a1 on the 2 a2/a3-x paths and 6 a2/a3-b paths; there are
    # C(6, 2) = 15 pairs of other nodes to normalise by.
    G = nx.Graph(
        [
            ("a1", "a2"),
            ("a2", "a3"),
            ("a1", "a3"),
            ("b1", "b2"),
            ("b2", "b3"),
            ("b1", "b3"),
            ("a1", "x"),
            ("x", "b1"),
        ]
    )
    values = scores(betweenness(G))
    assert values["x"] == pytest.approx(9 / 15)
    assert values["a1"] == pytest.approx(8 / 15)
    assert values["b1"] == pytest.approx(8 / 15)
    assert values["a2"] == values["b3"] == 0.0
    assert [r.id for r in betweenness(G, top_k=3)] == ["x", "a1", "b1"]


def test_chain_unnormalised() -> None:
    G = nx.path_graph(["a", "b", "c", "d", "e"])
    values = scores(betweenness(G, normalized=False))
    assert values == {"a": 0.0, "b": 3.0, "c": 4.0, "d": 3.0, "e": 0.0}


def test_star_and_directed_chain() -> None:
    star = scores(betweenness(nx.star_graph(["hub", "a", "b", "c"])))
    assert star == {"hub": 1.0, "a": 0.0, "b": 0.0, "c": 0.0}
    chain = scores(betweenness(nx.DiGraph([("a", "b"), ("b", "c")]), normalized=False))
    assert chain == {"a": 0.0, "b": 1.0, "c": 0.0}


def test_disconnected_and_empty() -> None:
    G = nx.Graph([("a", "b"), ("b", "c"), ("x", "y")])
    assert scores(betweenness(G, normalized=False)) == {"a": 0, "b": 1, "c": 0, "x": 0, "y": 0}
    assert betweenness(nx.Graph()) == []


def test_karate_club_leaders(karate: Any) -> None:
    assert [r.id for r in betweenness(karate, top_k=2)] == ["0", "33"]


def test_medici_are_the_clear_top_broker(florentine: Any) -> None:
    first, second = betweenness(florentine, top_k=2)
    assert first.id == "Medici"
    assert first.score == pytest.approx(0.521978, abs=1e-6)
    assert first.score > 2 * second.score


def test_sampling_is_seeded_and_reported() -> None:
    G = nx.relabel_nodes(nx.barabasi_albert_graph(300, 2, seed=3), str)
    one = betweenness(G, exact_below=100, k=50, seed=11)
    again = betweenness(G, exact_below=100, k=50, seed=11)
    other = betweenness(G, exact_below=100, k=50, seed=12)
    assert one == again
    assert scores(one) != scores(other)
    assert {f.name: f.value for f in one[0].factors}["sources"] == 50.0
    exact = betweenness(G, backend="igraph")
    assert {f.name: f.value for f in exact[0].factors}["sources"] == 300.0
    # The estimate finds the same top broker as the exact computation.
    assert one[0].id == exact[0].id


def test_sampling_with_k_at_least_n_is_exact() -> None:
    G = nx.relabel_nodes(nx.karate_club_graph(), str)
    assert betweenness(G, exact_below=10, k=34, seed=1) == betweenness(G)


@pytest.mark.parametrize("normalized", [True, False])
@pytest.mark.parametrize("directed", [True, False])
def test_igraph_backend_agrees_exact_and_sampled(normalized: bool, directed: bool) -> None:
    G = nx.relabel_nodes(nx.gnm_random_graph(200, 600, seed=5, directed=directed), str)
    for options in ({}, {"exact_below": 10, "k": 30, "seed": 4}):
        reference, used = betweenness_values(G, normalized=normalized, **options)  # type: ignore[arg-type]
        fast, fast_used = betweenness_values(
            G,
            normalized=normalized,
            backend="igraph",
            **options,  # type: ignore[arg-type]
        )
        assert used == fast_used
        assert max(abs(reference[n] - fast[n]) for n in G) < BACKEND_TOLERANCE


def test_igraph_backend_top_k(karate: Any) -> None:
    assert [r.id for r in betweenness(karate, backend="igraph", top_k=5)] == [
        r.id for r in betweenness(karate, top_k=5)
    ]


def test_named_errors() -> None:
    G = nx.path_graph(["a", "b"])
    with pytest.raises(InvalidParameter):
        betweenness(G, k=0)
    with pytest.raises(InvalidParameter):
        betweenness(G, exact_below=-1)
    with pytest.raises(InvalidParameter):
        betweenness(G, backend="rustworkx")  # type: ignore[arg-type]
