"""Warm introduction paths: the best chains from our team to a person.

The score of a chain
--------------------
Each tie of a chain has an *introduction strength* in ``(0, 1]``:

- a personal tie (``KNOWS``, ``INFLUENCES``, ``RELATES_TO``) counts at its
  stated strength, and at ``unassessed_strength`` (weak) when none is stated;
- a formal line (``REPORTS_TO``, or two people working in the same
  department) counts at ``formal_weight``, below a strong personal tie: an
  org chart says who could introduce whom, not who would;
- a pair joined in several ways counts at the strongest of them.

A chain's ``strength`` is the product of its ties' strengths; its ``score``
is that product times ``(1 - hop_cost)`` per hop, since every intermediary
is one more favour to ask.  Chains are ordered by score rounded to
6 decimals (``SCORE_DIGITS``: floating-point noise never orders a longer chain
first), then by fewer hops, then by node ids.  The best chain is the shortest
path under the length ``-log(strength * (1 - hop_cost))`` per tie.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import networkx as nx

from algorithms._chain_search import ChainSearch, ranking_key
from algorithms._ties import (
    DEFAULT_FORMAL_WEIGHT,
    DEFAULT_HOP_COST,
    DEFAULT_UNASSESSED_STRENGTH,
    IntroductionPath,
    PathStep,
    TieWeights,
    tie_index,
)
from algorithms.errors import InvalidParameter, NodeNotFound

__all__ = [
    "IntroductionPath",
    "PathStep",
    "best_introduction_path",
    "introduction_paths",
    "prepare_introductions",
    "ranking_key",
]


def introduction_paths(
    G: Any,
    target: str,
    *,
    sources: Collection[str] | None = None,
    k: int = 3,
    max_hops: int = 4,
    min_strength: float = 0.0,
    formal_weight: float = DEFAULT_FORMAL_WEIGHT,
    unassessed_strength: float = DEFAULT_UNASSESSED_STRENGTH,
    hop_cost: float = DEFAULT_HOP_COST,
    weight: str = "weight",
    max_expansions: int = 200_000,
) -> list[IntroductionPath]:
    """The ``k`` best simple chains of at most ``max_hops`` ties to ``target``.

    Ties are read in either direction (a reporting line or an influence tie
    is a way to be introduced either way) and weighed as the module notes
    say.  Paths start at one of ``sources`` and never pass through one of our
    own team members: going through a colleague is that colleague's own,
    shorter path.

    The search touches only the ``max_hops`` neighbourhood of the target: a
    breadth-first search bounds it, a Dijkstra search inside it gives each
    node's exact distance to the target, and a best-first search over partial
    paths guided by that distance (A*, an admissible and consistent bound)
    yields complete paths in order of decreasing score, so it stops after
    the ``k``-th (and any chain whose rounded score ties with it) without
    enumerating the others.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        A people graph (see :func:`algorithms.projection.people_graph`).
        Edges carry ``types`` and either ``strengths`` (each type's stated
        strength or ``None``) or a single strength in ``weight``; nodes may
        carry ``departments`` (ids), which joins colleagues by a formal line.
    target : str
        The person to be introduced to.
    sources : collection of str, optional
        Our team members allowed to start a chain; default every node
        labelled ``TeamMember``.
    k : int
        Number of paths wanted.
    max_hops : int
        Longest chain, in ties.
    min_strength : float
        Ties of this introduction strength or weaker are not used.
    formal_weight : float
        Introduction strength of a reporting line or a shared department.
    unassessed_strength : float
        Introduction strength of a personal tie stored without a strength.
    hop_cost : float
        Share of the score lost per hop, in ``[0, 1)``.
    weight : str
        Edge attribute holding the strength of an edge without
        ``strengths``; an edge without either counts as strength 1.
    max_expansions : int
        Safety budget of partial paths examined; when spent, the paths found
        so far (still the best, in order) are returned.

    Returns
    -------
    list of IntroductionPath
        Best first (see :func:`ranking_key`).  Empty when no chain exists or
        ``target`` is itself a source.

    Raises
    ------
    NodeNotFound
        When ``target`` or a named source is not in ``G``.
    InvalidParameter
        For ``k < 1``, ``max_hops < 1``, ``min_strength`` outside ``[0, 1)``,
        ``hop_cost`` outside ``[0, 1)`` or a weight outside ``(0, 1]``.

    References
    ----------
    M. S. Granovetter, "The strength of weak ties", American Journal of
    Sociology 78(6), 1973 (tie strength); P. E. Hart, N. J. Nilsson, B.
    Raphael, "A formal basis for the heuristic determination of minimum cost
    paths", IEEE Trans. SSC 4(2), 1968.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_node("us", label="TeamMember")
    >>> G.add_edge("us", "a", weight=0.9, types=frozenset({"RELATES_TO"}))
    >>> G.add_edge("a", "ceo", weight=0.5, types=frozenset({"KNOWS"}))
    >>> G.add_edge("us", "ceo", weight=0.3, types=frozenset({"RELATES_TO"}))
    >>> G.add_edge("a", "cfo", weight=1.0, types=frozenset({"REPORTS_TO"}))
    >>> [(p.node_ids, round(p.strength, 2), round(p.score, 4)) for p in introduction_paths(G, "ceo")]
    [(('us', 'a', 'ceo'), 0.45, 0.3645), (('us', 'ceo'), 0.3, 0.27)]
    >>> best_introduction_path(G, "cfo").steps[1].strength
    0.4
    """
    if target not in G:
        raise NodeNotFound(target, "target")
    if k < 1:
        raise InvalidParameter(f"k must be >= 1, got {k}")
    if max_hops < 1:
        raise InvalidParameter(f"max_hops must be >= 1, got {max_hops}")
    weights = TieWeights(formal_weight, unassessed_strength, hop_cost, min_strength)
    chosen = None if sources is None else frozenset(sources)
    for s in chosen or ():
        if s not in G:
            raise NodeNotFound(s, "source")
    if chosen is not None and target in chosen:
        return []
    search = ChainSearch(tie_index(G, weights, weight=weight), target, chosen, max_hops)
    return search.run(k, max_expansions)


def best_introduction_path(
    G: Any,
    target: str,
    *,
    sources: Collection[str] | None = None,
    max_hops: int = 4,
    min_strength: float = 0.0,
    formal_weight: float = DEFAULT_FORMAL_WEIGHT,
    unassessed_strength: float = DEFAULT_UNASSESSED_STRENGTH,
    hop_cost: float = DEFAULT_HOP_COST,
    weight: str = "weight",
) -> IntroductionPath | None:
    """The first chain :func:`introduction_paths` returns, or ``None``.

    Every suggestion of an introduction (the API's ``introductionPaths``,
    coverage gaps) comes from here, so they always agree.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("us", "ceo")])
    >>> G.nodes["us"]["label"] = "TeamMember"
    >>> best_introduction_path(G, "ceo").node_ids
    ('us', 'ceo')
    """
    paths = introduction_paths(
        G,
        target,
        sources=sources,
        k=1,
        max_hops=max_hops,
        min_strength=min_strength,
        formal_weight=formal_weight,
        unassessed_strength=unassessed_strength,
        hop_cost=hop_cost,
        weight=weight,
    )
    return paths[0] if paths else None


def prepare_introductions(
    G: Any,
    *,
    sources: Collection[str] | None = None,
    max_hops: int = 4,
    min_strength: float = 0.0,
    formal_weight: float = DEFAULT_FORMAL_WEIGHT,
    unassessed_strength: float = DEFAULT_UNASSESSED_STRENGTH,
    hop_cost: float = DEFAULT_HOP_COST,
    weight: str = "weight",
) -> None:
    """Ready a frozen graph for many :func:`introduction_paths` searches with these options.

    One search of our team's neighbourhood then guides every later search
    with the same options on ``G`` (see ``_Search``): a coverage review
    asking for dozens of people pays for one.  The answers are the same with
    or without it.  An unfrozen graph is left as it is.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("us", "a"), ("a", "ceo")])
    >>> G.nodes["us"]["label"] = "TeamMember"
    >>> before = introduction_paths(nx.freeze(G), "ceo")
    >>> prepare_introductions(G)
    >>> introduction_paths(G, "ceo") == before
    True
    """
    if max_hops < 1:
        raise InvalidParameter(f"max_hops must be >= 1, got {max_hops}")
    if not nx.is_frozen(G):
        return
    weights = TieWeights(formal_weight, unassessed_strength, hop_cost, min_strength)
    index = tie_index(G, weights, weight=weight)
    chosen = None if sources is None else frozenset(sources)
    if (chosen, max_hops) not in index.prepared:
        index.prepared[(chosen, max_hops)] = ChainSearch(index, "", chosen, max_hops).prepare()
