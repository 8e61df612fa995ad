"""Conversion of networkx graphs to igraph for the optional fast paths.

networkx stays the reference implementation; igraph is used only where it
returns the same numbers (checked in the test suite).  Converting costs one
pass over the edges per call; nothing is remembered between calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import igraph

from algorithms.errors import InvalidParameter

Backend = Literal["networkx", "igraph"]
BACKENDS: tuple[str, ...] = ("networkx", "igraph")
# From this many nodes on, the igraph fast paths (checked against networkx in
# the tests) replace the pure-Python reference implementations.
FAST_PATH_FROM = 50


def backend_for(nodes: int) -> Backend:
    """The backend a graph of ``nodes`` nodes is best analysed with."""
    return "igraph" if nodes >= FAST_PATH_FROM else "networkx"


def check_backend(backend: str) -> None:
    if backend not in BACKENDS:
        raise InvalidParameter(f"backend must be one of {BACKENDS}, got {backend!r}")


@dataclass(frozen=True)
class IGraphView:
    """An igraph copy of a networkx graph and the node id of each vertex."""

    ids: tuple[str, ...]
    graph: Any  # igraph.Graph (igraph ships no type information)
    weights: tuple[float, ...] | None


def to_igraph(G: Any, *, weight: str | None, as_directed: bool = False) -> IGraphView:
    """igraph copy of ``G``; ``as_directed`` turns each undirected edge into two arcs."""
    ids = tuple(G)
    index = {node: i for i, node in enumerate(ids)}
    edges: list[tuple[int, int]] = []
    weights: list[float] = []
    both = as_directed and not G.is_directed()
    for u, v, data in G.edges(data=True):
        w = 1.0 if weight is None else float(data.get(weight, 1.0))
        edges.append((index[u], index[v]))
        weights.append(w)
        if both:
            edges.append((index[v], index[u]))
            weights.append(w)
    graph = igraph.Graph(n=len(ids), edges=edges, directed=G.is_directed() or as_directed)
    return IGraphView(ids, graph, tuple(weights) if weight is not None else None)
