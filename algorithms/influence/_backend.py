"""Conversion of networkx graphs to igraph for the optional fast paths.

networkx stays the reference implementation; igraph is used only where it
returns the same numbers (checked in the test suite).  Converting costs a pass
over the edges, so conversions of frozen graphs (the cached projections) are
remembered for as long as the graph itself lives.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from typing import Any, Literal

import igraph
import networkx as nx

from algorithms.errors import InvalidParameter

Backend = Literal["networkx", "igraph"]
BACKENDS: tuple[str, ...] = ("networkx", "igraph")


def check_backend(backend: str) -> None:
    if backend not in BACKENDS:
        raise InvalidParameter(f"backend must be one of {BACKENDS}, got {backend!r}")


@dataclass(frozen=True)
class IGraphView:
    """An igraph copy of a networkx graph and the node id of each vertex."""

    ids: tuple[str, ...]
    graph: Any  # igraph.Graph (igraph ships no type information)
    weights: tuple[float, ...] | None


_lock = threading.Lock()
_memo: weakref.WeakKeyDictionary[Any, dict[tuple[str | None, bool], IGraphView]] = weakref.WeakKeyDictionary()


def to_igraph(G: Any, *, weight: str | None, as_directed: bool = False) -> IGraphView:
    """igraph copy of ``G``; ``as_directed`` turns each undirected edge into two arcs."""
    key = (weight, as_directed)
    cacheable = nx.is_frozen(G)
    if cacheable:
        with _lock:
            hit = _memo.get(G, {}).get(key)
        if hit is not None:
            return hit
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
    view = IGraphView(ids, graph, tuple(weights) if weight is not None else None)
    if cacheable:
        with _lock:
            _memo.setdefault(G, {})[key] = view
    return view
