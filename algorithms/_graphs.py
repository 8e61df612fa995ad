"""Small graph helpers shared by the algorithm modules."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Collection
from typing import Any

import networkx as nx

from graph_model.model import RelType

REPORTS_TO = RelType.REPORTS_TO.value

_lock = threading.Lock()
_subgraphs: weakref.WeakKeyDictionary[Any, dict[frozenset[str], Any]] = weakref.WeakKeyDictionary()


def with_labels(G: Any, labels: Collection[str] | None) -> Any:
    """``G`` itself, or the subgraph of the nodes whose ``label`` is in ``labels``.

    The subgraph is a copy, not a view: the algorithms walk it several times
    and a filtered view is several times slower to walk.  The copy of a
    frozen graph (a cached projection) is frozen and remembered with it.
    """
    if labels is None:
        return G
    wanted = frozenset(labels)
    keep = [n for n, data in G.nodes(data=True) if data.get("label") in wanted]
    if len(keep) == len(G):
        return G
    frozen = nx.is_frozen(G)
    if frozen:
        with _lock:
            hit = _subgraphs.get(G, {}).get(wanted)
        if hit is not None:
            return hit
    kept = set(keep)
    H = G.__class__()
    H.graph.update(G.graph)
    nodes, adjacency = G.nodes, G.adj
    H.add_nodes_from((n, nodes[n]) for n in keep)
    H.add_edges_from((u, v, data) for u in keep for v, data in adjacency[u].items() if v in kept)
    if frozen:
        nx.freeze(H)
        with _lock:
            _subgraphs.setdefault(G, {})[wanted] = H
    return H


def has_type(data: dict[str, Any], rel_type: str) -> bool:
    return rel_type in data.get("types", ())


def reports_counts(G: Any) -> dict[str, tuple[int, int]]:
    """(direct, direct and indirect) reports of every node along REPORTS_TO edges.

    Edges carrying ``REPORTS_TO`` point from subordinate to manager (see
    :mod:`algorithms.projection`).  Someone reporting to two managers counts
    once for each; cycles (bad data) are tolerated.
    """
    lines = nx.DiGraph()
    lines.add_nodes_from(G)
    lines.add_edges_from((u, v) for u, v, data in G.edges(data=True) if has_type(data, REPORTS_TO))
    direct = {n: lines.in_degree(n) for n in lines}
    total: dict[str, int] = {}
    is_forest = nx.is_directed_acyclic_graph(lines) and all(d <= 1 for _, d in lines.out_degree())
    if is_forest:
        # In a tree every report is counted once by summing up from the leaves.
        for node in nx.topological_sort(lines):
            total[node] = total.get(node, 0)
            for manager in lines.successors(node):
                total[manager] = total.get(manager, 0) + total[node] + 1
    else:
        reverse = lines.reverse(copy=False)
        total = {n: len(nx.descendants(reverse, n)) for n in lines}
    return {n: (direct[n], total[n]) for n in lines}
