"""PageRank and personalized PageRank against hand-solved graphs and named graphs."""

from __future__ import annotations

from typing import Any

import networkx as nx
import pytest

from algorithms.errors import InvalidParameter, NodeNotFound, NotConverged
from algorithms.influence.pagerank import pagerank, pagerank_values, personalized_pagerank

# Both backends solve the same linear system; networkx stops at a summed
# change of 1e-6, so single scores agree to better than this.
BACKEND_TOLERANCE = 1e-6


def scores(results: list[Any]) -> dict[str, float]:
    return {r.id: r.score for r in results}


def test_undirected_star_solved_by_hand() -> None:
    # hub = 0.15/4 + 0.85 * (sum of leaves) and hub + 3 leaf = 1
    # => hub = 0.8875 / 1.85, each leaf = (1 - hub) / 3.
    G = nx.star_graph(["hub", "a", "b", "c"])
    result = pagerank(G, tol=1e-12)
    assert [r.id for r in result] == ["hub", "a", "b", "c"]
    assert [r.rank for r in result] == [1, 2, 3, 4]
    hub = 0.8875 / 1.85
    assert result[0].score == pytest.approx(hub, abs=1e-9)
    assert result[1].score == pytest.approx((1 - hub) / 3, abs=1e-9)
    assert {f.name: f.value for f in result[0].factors} == {
        "pagerank": result[0].score,
        "inDegree": 3.0,
    }


def test_directed_star_with_a_dangling_hub() -> None:
    # The hub has no out-edges, so its mass spreads uniformly:
    # leaf = 0.0375 + 0.2125 * hub, hub = 1 - 3 * leaf => hub = 0.8875 / 1.6375.
    G = nx.DiGraph([("a", "hub"), ("b", "hub"), ("c", "hub")])
    values = scores(pagerank(G, tol=1e-12))
    hub = 0.8875 / 1.6375
    assert values["hub"] == pytest.approx(hub, abs=1e-9)
    assert values["a"] == pytest.approx(0.0375 + 0.2125 * hub, abs=1e-9)


def test_chain_orders_by_position() -> None:
    G = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "d")])
    assert [r.id for r in pagerank(G)] == ["d", "c", "b", "a"]


def test_ties_are_broken_by_id_and_disconnected_parts_are_fine() -> None:
    G = nx.Graph([("d", "c"), ("b", "a")])
    result = pagerank(G)
    assert [r.id for r in result] == ["a", "b", "c", "d"]
    assert all(r.score == pytest.approx(0.25) for r in result)


def test_weights_matter() -> None:
    G = nx.DiGraph()
    G.add_edge("s", "strong", weight=0.9)
    G.add_edge("s", "weak", weight=0.1)
    assert [r.id for r in pagerank(G)] == ["strong", "weak", "s"]
    unweighted = scores(pagerank(G, weight=None))
    assert unweighted["strong"] == pytest.approx(unweighted["weak"])


def test_karate_club_leaders(karate: Any) -> None:
    assert {r.id for r in pagerank(karate, top_k=2)} == {"0", "33"}
    assert {r.id for r in pagerank(karate, weight=None, top_k=2)} == {"0", "33"}


def test_top_k_is_a_prefix(karate: Any) -> None:
    full = pagerank(karate)
    assert pagerank(karate, top_k=5) == full[:5]
    assert pagerank(karate, top_k=0) == []


def test_personalized_by_hand() -> None:
    # y is dangling and jumps back to the seed s:
    # s = 0.15 + 0.85 y, x = 0.85 s, y = 0.85 x => s = 0.15 / (1 - 0.85**3).
    G = nx.DiGraph([("s", "x"), ("x", "y"), ("z", "y")])
    values = scores(personalized_pagerank(G, ["s"], tol=1e-12))
    s = 0.15 / (1 - 0.85**3)
    assert values["s"] == pytest.approx(s, abs=1e-9)
    assert values["x"] == pytest.approx(0.85 * s, abs=1e-9)
    assert values["y"] == pytest.approx(0.85**2 * s, abs=1e-9)
    assert values["z"] == 0.0


def test_personalized_weights_and_a_single_seed_string() -> None:
    G = nx.path_graph(["a", "b", "c", "d", "e"])
    near_a = scores(personalized_pagerank(G, {"a": 3.0, "e": 1.0}))
    assert near_a["a"] > near_a["e"]
    assert near_a["b"] > near_a["d"]
    near_e = scores(personalized_pagerank(G, "e"))
    assert near_e["e"] > near_e["a"]
    assert near_e["a"] == min(near_e.values())


def test_karate_personalized_from_a_faction(karate: Any) -> None:
    top = [r.id for r in personalized_pagerank(karate, ["1", "2", "3"], top_k=4)]
    assert top[0] in {"0", "1", "2", "3"}
    assert "33" not in top[:2]


@pytest.mark.parametrize("backend", ["networkx", "igraph"])
def test_empty_graph(backend: str) -> None:
    assert pagerank(nx.DiGraph(), backend=backend) == []  # type: ignore[arg-type]


def test_named_errors() -> None:
    G = nx.DiGraph([("a", "b")])
    with pytest.raises(NodeNotFound):
        personalized_pagerank(G, ["nobody"])
    with pytest.raises(InvalidParameter):
        personalized_pagerank(G, [])
    with pytest.raises(InvalidParameter):
        personalized_pagerank(G, {"a": 0.0})
    with pytest.raises(InvalidParameter):
        personalized_pagerank(G, {"a": -1.0, "b": 2.0})
    for alpha in (0.0, 1.0, 1.5):
        with pytest.raises(InvalidParameter):
            pagerank(G, alpha=alpha)
    with pytest.raises(InvalidParameter):
        pagerank(G, tol=0.0)
    with pytest.raises(InvalidParameter):
        pagerank(G, backend="graphblas")  # type: ignore[arg-type]
    with pytest.raises(InvalidParameter):
        pagerank(G, top_k=-1)
    with pytest.raises(NotConverged):
        pagerank(nx.gnm_random_graph(50, 200, seed=1, directed=True), max_iter=1)


def test_tol_bounds_the_summed_error(random_digraph: Any) -> None:
    default = pagerank_values(random_digraph)
    exact = pagerank_values(random_digraph, tol=1e-13)
    assert sum(abs(default[n] - exact[n]) for n in exact) < 1e-5


@pytest.mark.parametrize("graph", ["karate", "random_digraph"])
def test_igraph_backend_agrees(graph: str, request: pytest.FixtureRequest) -> None:
    G = request.getfixturevalue(graph)
    reference = pagerank(G)
    fast = pagerank(G, backend="igraph")
    assert [r.id for r in fast[:5]] == [r.id for r in reference[:5]]
    ref = scores(reference)
    assert max(abs(r.score - ref[r.id]) for r in fast) < BACKEND_TOLERANCE


def test_igraph_backend_agrees_on_personalized(random_digraph: Any) -> None:
    seeds = {"n001": 1.0, "n002": 2.0}
    reference = scores(personalized_pagerank(random_digraph, seeds))
    fast = scores(personalized_pagerank(random_digraph, seeds, backend="igraph"))
    assert max(abs(fast[n] - reference[n]) for n in reference) < BACKEND_TOLERANCE
