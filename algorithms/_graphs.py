"""Small graph helpers shared by the algorithm modules."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import networkx as nx

from graph_model.model import RelType

REPORTS_TO = RelType.REPORTS_TO.value


def with_labels(G: Any, labels: Collection[str] | None) -> Any:
    """``G`` itself, or a read-only view of the nodes whose ``label`` is in ``labels``."""
    if labels is None:
        return G
    wanted = frozenset(labels)
    if all(data.get("label") in wanted for _, data in G.nodes(data=True)):
        return G
    return G.subgraph([n for n, data in G.nodes(data=True) if data.get("label") in wanted])


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
