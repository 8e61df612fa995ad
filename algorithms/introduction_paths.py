"""Warm introduction paths: the strongest chains from our team to a person.

The strength of a chain is the product of its ties' strengths, so the
strongest chain is the shortest path under the length ``-log(strength)``.
Hops are bounded: a warm introduction over five intermediaries is not warm.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections import deque
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from algorithms._util import check_range
from algorithms.errors import InvalidParameter, NodeNotFound
from graph_model.model import Label

_TEAM = Label.TEAM_MEMBER.value


@dataclass(frozen=True, slots=True)
class PathStep:
    """One hop: the tie's relationship types and its strength."""

    source: str
    target: str
    types: tuple[str, ...]
    strength: float


@dataclass(frozen=True, slots=True)
class IntroductionPath:
    """A chain from one of our team members (first node) to the target (last)."""

    node_ids: tuple[str, ...]
    strength: float
    hops: int
    steps: tuple[PathStep, ...]


def introduction_paths(
    G: Any,
    target: str,
    *,
    sources: Collection[str] | None = None,
    k: int = 3,
    max_hops: int = 4,
    min_strength: float = 0.0,
    weight: str = "weight",
    max_expansions: int = 200_000,
) -> list[IntroductionPath]:
    """The ``k`` strongest simple chains of at most ``max_hops`` ties to ``target``.

    Ties are read in either direction (a reporting line or an influence tie
    is a way to be introduced either way) with the larger strength of the
    two directions.  Paths start at one of ``sources`` and never pass through
    one of our own team members: going through a colleague is that
    colleague's own, shorter path.

    The search touches only the ``max_hops`` neighbourhood of the target: a
    breadth-first search bounds it, a Dijkstra search inside it gives each
    node's exact distance to the target, and a best-first search over partial
    paths guided by that distance (A*, an admissible and consistent bound)
    yields complete paths in order of decreasing strength, so it stops after
    the ``k``-th without enumerating the others.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        A people graph (see :func:`algorithms.projection.people_graph`).
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
        Ties of this strength or weaker are not used.
    weight : str
        Edge attribute holding the tie strength (in ``(0, 1]``); an edge
        without it counts as strength 1.
    max_expansions : int
        Safety budget of partial paths examined; when spent, the paths found
        so far (still the strongest, in order) are returned.

    Returns
    -------
    list of IntroductionPath
        Strongest first; ties in strength go to fewer hops, then to the
        smaller node ids.  Empty when no chain exists or ``target`` is
        itself a source.

    Raises
    ------
    NodeNotFound
        When ``target`` or a named source is not in ``G``.
    InvalidParameter
        For ``k < 1``, ``max_hops < 1`` or ``min_strength`` outside ``[0, 1)``.

    References
    ----------
    P. E. Hart, N. J. Nilsson, B. Raphael, "A formal basis for the heuristic
    determination of minimum cost paths", IEEE Trans. SSC 4(2), 1968;
    J. Y. Yen, "Finding the k shortest loopless paths in a network",
    Management Science 17(11), 1971.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_node("us", label="TeamMember")
    >>> G.add_edge("us", "a", weight=0.9, types=frozenset({"RELATES_TO"}))
    >>> G.add_edge("a", "ceo", weight=0.5, types=frozenset({"KNOWS"}))
    >>> G.add_edge("us", "ceo", weight=0.3, types=frozenset({"RELATES_TO"}))
    >>> [(p.node_ids, round(p.strength, 2)) for p in introduction_paths(G, "ceo")]
    [(('us', 'a', 'ceo'), 0.45), (('us', 'ceo'), 0.3)]
    """
    if target not in G:
        raise NodeNotFound(target, "target")
    if k < 1:
        raise InvalidParameter(f"k must be >= 1, got {k}")
    check_chain_bounds(max_hops, min_strength)
    chosen = None if sources is None else frozenset(sources)
    for s in chosen or ():
        if s not in G:
            raise NodeNotFound(s, "source")
    if chosen is not None and target in chosen:
        return []
    search = _Search(G, target, chosen, max_hops, min_strength, weight)
    return search.run(k, max_expansions)


