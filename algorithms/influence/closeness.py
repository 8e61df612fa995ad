"""Closeness centrality.

Reference: L. C. Freeman, "Centrality in social networks conceptual
clarification", Social Networks 1(3), 1979; S. Wasserman and K. Faust,
"Social Network Analysis", Cambridge University Press, 1994.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from algorithms.ranking import Factor, ScoredNode, rank

__all__ = ["closeness"]


def _inverse_strength(weight: str) -> Any:
    def distance(u: str, v: str, data: dict[str, Any]) -> float | None:
        strength = float(data.get(weight, 1.0))
        # A tie of zero strength is no tie: hide the edge from the search.
        return 1.0 / strength if strength > 0 else None

    return distance


def closeness(
    G: Any,
    *,
    strength: str | None = None,
    wf_improved: bool = True,
    top_k: int | None = None,
) -> list[ScoredNode]:
    """Rank nodes by closeness: how near they are to everyone they can be reached from.

    On a directed graph the distance is measured along incoming paths, as in
    networkx.  With ``wf_improved`` (Wasserman-Faust) a node that reaches
    only a small part of a disconnected graph is scaled down by that part's
    share, so an isolated pair does not outrank the hub of a large group.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        Node ids are strings.
    strength : str, optional
        Edge attribute holding a tie *strength*; the length of a hop is then
        ``1 / strength``.  ``None`` counts hops.
    wf_improved : bool
        Apply the Wasserman-Faust scaling for disconnected graphs.
    top_k : int, optional
        Return only the best ``top_k`` nodes.

    Returns
    -------
    list of ScoredNode
        Best first, ties broken by id.  Factor: ``closeness``.

    References
    ----------
    L. C. Freeman, "Centrality in social networks conceptual clarification",
    Social Networks 1(3):215-239, 1979.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.path_graph(["a", "b", "c"])
    >>> [(r.id, round(r.score, 3)) for r in closeness(G)]
    [('b', 1.0), ('a', 0.667), ('c', 0.667)]
    """
    distance = None if strength is None else _inverse_strength(strength)
    values: dict[str, float] = nx.closeness_centrality(G, distance=distance, wf_improved=wf_improved)

    def factors(node: str) -> tuple[Factor, ...]:
        return (Factor("closeness", values[node]),)

    return rank(values, factors, top_k)
