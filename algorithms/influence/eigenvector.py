"""Eigenvector centrality with a defined answer on every graph.

References: P. Bonacich, "Power and centrality: a family of measures",
American Journal of Sociology 92(5), 1987; L. Katz, "A new status index
derived from sociometric analysis", Psychometrika 18(1), 1953.
"""

from __future__ import annotations

from typing import Any, Unpack

import networkx as nx

from algorithms.errors import InvalidParameter, NotConverged, check_range
from algorithms.influence.options import IterativeOptions
from algorithms.ranking import Factor, ScoredNode, rank

__all__ = ["eigenvector"]


def eigenvector_values(
    G: Any, *, weight: str | None = "weight", tol: float = 1e-6, max_iter: int = 1000
) -> tuple[dict[str, float], bool]:
    """Eigenvector centrality of every node, and whether Katz stood in for it."""
    check_range("tol", tol, 0.0, 1.0, low_open=True)
    if max_iter < 1:
        raise InvalidParameter(f"max_iter must be >= 1, got {max_iter}")
    n = len(G)
    if n == 0:
        return {}, False
    try:
        values: dict[str, float] = nx.eigenvector_centrality(G, max_iter=max_iter, tol=tol / n, weight=weight)
        return values, False
    except nx.PowerIterationFailedConvergence:
        pass
    # The power method fails where the leading eigenvector is not unique or
    # not positive: graphs without cycles (all eigenvalues zero) and graphs
    # whose parts have near-equal leading eigenvalues.  Katz centrality is the
    # eigenvector measure with a small baseline for everyone, which is defined
    # on every graph and ranks like it where both are defined.
    bound = _spectral_radius_bound(G, weight)
    try:
        values = nx.katz_centrality(
            G,
            alpha=0.9 / bound if bound > 0 else 0.9,
            beta=1.0,
            max_iter=max_iter,
            tol=tol / n,
            normalized=True,
            weight=weight,
        )
    except nx.PowerIterationFailedConvergence as exc:
        raise NotConverged(f"eigenvector centrality did not converge within {max_iter} iterations") from exc
    return values, True


def _spectral_radius_bound(G: Any, weight: str | None) -> float:
    # The spectral radius is at most the largest row sum and at most the
    # largest column sum of the adjacency matrix.
    if G.is_directed():
        out_max = max((d for _, d in G.out_degree(weight=weight)), default=0.0)
        in_max = max((d for _, d in G.in_degree(weight=weight)), default=0.0)
        return float(min(out_max, in_max))
    return float(max((d for _, d in G.degree(weight=weight)), default=0.0))


def eigenvector(G: Any, *, top_k: int | None = None, **options: Unpack[IterativeOptions]) -> list[ScoredNode]:
    """Rank nodes by eigenvector centrality: being tied to well-tied people.

    On a directed graph a node's score comes from its predecessors (on a
    people graph: the people who defer to it).

    Disconnected graphs are handled as the definition says: the leading
    eigenvector lives on the part with the largest eigenvalue and the rest
    score (near) zero.  Where the power method cannot converge, because the
    graph has no cycles or its parts have near-equal leading eigenvalues,
    Katz centrality (attenuation ``0.9 / bound`` on the spectral radius) is
    returned instead and every node carries the factor ``katzFallback = 1``.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        Node ids are strings.
    top_k : int, optional
        Return only the best ``top_k`` nodes.
    **options : IterativeOptions
        ``weight``, the edge attribute holding the edge weight (default
        ``"weight"``, ``None`` for unweighted); ``tol`` (default 1e-6): stop
        when the summed absolute change is below it, whatever the graph size,
        unlike networkx's ``tol``; ``max_iter`` (default 1000), the budget.

    Returns
    -------
    list of ScoredNode
        Best first, ties broken by id; scores have unit Euclidean norm.
        Factors: ``eigenvector`` and ``katzFallback`` (0 or 1).

    Raises
    ------
    NotConverged
        If even the Katz fallback exhausts ``max_iter``.

    References
    ----------
    P. Bonacich, "Power and centrality: a family of measures", American
    Journal of Sociology 92(5):1170-1182, 1987.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.star_graph(3)
    >>> G = nx.relabel_nodes(G, {0: "hub", 1: "a", 2: "b", 3: "c"})
    >>> [(r.id, round(r.score, 3)) for r in eigenvector(G)]
    [('hub', 0.707), ('a', 0.408), ('b', 0.408), ('c', 0.408)]
    """
    values, fallback = eigenvector_values(G, **options)
    flag = Factor("katzFallback", 1.0 if fallback else 0.0)

    def factors(node: str) -> tuple[Factor, ...]:
        return (Factor("eigenvector", values[node]), flag)

    return rank(values, factors, top_k)
