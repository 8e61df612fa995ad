"""The igraph copy of a networkx graph holds the same arcs, weights and vertex order."""

from __future__ import annotations

import random
from collections import Counter

import networkx as nx
import pytest

from algorithms.influence._backend import to_igraph


def _graph(directed: bool, seed: int) -> nx.Graph:
    rng = random.Random(seed)
    G: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    G.add_nodes_from(f"n{i}" for i in range(30))
    for _ in range(90):
        u, v = f"n{rng.randrange(30)}", f"n{rng.randrange(30)}"  # loops included
        if rng.random() < 0.8:
            G.add_edge(u, v, weight=round(rng.random(), 3))
        else:
            G.add_edge(u, v)  # no weight: counts as 1.0
    G.add_node("alone")
    return G


def _expected(G: nx.Graph, weight: str | None, both: bool) -> list[tuple[int, int, float]]:
    index = {node: i for i, node in enumerate(G)}
    arcs = []
    for u, v, data in G.edges(data=True):
        w = 1.0 if weight is None else float(data.get(weight, 1.0))
        arcs.append((index[u], index[v], w))
        if both:
            arcs.append((index[v], index[u], w))
    return arcs


def _arcs(view: object) -> list[tuple[int, int, float]]:
    graph, weights = view.graph, view.weights  # type: ignore[attr-defined]
    pairs = graph.get_edgelist()
    return [(u, v, weights[k] if weights else 1.0) for k, (u, v) in enumerate(pairs)]


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("weight", ["weight", None])
def test_directed_and_undirected_graphs_keep_their_arcs_in_order(seed: int, weight: str | None) -> None:
    for directed in (True, False):
        G = _graph(directed, seed)
        view = to_igraph(G, weight=weight)
        assert view.ids == tuple(G)
        assert view.graph.is_directed() is directed
        assert _arcs(view) == _expected(G, weight, both=False)


@pytest.mark.parametrize("seed", range(5))
def test_undirected_edges_as_two_arcs(seed: int) -> None:
    G = _graph(False, seed)
    view = to_igraph(G, weight="weight", as_directed=True)
    assert view.graph.is_directed()
    assert Counter(_arcs(view)) == Counter(_expected(G, "weight", both=True))