def best_introduction_path(
    G: Any,
    target: str,
    *,
    sources: Collection[str] | None = None,
    max_hops: int = 4,
    min_strength: float = 0.0,
    weight: str = "weight",
) -> IntroductionPath | None:
    """The strongest chain to ``target``, or ``None``; see :func:`introduction_paths`.

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
        weight=weight,
    )
    return paths[0] if paths else None


def check_chain_bounds(max_hops: int, min_strength: float) -> None:
    """Named errors for the bounds every chain search shares."""
    if max_hops < 1:
        raise InvalidParameter(f"max_hops must be >= 1, got {max_hops}")
    check_range("min_strength", min_strength, 0.0, 1.0)
    if min_strength >= 1.0:
        raise InvalidParameter("min_strength must be < 1")


class TieIndex:
    """The usable ties of a people graph, read once per node and remembered.

    Ties are read in either direction with the larger of the two strengths,
    capped at 1; ties at or below ``min_strength`` are left out.
    """

    def __init__(self, G: Any, *, min_strength: float = 0.0, weight: str = "weight") -> None:
        self.G = G
        self.min_strength = min_strength
        self.weight = weight
        self.directed = G.is_directed()
        self._ties: dict[str, dict[str, float]] = {}

    def is_team(self, node: str) -> bool:
        return bool(self.G.nodes[node].get("label") == _TEAM)

    def ties(self, u: str) -> dict[str, float]:
        """Usable neighbours of ``u`` with the strength of the tie to each."""
        known = self._ties.get(u)
        if known is not None:
            return known
        G, w = self.G, self.weight
        out: dict[str, float] = {}
        adjacencies = (G.succ[u], G.pred[u]) if self.directed else (G.adj[u],)
        for adjacency in adjacencies:
            for v, data in adjacency.items():
                s = min(float(data.get(w, 1.0)), 1.0)
                if s > out.get(v, 0.0):
                    out[v] = s
        usable = {v: s for v, s in out.items() if s > self.min_strength and v != u}
        self._ties[u] = usable
        return usable

    def path(self, nodes: tuple[str, ...]) -> IntroductionPath:
        """The chain through ``nodes`` with each step's types and strength."""
        steps = []
        strength = 1.0
        for u, v in itertools.pairwise(nodes):
            s = self.ties(u)[v]
            strength *= s
            steps.append(PathStep(u, v, self._types(u, v), s))
        return IntroductionPath(nodes, strength, len(nodes) - 1, tuple(steps))

    def _types(self, u: str, v: str) -> tuple[str, ...]:
        types: set[str] = set()
        for a, b in ((u, v), (v, u)):
            data = self.G.get_edge_data(a, b)
            if data is not None:
                types |= set(data.get("types", ()))
        return tuple(sorted(types))


class _Search:
    def __init__(
        self,
        G: Any,
        target: str,
        sources: frozenset[str] | None,
        max_hops: int,
        min_strength: float,
        weight: str,
    ) -> None:
        self.index = TieIndex(G, min_strength=min_strength, weight=weight)
        self.ties = self.index.ties
        self.target = target
        self.sources = sources
        self.max_hops = max_hops

    def is_source(self, node: str) -> bool:
        if self.sources is not None:
            return node in self.sources
        return self.index.is_team(node)

    def is_terminal(self, node: str) -> bool:
        # Chains may end at, but never pass through, one of our people.
        return node != self.target and (self.is_source(node) or self.index.is_team(node))

    def run(self, k: int, max_expansions: int) -> list[IntroductionPath]:
        hops_to_target = self._ball()
        cost_to_target = self._distances(hops_to_target)
        heap: list[tuple[float, int, tuple[str, ...], float]] = []
        for node in hops_to_target:
            if node != self.target and self.is_source(node) and node in cost_to_target:
                heapq.heappush(heap, (cost_to_target[node], 0, (node,), 0.0))
        found: list[IntroductionPath] = []
        expansions = 0
        while heap and len(found) < k and expansions < max_expansions:
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
                step = cost - math.log(s)
                heapq.heappush(heap, (step + cost_to_target[nxt], hops + 1, (*path, nxt), step))
        return found

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
        """Least ``-log`` strength from each node of the ball to the target."""
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
                nd = d - math.log(s)
                if nd < dist.get(v, math.inf):
                    dist[v] = nd
                    heapq.heappush(heap, (nd, v))
        return dist
