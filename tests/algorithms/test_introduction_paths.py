"""Warm introduction paths: strongest bounded chains from our team."""

from __future__ import annotations

import itertools
import math
import random

import networkx as nx
import pytest

from algorithms.errors import InvalidParameter, NodeNotFound
from algorithms.introduction_paths import best_introduction_path, introduction_paths
from algorithms.strongest_introductions import strongest_introductions


def tie(G: nx.Graph, u: str, v: str, strength: float, kind: str = "KNOWS") -> None:
    G.add_edge(u, v, weight=strength, types=frozenset({kind}))


def team(G: nx.Graph, *members: str) -> None:
    for m in members:
        G.add_node(m, label="TeamMember")


def test_strongest_chain_first_with_steps() -> None:
    G = nx.Graph()
    team(G, "us")
    tie(G, "us", "a", 0.9, "RELATES_TO")
    tie(G, "a", "ceo", 0.5)
    tie(G, "us", "ceo", 0.3, "RELATES_TO")
    tie(G, "us", "b", 0.8, "RELATES_TO")
    tie(G, "b", "ceo", 0.4, "REPORTS_TO")
    paths = introduction_paths(G, "ceo")
    assert [p.node_ids for p in paths] == [("us", "a", "ceo"), ("us", "b", "ceo"), ("us", "ceo")]
    assert [p.strength for p in paths] == pytest.approx([0.45, 0.32, 0.3])
    first = paths[0]
    assert first.hops == 2
    assert [(s.source, s.target, s.types, s.strength) for s in first.steps] == [
        ("us", "a", ("RELATES_TO",), 0.9),
        ("a", "ceo", ("KNOWS",), 0.5),
    ]
    assert introduction_paths(G, "ceo", k=1) == paths[:1]
    best = best_introduction_path(G, "ceo")
    assert best is not None
    assert best.node_ids == ("us", "a", "ceo")


def test_hop_bound_excludes_longer_stronger_chains() -> None:
    G = nx.Graph()
    team(G, "us")
    for u, v in (("us", "a"), ("a", "b"), ("b", "c"), ("c", "t")):
        tie(G, u, v, 1.0)
    tie(G, "us", "t", 0.2)
    assert [p.node_ids for p in introduction_paths(G, "t", max_hops=4)] == [
        ("us", "a", "b", "c", "t"),
        ("us", "t"),
    ]
    assert [p.node_ids for p in introduction_paths(G, "t", max_hops=3)] == [("us", "t")]


def test_chains_never_pass_through_a_colleague() -> None:
    G = nx.Graph()
    team(G, "us1", "us2")
    tie(G, "us1", "s1", 0.9, "RELATES_TO")
    tie(G, "s1", "us2", 0.9, "RELATES_TO")
    tie(G, "us2", "t", 0.9, "RELATES_TO")
    assert [p.node_ids for p in introduction_paths(G, "t", k=5)] == [("us2", "t")]
    assert introduction_paths(G, "t", sources=["us1"]) == []
    assert [p.node_ids for p in introduction_paths(G, "t", sources={"us2"})] == [("us2", "t")]


def test_directed_ties_count_both_ways_at_their_strongest() -> None:
    G = nx.DiGraph()
    team(G, "tm")
    for u, v in (("tm", "s"), ("s", "tm")):
        G.add_edge(u, v, weight=0.7, types=frozenset({"RELATES_TO"}))
    G.add_edge("s", "boss", weight=1.0, types=frozenset({"REPORTS_TO"}))
    G.add_edge("junior", "s", weight=1.0, types=frozenset({"REPORTS_TO"}))
    G.add_edge("junior", "boss", weight=0.2, types=frozenset({"INFLUENCES"}))
    G.add_edge("boss", "junior", weight=0.6, types=frozenset({"KNOWS"}))
    up = introduction_paths(G, "boss")
    assert [p.node_ids for p in up] == [("tm", "s", "boss"), ("tm", "s", "junior", "boss")]
    down = best_introduction_path(G, "junior")
    assert down is not None
    assert down.node_ids == ("tm", "s", "junior")
    assert up[1].steps[2].strength == 0.6
    assert up[1].steps[2].types == ("INFLUENCES", "KNOWS")


def test_weak_ties_below_the_minimum_are_not_used() -> None:
    G = nx.Graph()
    team(G, "us")
    tie(G, "us", "t", 0.1)
    tie(G, "us", "a", 0.5)
    tie(G, "a", "t", 0.5)
    assert [p.node_ids for p in introduction_paths(G, "t", min_strength=0.1)] == [("us", "a", "t")]
    assert len(introduction_paths(G, "t")) == 2


def _brute_force(G: nx.Graph, target: str, sources: set[str], k: int, max_hops: int) -> list[tuple[str, ...]]:
    found = []
    for s in sources:
        for path in nx.all_simple_paths(G, s, target, cutoff=max_hops):
            if any(n in sources for n in path[1:-1]):
                continue
            strength = math.prod(G[u][v]["weight"] for u, v in itertools.pairwise(path))
            found.append((-strength, len(path), tuple(path)))
    return [p for _, _, p in sorted(found)[:k]]


@pytest.mark.parametrize("seed", range(6))
def test_agrees_with_enumerating_every_path(seed: int) -> None:
    rng = random.Random(seed)
    G = nx.gnm_random_graph(40, 90, seed=seed)
    G = nx.relabel_nodes(G, lambda n: f"n{n:02d}")
    for u, v in G.edges():
        G[u][v]["weight"] = round(rng.uniform(0.05, 1.0), 3)
    sources = {f"n{i:02d}" for i in rng.sample(range(40), 4)}
    for s in sources:
        G.nodes[s]["label"] = "TeamMember"
    target = next(n for n in sorted(G, reverse=True) if n not in sources)
    ours = [p.node_ids for p in introduction_paths(G, target, k=5, max_hops=4)]
    assert ours == _brute_force(G, target, sources, 5, 4)


