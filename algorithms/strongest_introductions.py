"""The strongest introduction chain from our team to everyone it reaches, in one pass.

:func:`algorithms.introduction_paths.introduction_paths` answers for one
target; a coverage review asks for dozens of people of one account at once,
and one search per person would repeat the same work dozens of times.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from typing import Any

from algorithms.errors import NodeNotFound
from algorithms.introduction_paths import IntroductionPath, TieIndex, check_chain_bounds


def strongest_introductions(
    G: Any,
    *,
    sources: Collection[str] | None = None,
    max_hops: int = 4,
    min_strength: float = 0.0,
    weight: str = "weight",
) -> dict[str, IntroductionPath]:
    """The strongest chain of at most ``max_hops`` ties to every person reached.

    The same chains as :func:`~algorithms.introduction_paths.best_introduction_path`
    (ties read both ways, chains start at one of ``sources`` and never pass
    through one of our team members), found for all targets together by a
    hop-bounded Bellman-Ford relaxation: layer ``h`` holds the strongest
    walk of exactly ``h`` ties to each node.  Strengths are at most 1, so a
    walk that repeats a node is never stronger than the path without the
    loop, and the best over all layers (strongest, then fewest hops) is a
    simple chain.  The cost is ``O(max_hops * ties)``.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        A people graph (see :func:`algorithms.projection.people_graph`).
    sources : collection of str, optional
        Our team members allowed to start a chain; default every node
        labelled ``TeamMember``.
    max_hops : int
        Longest chain, in ties.
    min_strength : float
        Ties of this strength or weaker are not used.
    weight : str
        Edge attribute holding the tie strength (in ``(0, 1]``); an edge
        without it counts as strength 1.

    Returns
    -------
    dict of str to IntroductionPath
        One chain per reachable person who is neither a source nor one of
        our team members.  Ties in strength go to fewer hops, then to the
        smaller sequence of node ids.

    Raises
    ------
    NodeNotFound
        When a named source is not in ``G``.
    InvalidParameter
        For ``max_hops < 1`` or ``min_strength`` outside ``[0, 1)``.

    References
    ----------
    R. Bellman, "On a routing problem", Quarterly of Applied Mathematics
    16(1), 1958 (the relaxation, here cut after ``max_hops`` rounds).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_node("us", label="TeamMember")
    >>> G.add_edge("us", "a", weight=0.9)
    >>> G.add_edge("a", "ceo", weight=0.5)
    >>> G.add_edge("us", "ceo", weight=0.3)
    >>> found = strongest_introductions(G)
    >>> found["ceo"].node_ids, round(found["ceo"].strength, 2)
    (('us', 'a', 'ceo'), 0.45)
    """
    check_chain_bounds(max_hops, min_strength)
    index = TieIndex(G, min_strength=min_strength, weight=weight)
    if sources is None:
        starts = sorted(n for n in G if index.is_team(n))
    else:
        starts = sorted(set(sources))
        for s in starts:
            if s not in G:
                raise NodeNotFound(s, "source")
    blocked = set(starts) | {n for n in G if index.is_team(n)}

    best: dict[str, tuple[float, int, tuple[str, ...]]] = {}
    layer: dict[str, tuple[float, tuple[str, ...]]] = {s: (0.0, (s,)) for s in starts}
    for hops in range(1, max_hops + 1):
        following: dict[str, tuple[float, tuple[str, ...]]] = {}
        for u, (cost, path) in layer.items():
            for v, strength in index.ties(u).items():
                if v in blocked:
                    continue
                candidate = (cost - math.log(strength), (*path, v))
                known = following.get(v)
                if known is None or candidate < known:
                    following[v] = candidate
        for v, (cost, path) in following.items():
            known_best = best.get(v)
            if known_best is None or (cost, hops, path) < known_best:
                best[v] = (cost, hops, path)
        layer = following
    return {v: index.path(path) for v, (_, _, path) in best.items()}
