"""Warm introduction paths: strongest bounded chains from our team."""

from __future__ import annotations

import itertools
import math
import random
from typing import Any

import networkx as nx
import pytest

from algorithms.errors import InvalidParameter, NodeNotFound
from algorithms.introduction_paths import (
    TieWeights,
    best_introduction_path,
    introduction_paths,
    prepare_introductions,
)
from algorithms.projection import PeopleGraphBuilder


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
    # Scores: 0.9 * 0.5 * 0.9**2, 0.3 * 0.9, and 0.8 * 0.4 (a reporting line
    # counts at the formal weight whatever its stored weight) * 0.9**2.
    assert [p.node_ids for p in paths] == [("us", "a", "ceo"), ("us", "ceo"), ("us", "b", "ceo")]
    assert [p.strength for p in paths] == pytest.approx([0.45, 0.3, 0.32])
    assert [p.score for p in paths] == pytest.approx([0.3645, 0.27, 0.2592])
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
    assert [p.node_ids for p in introduction_paths(G, "t", weights=TieWeights(min_strength=0.1))] == [
        ("us", "a", "t")
    ]
    assert len(introduction_paths(G, "t")) == 2


def _brute_force(G: nx.Graph, target: str, sources: set[str], k: int, max_hops: int) -> list[tuple[str, ...]]:
    found = []
    for s in sources:
        for path in nx.all_simple_paths(G, s, target, cutoff=max_hops):
            if any(n in sources for n in path[1:-1]):
                continue
            strength = math.prod(G[u][v]["weight"] for u, v in itertools.pairwise(path))
            score = strength * 0.9 ** (len(path) - 1)
            found.append((-round(score, 6), len(path), tuple(path)))
    return [p for _, _, p in sorted(found)[:k]]


@pytest.mark.parametrize("prepared", [False, True])
@pytest.mark.parametrize("seed", range(6))
def test_agrees_with_enumerating_every_path(seed: int, prepared: bool) -> None:
    rng = random.Random(seed)
    G = nx.gnm_random_graph(40, 90, seed=seed)
    G = nx.relabel_nodes(G, lambda n: f"n{n:02d}")
    for u, v in G.edges():
        G[u][v]["weight"] = round(rng.uniform(0.05, 1.0), 3)
    sources = {f"n{i:02d}" for i in rng.sample(range(40), 4)}
    for s in sources:
        G.nodes[s]["label"] = "TeamMember"
    target = next(n for n in sorted(G, reverse=True) if n not in sources)
    ties = prepare_introductions(G) if prepared else None
    ours = [p.node_ids for p in introduction_paths(G, target, k=5, max_hops=4, ties=ties)]
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
    for kwargs in ({"k": 0}, {"max_hops": 0}):
        with pytest.raises(InvalidParameter):
            introduction_paths(G, "t", **kwargs)
    for weights in (
        {"min_strength": 1.0},
        {"min_strength": -0.1},
        {"hop_cost": 1.0},
        {"hop_cost": -0.1},
        {"formal_weight": 0.0},
        {"unassessed_strength": 1.5},
    ):
        with pytest.raises(InvalidParameter):
            TieWeights(**weights)


def _people(*ties: tuple[str, str, str, float | None], team_members: tuple[str, ...] = ("us",)) -> nx.DiGraph:
    """A people graph built the way the projection builds one."""
    builder = PeopleGraphBuilder()
    names = {n for u, v, _, _ in ties for n in (u, v)}
    for n in sorted(names):
        label = "TeamMember" if n in team_members else "Stakeholder"
        builder.add_person(n, label=label, name=n, account_id=None)
    for u, v, kind, strength in ties:
        builder.add_tie(kind, u, v, strength)
    return builder.graph


def test_a_formal_line_counts_below_a_strong_personal_tie() -> None:
    # The hospital group: CIO -> CEO -> CFO -> procurement is an org chart, not
    # a warm introduction; a colleague who knows procurement well is.
    G = _people(
        ("us", "cio", "RELATES_TO", 0.9),
        ("cio", "ceo", "REPORTS_TO", None),
        ("cfo", "ceo", "REPORTS_TO", None),
        ("buyer", "cfo", "REPORTS_TO", None),
        ("us", "engineer", "RELATES_TO", 0.6),
        ("engineer", "buyer", "KNOWS", 0.7),
    )
    paths = introduction_paths(G, "buyer", k=2)
    assert [p.node_ids for p in paths] == [("us", "engineer", "buyer"), ("us", "cio", "ceo", "cfo", "buyer")]
    assert paths[0].score == pytest.approx(0.6 * 0.7 * 0.81)
    assert paths[1].strength == pytest.approx(0.9 * 0.4**3)
    # The formal weight is a tuning parameter: at 1.0 the org chart wins again.
    assert introduction_paths(G, "buyer", weights=TieWeights(formal_weight=1.0))[0].hops == 4


