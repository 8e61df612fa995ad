"""PageRank and personalized PageRank.

Reference: L. Page, S. Brin, R. Motwani, T. Winograd, "The PageRank citation
ranking: bringing order to the web", Stanford InfoLab, 1999.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any, Unpack

import networkx as nx

from algorithms.errors import InvalidParameter, NodeNotFound, NotConverged, check_range
from algorithms.influence._backend import Backend, check_backend, to_igraph
from algorithms.influence.options import PageRankOptions
from algorithms.ranking import Factor, ScoredNode, rank

__all__ = ["pagerank", "personalized_pagerank"]


def pagerank_values(
    G: Any,
    *,
    alpha: float = 0.85,
    personalization: Mapping[str, float] | None = None,
    weight: str | None = "weight",
    tol: float = 1e-6,
    max_iter: int = 1000,
    backend: Backend = "networkx",
) -> dict[str, float]:
    """PageRank of every node as a mapping (the unranked form of :func:`pagerank`)."""
    check_range("alpha", alpha, 0.0, 1.0, low_open=True)
    check_range("tol", tol, 0.0, 1.0, low_open=True)
    check_backend(backend)
    if max_iter < 1:
        raise InvalidParameter(f"max_iter must be >= 1, got {max_iter}")
    if len(G) == 0:
        return {}
    if alpha == 1.0:
        raise InvalidParameter("alpha must be < 1 so the walk can restart")
    reset = _reset_vector(G, personalization)
    if backend == "igraph":
        view = to_igraph(G, weight=weight)
        values = view.graph.personalized_pagerank(
            directed=True,
            damping=alpha,
            reset=None if reset is None else [reset.get(n, 0.0) for n in view.ids],
            weights=None if view.weights is None else list(view.weights),
        )
        return dict(zip(view.ids, map(float, values), strict=True))
    try:
        # networkx stops once the summed change is below len(G) * tol; dividing
        # by len(G) makes ``tol`` a bound on the summed change whatever the size
        # (at 1M nodes the default stops with a visibly wrong top 20).
        result: dict[str, float] = nx.pagerank(
            G,
            alpha=alpha,
            personalization=reset,
            weight=weight,
            tol=tol / len(G),
            max_iter=max_iter,
        )
    except nx.PowerIterationFailedConvergence as exc:
        raise NotConverged(f"PageRank did not converge within {max_iter} iterations") from exc
    return result


def _reset_vector(G: Any, personalization: Mapping[str, float] | None) -> dict[str, float] | None:
    if personalization is None:
        return None
    reset: dict[str, float] = {}
    for node, value in personalization.items():
        if node not in G:
            raise NodeNotFound(node, "seed node")
        if not value >= 0.0:
            raise InvalidParameter(f"seed weight of {node!r} must be >= 0, got {value}")
        reset[node] = float(value)
    if sum(reset.values()) <= 0.0:
        raise InvalidParameter("personalization needs at least one seed with a positive weight")
    return reset


def _factors(G: Any, values: Mapping[str, float]) -> Any:
    degree = G.in_degree if G.is_directed() else G.degree

    def factors(node: str) -> tuple[Factor, ...]:
        return (Factor("pagerank", values[node]), Factor("inDegree", float(degree(node))))

    return factors


def pagerank(G: Any, *, top_k: int | None = None, **options: Unpack[PageRankOptions]) -> list[ScoredNode]:
    """Rank nodes by PageRank: the share of time a random walk spends at them.

    On a people graph (edges point at the person deferred to) this is the
    standing a person has with those who defer to them, weighted by tie
    strength and by the standing of those people in turn.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        Node ids are strings.  Undirected edges count in both directions.
    alpha : float
        Damping: the probability of following an edge rather than restarting.
    weight : str or None
        Edge attribute holding the edge weight; ``None`` for unweighted.
    tol : float
        Stop when the summed absolute change of all scores is below ``tol``.
        Unlike networkx's own ``tol`` this does not grow with the graph.
    max_iter : int
        Iteration budget of the power method.
    top_k : int, optional
        Return only the best ``top_k`` nodes.
    backend : {"networkx", "igraph"}
        ``"igraph"`` solves the same system with PRPACK (exact to about
        1e-9, an order of magnitude faster on large graphs).

    Returns
    -------
    list of ScoredNode
        Best first, ties broken by id.  Factors: ``pagerank`` and
        ``inDegree`` (number of incoming edges).

    Raises
    ------
    InvalidParameter
        For ``alpha`` outside ``(0, 1)``, a non-positive ``tol`` or an
        unknown backend.
    NotConverged
        When the power method exhausts ``max_iter``.

    References
    ----------
    L. Page, S. Brin, R. Motwani, T. Winograd, "The PageRank citation
    ranking: bringing order to the web", Stanford InfoLab, 1999.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("a", "hub"), ("b", "hub"), ("c", "hub")])
    >>> [r.id for r in pagerank(G)]
    ['hub', 'a', 'b', 'c']
    """
    values = pagerank_values(G, **options)
    return rank(values, _factors(G, values), top_k)


def personalized_pagerank(
    G: Any,
    seeds: Mapping[str, float] | Collection[str],
    *,
    top_k: int | None = None,
    **options: Unpack[PageRankOptions],
) -> list[ScoredNode]:
    """Rank nodes by PageRank with restarts at ``seeds`` only.

    Scores the standing of every node as seen from the seeds, e.g. who
    matters most to a given decision maker.  Dangling nodes also jump back to
    the seeds.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    seeds : mapping of node to weight, or collection of nodes
        Where the walk restarts; a plain collection restarts uniformly.
    alpha, weight, tol, max_iter, top_k, backend
        As for :func:`pagerank`.

    Returns
    -------
    list of ScoredNode
        Best first, ties broken by id; nodes the seeds cannot reach score 0.

    Raises
    ------
    NodeNotFound
        When a seed is not in ``G``.
    InvalidParameter
        When no seed has a positive weight, or as for :func:`pagerank`.
    NotConverged
        When the power method exhausts ``max_iter``.

    References
    ----------
    T. Haveliwala, "Topic-sensitive PageRank", Proc. WWW 2002.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("s", "x"), ("x", "y"), ("z", "y")])
    >>> [(r.id, round(r.score, 3)) for r in personalized_pagerank(G, ["s"])]
    [('s', 0.389), ('x', 0.33), ('y', 0.281), ('z', 0.0)]
    """
    if isinstance(seeds, Mapping):
        weights = {str(k): float(v) for k, v in seeds.items()}
    else:
        if isinstance(seeds, str):
            seeds = [seeds]
        weights = dict.fromkeys(seeds, 1.0)
    if not weights:
        raise InvalidParameter("personalized PageRank needs at least one seed")
    values = pagerank_values(G, personalization=weights, **options)
    return rank(values, _factors(G, values), top_k)
