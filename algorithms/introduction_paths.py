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
``SCORE_DIGITS`` decimals (so floating-point noise never orders a longer chain
first), then by fewer hops, then by node ids.  The best chain is the shortest
path under the length ``-log(strength * (1 - hop_cost))`` per tie.
"""

from __future__ import annotations

import heapq
import math
from collections import deque
from collections.abc import Collection
from typing import Any, Final

from algorithms._ties import (
    DEFAULT_FORMAL_WEIGHT,
    DEFAULT_HOP_COST,
    DEFAULT_UNASSESSED_STRENGTH,
    IntroductionPath,
    PathStep,
    TieIndex,
    TieWeights,
)
from algorithms.errors import InvalidParameter, NodeNotFound

__all__ = ["IntroductionPath", "PathStep", "best_introduction_path", "introduction_paths", "ranking_key"]

SCORE_DIGITS: Final = 6


def ranking_key(path: IntroductionPath) -> tuple[float, int, tuple[str, ...]]:
    """Best first: higher rounded score, then fewer hops, then smaller ids."""
    return (-round(path.score, SCORE_DIGITS), path.hops, path.node_ids)


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
    search = _Search(TieIndex(G, weights, weight=weight), target, chosen, max_hops)
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


class _Search:
    def __init__(self, index: TieIndex, target: str, sources: frozenset[str] | None, max_hops: int) -> None:
        self.index = index
        self.ties = index.ties
        self.target = target
        self.sources = sources
        self.max_hops = max_hops
        self.hop_length = -math.log(index.weights.keep_per_hop)

    def is_source(self, node: str) -> bool:
        if self.sources is not None:
            return node in self.sources
        return self.index.is_team(node)

    def is_terminal(self, node: str) -> bool:
        # Chains may end at, but never pass through, one of our people.
        return node != self.target and (self.is_source(node) or self.index.is_team(node))

    def length(self, strength: float) -> float:
        return self.hop_length - math.log(strength)

    def run(self, k: int, max_expansions: int) -> list[IntroductionPath]:
        hops_to_target = self._ball()
        cost_to_target = self._distances(hops_to_target)
        heap: list[tuple[float, int, tuple[str, ...], float]] = []
        for node in hops_to_target:
            if node != self.target and self.is_source(node) and node in cost_to_target:
                heapq.heappush(heap, (cost_to_target[node], 0, (node,), 0.0))
        found: list[IntroductionPath] = []
        expansions = 0
        while heap and expansions < max_expansions:
            if len(found) >= k and not self._may_tie(heap[0][0], found[k - 1]):
                break
            _, hops, path, cost = heapq.heappop(heap)
            last = path[-1]
            if last == self.target:
                found.append(self.index.path(path))
                continue
            expansions += 1
            if hops > 0 and self.is_terminal(last):
                continue
            for nxt, s in self.ties(last).items():
                left = hops_to_target.get(nxt)
                if left is None or hops + 1 + left > self.max_hops or nxt in path:
                    continue
                if nxt != self.target and self.is_terminal(nxt):
                    continue
                step = cost + self.length(s)
                heapq.heappush(heap, (step + cost_to_target[nxt], hops + 1, (*path, nxt), step))
        found.sort(key=ranking_key)
        return found[:k]

    @staticmethod
    def _may_tie(bound: float, kth: IntroductionPath) -> bool:
        """Whether a chain scoring at most ``exp(-bound)`` could round to the k-th's score."""
        return round(math.exp(-bound), SCORE_DIGITS) >= round(kth.score, SCORE_DIGITS)

    def _ball(self) -> dict[str, int]:
        """Hops from the target to every node within ``max_hops`` of it."""
        hops = {self.target: 0}
        queue = deque([self.target])
        while queue:
            u = queue.popleft()
            if hops[u] == self.max_hops or (u != self.target and self.is_terminal(u)):
                continue
            for v in self.ties(u):
                if v not in hops:
                    hops[v] = hops[u] + 1
                    queue.append(v)
        return hops

    def _distances(self, ball: dict[str, int]) -> dict[str, float]:
        """Least length (``-log`` of the score) from each node of the ball to the target."""
        dist = {self.target: 0.0}
        heap = [(0.0, self.target)]
        done: set[str] = set()
        while heap:
            d, u = heapq.heappop(heap)
            if u in done:
                continue
            done.add(u)
            if u != self.target and self.is_terminal(u):
                continue
            for v, s in self.ties(u).items():
                if v not in ball:
                    continue
                nd = d + self.length(s)
                if nd < dist.get(v, math.inf):
                    dist[v] = nd
                    heapq.heappush(heap, (nd, v))
        return dist