def test_a_personal_tie_beside_a_reporting_line_keeps_its_own_strength() -> None:
    G = _people(("us", "a", "RELATES_TO", 0.9), ("b", "a", "REPORTS_TO", None), ("a", "b", "KNOWS", 0.7))
    [step] = introduction_paths(G, "b")[0].steps[1:]
    assert (step.types, step.strength) == (("KNOWS", "REPORTS_TO"), 0.7)


def test_a_tie_without_strength_counts_as_weak_not_average() -> None:
    G = _people(
        ("us", "a", "RELATES_TO", None),
        ("us", "b", "RELATES_TO", 0.5),
        ("b", "t", "KNOWS", 0.5),
        ("a", "t", "KNOWS", None),
    )
    paths = introduction_paths(G, "t", k=2)
    assert [p.node_ids for p in paths] == [("us", "b", "t"), ("us", "a", "t")]
    assert paths[1].strength == pytest.approx(0.2 * 0.2)
    assert introduction_paths(G, "t", weights=TieWeights(unassessed_strength=0.6))[0].node_ids == (
        "us",
        "a",
        "t",
    )


def test_colleagues_of_one_department_are_joined_by_a_formal_line() -> None:
    G = _people(("us", "a", "RELATES_TO", 0.8))
    G.add_node("t", label="Stakeholder", departments=("d1",))
    G.nodes["a"]["departments"] = ("d1", "d2")
    [path] = introduction_paths(G, "t")
    assert path.node_ids == ("us", "a", "t")
    assert path.steps[1].types == ("WORKS_IN",)
    assert path.strength == pytest.approx(0.8 * 0.4)


def test_scores_are_rounded_before_ordering_and_ties_go_to_fewer_hops() -> None:
    # 0.15 * 0.75 * 1.0 is 0.11249999999999999 in floating point, 0.5**3 * 0.9
    # is 0.1125: the same score, so the shorter chain comes first.
    G = _people(
        ("us", "a", "RELATES_TO", 0.15),
        ("a", "b", "KNOWS", 0.75),
        ("b", "t", "KNOWS", 1.0),
        ("us", "x", "RELATES_TO", 0.5),
        ("x", "y", "KNOWS", 0.5),
        ("y", "z", "KNOWS", 0.5),
        ("z", "t", "KNOWS", 0.9),
    )
    paths = introduction_paths(G, "t", weights=TieWeights(hop_cost=0.0))
    assert [p.hops for p in paths] == [3, 4]
    assert paths[0].strength < paths[1].strength  # by rounding noise only
    assert introduction_paths(G, "t", weights=TieWeights(hop_cost=0.0), k=1)[0].hops == 3


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("directed", [False, True])
def test_a_prepared_graph_gives_the_same_chains_to_every_target(seed: int, directed: bool) -> None:
    # One search from our team guides the searches for every target (a
    # coverage review); the chains must be those of the per-target search.
    rng = random.Random(seed)
    G = nx.gnm_random_graph(60, 150, seed=seed, directed=directed)
    G = nx.relabel_nodes(G, lambda n: f"n{n:02d}")
    for u, v in G.edges():
        G[u][v]["weight"] = round(rng.uniform(0.05, 1.0), 2)
        G[u][v]["types"] = frozenset({rng.choice(["KNOWS", "REPORTS_TO", "INFLUENCES"])})
    for n in rng.sample(sorted(G), 12):
        G.nodes[n]["departments"] = (rng.choice(["d1", "d2", "d3"]),)
    team_members = rng.sample(sorted(G), 5)
    for n in team_members:
        G.nodes[n]["label"] = "TeamMember"
    options: dict[str, Any] = {"max_hops": 3, "weights": TieWeights(min_strength=0.1), "k": 3}
    chosen = team_members[:2]
    expected = {t: introduction_paths(G, t, **options) for t in sorted(G)}
    expected_chosen = {t: introduction_paths(G, t, sources=chosen, **options) for t in sorted(G)}
    ties = prepare_introductions(G, max_hops=3, weights=TieWeights(min_strength=0.1))
    ties_chosen = prepare_introductions(G, sources=chosen, max_hops=3, weights=TieWeights(min_strength=0.1))
    assert list(ties.prepared) == [(None, 3)]
    assert list(ties_chosen.prepared) == [(frozenset(chosen), 3)]
    assert {t: introduction_paths(G, t, ties=ties, **options) for t in sorted(G)} == expected
    assert {
        t: introduction_paths(G, t, sources=chosen, ties=ties_chosen, **options) for t in sorted(G)
    } == expected_chosen
    assert sum(bool(paths) for paths in expected.values()) > 20