def test_many_equal_paths_are_not_enumerated() -> None:
    # Four layers of 40 fully joined to the next: 64,000 chains of four hops.
    rng = random.Random(1)
    G = nx.Graph()
    layers = [[f"L{i}_{j}" for j in range(40)] for i in range(3)]
    team(G, *(f"us{j}" for j in range(40)))
    previous = [f"us{j}" for j in range(40)]
    for layer in layers:
        for u in previous:
            for v in layer:
                tie(G, u, v, rng.uniform(0.3, 0.9))
        previous = layer
    for u in previous:
        tie(G, u, "t", rng.uniform(0.3, 0.9))
    # A budget far below the number of chains: the search must not enumerate them.
    paths = introduction_paths(G, "t", k=3, max_expansions=500)
    # The best chain by dynamic programming over the layers.
    best = dict.fromkeys((f"us{j}" for j in range(40)), 1.0)
    for layer in [*layers, ["t"]]:
        best = {v: max(best[u] * G[u][v]["weight"] for u in best) for v in layer}
    assert paths[0].strength == pytest.approx(best["t"])
    assert len(paths) == 3
    assert paths[0].strength >= paths[1].strength >= paths[2].strength


def test_no_path_and_trivial_cases() -> None:
    G = nx.Graph()
    team(G, "us")
    G.add_node("lonely")
    tie(G, "us", "a", 0.5)
    assert introduction_paths(G, "lonely") == []
    assert best_introduction_path(G, "lonely") is None
    assert introduction_paths(G, "us", sources=["us"]) == []
    plain = nx.Graph([("a", "b")])  # no team members at all
    assert introduction_paths(plain, "b") == []
    # Edges without a strength count as 1.
    assert introduction_paths(plain, "b", sources=["a"])[0].strength == 1.0


def test_named_errors() -> None:
    G = nx.Graph()
    team(G, "us")
    tie(G, "us", "t", 0.5)
    with pytest.raises(NodeNotFound):
        introduction_paths(G, "nobody")
    with pytest.raises(NodeNotFound):
        introduction_paths(G, "t", sources=["ghost"])
    for kwargs in ({"k": 0}, {"max_hops": 0}, {"min_strength": 1.0}, {"min_strength": -0.1}):
        with pytest.raises(InvalidParameter):
            introduction_paths(G, "t", **kwargs)


def test_strongest_introductions_one_pass_for_every_target() -> None:
    G = nx.Graph()
    team(G, "us1", "us2")
    tie(G, "us1", "a", 0.9, "RELATES_TO")
    tie(G, "a", "ceo", 0.5)
    tie(G, "us1", "ceo", 0.3, "RELATES_TO")
    tie(G, "us2", "b", 0.6, "RELATES_TO")
    tie(G, "b", "us1", 1.0)  # a colleague is an end, never a way through
    G.add_node("lonely")
    found = strongest_introductions(G)
    assert set(found) == {"a", "ceo", "b"}
    assert found["ceo"].node_ids == ("us1", "a", "ceo")
    assert found["ceo"].strength == pytest.approx(0.45)
    assert found["b"].node_ids == ("us1", "b")  # 1.0 beats us2's 0.6
    assert strongest_introductions(G, sources=["us2"])["b"].node_ids == ("us2", "b")
    assert "ceo" not in strongest_introductions(G, sources=["us2"])
    assert set(strongest_introductions(G, max_hops=1)) == {"a", "ceo", "b"}
    assert strongest_introductions(G, max_hops=1)["ceo"].node_ids == ("us1", "ceo")


def test_strongest_introductions_zero_cost_loops_give_the_shortest_chain() -> None:
    G = nx.Graph()
    team(G, "us")
    for u, v in (("us", "a"), ("a", "b"), ("b", "c"), ("c", "a")):
        tie(G, u, v, 1.0)
    assert strongest_introductions(G)["a"].node_ids == ("us", "a")
    assert strongest_introductions(G)["c"].node_ids == ("us", "a", "c")


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("directed", [False, True])
def test_strongest_introductions_agree_with_the_single_target_search(seed: int, directed: bool) -> None:
    rng = random.Random(seed)
    G = nx.gnm_random_graph(60, 150, seed=seed, directed=directed)
    G = nx.relabel_nodes(G, lambda n: f"n{n:02d}")
    for u, v in G.edges():
        G[u][v]["weight"] = round(rng.uniform(0.05, 1.0), 4)
    for s in rng.sample(sorted(G), 5):
        G.nodes[s]["label"] = "TeamMember"
    found = strongest_introductions(G, max_hops=3, min_strength=0.1)
    expected = {}
    for target in G:
        if G.nodes[target].get("label") == "TeamMember":
            continue
        best = best_introduction_path(G, target, max_hops=3, min_strength=0.1)
        if best is not None:
            expected[target] = best
    assert set(found) == set(expected)
    for target, path in expected.items():
        assert found[target].strength == pytest.approx(path.strength, rel=1e-12)
        assert found[target].node_ids == path.node_ids
        assert found[target].steps == path.steps


def test_strongest_introductions_named_errors() -> None:
    G = nx.Graph()
    team(G, "us")
    tie(G, "us", "t", 0.5)
    with pytest.raises(NodeNotFound):
        strongest_introductions(G, sources=["ghost"])
    for kwargs in ({"max_hops": 0}, {"min_strength": 1.0}, {"min_strength": -0.1}):
        with pytest.raises(InvalidParameter):
            strongest_introductions(G, **kwargs)