def test_ties_prepared_for_other_options_are_refused() -> None:
    G = nx.Graph([("us", "a"), ("a", "ceo")])
    G.nodes["us"]["label"] = "TeamMember"
    ties = prepare_introductions(G, weights=TieWeights(min_strength=0.2))
    with pytest.raises(InvalidParameter, match="ties was prepared"):
        introduction_paths(G, "ceo", ties=ties)
    with pytest.raises(InvalidParameter, match="ties was prepared"):
        introduction_paths(nx.Graph(G), "ceo", weights=TieWeights(min_strength=0.2), ties=ties)


def _random_people(rng: random.Random, n: int) -> nx.DiGraph:
    G = nx.DiGraph()
    for i in range(n):
        label = "TeamMember" if i % 6 == 0 else "Stakeholder"
        departments = (f"d{rng.randrange(4)}",) if label == "Stakeholder" and rng.random() < 0.4 else ()
        G.add_node(f"p{i:02d}", label=label, departments=departments)
    for _ in range(n * 2):
        _random_tie(rng, G)
    return G


def _random_tie(rng: random.Random, G: nx.DiGraph) -> tuple[str, str]:
    u, v = rng.sample(sorted(G), 2)
    kind = rng.choice(["KNOWS", "INFLUENCES", "RELATES_TO", "REPORTS_TO"])
    strength = None if rng.random() < 0.2 else round(rng.uniform(0.05, 1.0), 2)
    G.add_edge(u, v, types=frozenset({kind}), strengths={kind: strength})
    return u, v


def _edit(rng: random.Random, G: nx.DiGraph, step: int) -> set[str]:
    """One random change made in place; the people it touched, as a caller would name them."""
    kind = rng.choice(["add", "add", "strengthen", "weaken", "remove_tie", "department", "person", "drop"])
    edges = sorted(G.edges)
    if kind in ("strengthen", "weaken", "remove_tie") and edges:
        u, v = rng.choice(edges)
        if kind == "remove_tie":
            G.remove_edge(u, v)
        else:
            data = G[u][v]
            data["strengths"] = dict.fromkeys(data["strengths"], 0.99 if kind == "strengthen" else 0.06)
        return {u, v}
    if kind == "department":
        person = rng.choice([n for n in sorted(G) if G.nodes[n]["label"] == "Stakeholder"])
        G.nodes[person]["departments"] = rng.choice([(), ("d0",), (f"d{rng.randrange(4)}", "d9")])
        return {person}
    if kind == "person":
        new = f"n{step}"
        G.add_node(new, label=rng.choice(["TeamMember", "Stakeholder"]), departments=())
        other = rng.choice(sorted(G))
        if other != new:
            G.add_edge(new, other, types=frozenset({"KNOWS"}), strengths={"KNOWS": 0.95})
        return {new, other}
    if kind == "drop":
        person = rng.choice(sorted(G))
        former = set(G.succ[person]) | set(G.pred[person])
        G.remove_node(person)
        return {person, *former}
    return set(_random_tie(rng, G))


@pytest.mark.parametrize("seed", range(6))
def test_a_refreshed_index_answers_as_a_fresh_one(seed: int) -> None:
    rng = random.Random(seed)
    G = _random_people(rng, 36)
    ties = prepare_introductions(G)
    for t in sorted(G):  # read every person's ties, as a busy index would have
        introduction_paths(G, t, ties=ties)
    for step in range(25):
        ties.refresh(_edit(rng, G, step))
        targets = [n for n in sorted(G) if G.nodes[n]["label"] == "Stakeholder"]
        assert {t: introduction_paths(G, t, k=3, ties=ties) for t in targets} == {
            t: introduction_paths(G, t, k=3) for t in targets
        }, f"after edit {step}"
        hops, length = ties.prepared[(None, 4)]
        fresh_hops, fresh_length = prepare_introductions(G).prepared[(None, 4)]
        # Guidance stays a lower bound: never above what a fresh index finds.
        assert all(n in hops and hops[n] <= h for n, h in fresh_hops.items())
        assert all(length[n] <= d + 1e-12 for n, d in fresh_length.items())


def test_refresh_lowers_guidance_exactly_for_a_new_tie() -> None:
    G = nx.Graph()
    team(G, "us")
    for u, v in itertools.pairwise(["us", "a", "b", "t"]):
        tie(G, u, v, 0.5)
    ties = prepare_introductions(G, weights=TieWeights(hop_cost=0.0))
    hops, length = ties.prepared[(None, 4)]
    assert hops["t"] == 3
    tie(G, "us", "t", 0.8)
    ties.refresh({"us", "t"})
    assert hops["t"] == 1
    assert length["t"] == pytest.approx(-math.log(0.8))
    # b is now two hops away through t (0.8 * 0.5) rather than through a.
    assert hops["b"] == 2
    assert length["b"] == pytest.approx(-math.log(0.4))
    assert [p.node_ids for p in introduction_paths(G, "t", weights=TieWeights(hop_cost=0.0), ties=ties)][
        :1
    ] == [("us", "t")]
