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

import heapq
import itertools
import math
from collections import deque
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from algorithms.errors import InvalidParameter, NodeNotFound, check_range
from graph_model.model import Label, RelType

_TEAM = Label.TEAM_MEMBER.value
FORMAL_TYPES: Final = frozenset({RelType.REPORTS_TO.value})
# The step type shown for two people joined only by a shared department.
SAME_DEPARTMENT: Final = RelType.WORKS_IN.value
DEFAULT_FORMAL_WEIGHT: Final = 0.4
DEFAULT_UNASSESSED_STRENGTH: Final = 0.2
DEFAULT_HOP_COST: Final = 0.1

__all__ = [
    "IntroductionPath",
    "PathStep",
    "TieIndex",
    "TieWeights",
    "best_introduction_path",
    "introduction_paths",
    "prepare_introductions",
]


@dataclass(frozen=True, slots=True)
class PathStep:
    """One hop: the tie's relationship types and its introduction strength."""

    source: str
    target: str
    types: tuple[str, ...]
    strength: float


@dataclass(frozen=True, slots=True)
class IntroductionPath:
    """A chain from one of our team members (first node) to the target (last).

    ``strength`` is the product of the steps' strengths, ``score`` the same
    with the per-hop cost applied (see the module notes).
    """

    node_ids: tuple[str, ...] = field(
        metadata={"description": "The chain's people, our team member first and the target last."}
    )
    strength: float = field(
        metadata={
            "description": "Product of the ties' introduction strengths: a personal tie at its stated "
            "strength (weak when none is stated), a reporting line or shared department (WORKS_IN) at "
            "the formal weight."
        }
    )
    hops: int
    steps: tuple[PathStep, ...]
    score: float = field(
        default=0.0,
        metadata={
            "description": "What chains are ranked by: strength times (1 - hop cost) per hop, so that of "
            "two equally strong chains the shorter comes first."
        },
    )


@dataclass(frozen=True, slots=True)
class TieWeights:
    """How ties are weighed for introductions (see the module notes)."""

    formal_weight: float = DEFAULT_FORMAL_WEIGHT
    unassessed_strength: float = DEFAULT_UNASSESSED_STRENGTH
    hop_cost: float = DEFAULT_HOP_COST
    min_strength: float = 0.0

    def __post_init__(self) -> None:
        check_range("formal_weight", self.formal_weight, 0.0, 1.0, low_open=True)
        check_range("unassessed_strength", self.unassessed_strength, 0.0, 1.0, low_open=True)
        check_range("hop_cost", self.hop_cost, 0.0, 1.0)
        if self.hop_cost >= 1.0:
            raise InvalidParameter("hop_cost must be < 1")
        check_range("min_strength", self.min_strength, 0.0, 1.0)
        if self.min_strength >= 1.0:
            raise InvalidParameter("min_strength must be < 1")

    @property
    def keep_per_hop(self) -> float:
        return 1.0 - self.hop_cost

    def score(self, strength: float, hops: int) -> float:
        return strength * self.keep_per_hop**hops


DEFAULT_WEIGHTS: Final = TieWeights()


def introduction_strength(data: Mapping[str, Any], weights: TieWeights, *, weight: str = "weight") -> float:
    """Introduction strength of one edge's ties (see the module notes).

    Examples
    --------
    >>> introduction_strength({"types": frozenset({"REPORTS_TO", "KNOWS"}),
    ...     "strengths": {"REPORTS_TO": None, "KNOWS": None}}, TieWeights())
    0.4
    >>> introduction_strength({"types": frozenset({"KNOWS"}), "strengths": {"KNOWS": 0.9}},
    ...     TieWeights())
    0.9
    """
    types = data.get("types", ())
    best = weights.formal_weight if any(t in FORMAL_TYPES for t in types) else 0.0
    stated: Mapping[str, float | None] | None = data.get("strengths")
    if stated is not None:
        for rel_type, value in stated.items():
            if rel_type not in FORMAL_TYPES:
                best = max(best, weights.unassessed_strength if value is None else value)
    elif not types or any(t not in FORMAL_TYPES for t in types):
        best = max(best, float(data.get(weight, 1.0)))
    return min(best, 1.0)


class TieIndex:
    """The usable ties of a people graph, read once per node and remembered.

    Ties are read in either direction at their introduction strength (the
    stronger direction wins); people sharing a department are joined by a
    formal line; ties at or below ``min_strength`` are left out.
    """

    def __init__(self, G: Any, weights: TieWeights, *, weight: str = "weight") -> None:
        self.G = G
        self.weights = weights
        self.weight = weight
        self.directed = G.is_directed()
        self._ties: dict[str, dict[str, float]] = {}
        self._colleagues: dict[str, list[str]] | None = None
        self._departments_of: dict[str, tuple[str, ...]] = {}
        # (sources, max_hops) -> hops and least length from those sources to
        # every node in reach: backward guidance shared by many searches.
        self.prepared: dict[tuple[frozenset[str] | None, int], tuple[dict[str, int], dict[str, float]]] = {}

    def is_team(self, node: str) -> bool:
        return bool(self.G.nodes[node].get("label") == _TEAM)

    def ties(self, u: str) -> dict[str, float]:
        """Usable neighbours of ``u`` with the introduction strength of the tie to each."""
        known = self._ties.get(u)
        if known is not None:
            return known
        G, weights = self.G, self.weights
        out: dict[str, float] = {}
        for department in G.nodes[u].get("departments", ()):
            for v in self.colleagues().get(department, ()):
                out[v] = weights.formal_weight
        adjacencies = (G.succ[u], G.pred[u]) if self.directed else (G.adj[u],)
        for adjacency in adjacencies:
            for v, data in adjacency.items():
                s = introduction_strength(data, weights, weight=self.weight)
                if s > out.get(v, 0.0):
                    out[v] = s
        usable = {v: s for v, s in out.items() if s > weights.min_strength and v != u}
        self._ties[u] = usable
        return usable

    def colleagues(self) -> dict[str, list[str]]:
        """People per department, indexed on first use."""
        if self._colleagues is None:
            index: dict[str, list[str]] = {}
            for node, departments in self.G.nodes(data="departments"):
                for department in departments or ():
                    index.setdefault(department, []).append(node)
                if departments:
                    self._departments_of[node] = tuple(departments)
            self._colleagues = index
        return self._colleagues

    def refresh(self, nodes: Collection[str]) -> None:
        """Take in changes the caller made to ``G`` in place, around ``nodes``.

        ``nodes`` are the people whose ties, departments or presence
        changed (both ends of a changed tie, the former neighbours of
        someone removed).  Their remembered ties are read again, and so are
        those of everyone sharing a department with them before or after.
        The prepared guidance is lowered where the change opened a shorter
        chain (see :meth:`ChainSearch.lower`) and left as it is where a tie
        weakened or went: a distance that is now too short is still a lower
        bound, so every later search stays exact, only a little less pruned.
        Searches made after the refresh answer as a fresh index would.
        """
        touched = set(nodes)
        if self._colleagues is not None:
            for node in list(touched):
                before = self._departments_of.get(node, ())
                after = tuple(self.G.nodes[node].get("departments", ())) if node in self.G else ()
                if before == after:
                    continue
                for department in before:
                    members = self._colleagues.get(department, [])
                    members.remove(node)
                    touched.update(members)
                for department in after:
                    members = self._colleagues.setdefault(department, [])
                    touched.update(members)
                    members.append(node)
                if after:
                    self._departments_of[node] = after
                else:
                    self._departments_of.pop(node, None)
        for node in touched:
            self._ties.pop(node, None)
        present = [node for node in touched if node in self.G]
        for sources, max_hops in self.prepared:
            ChainSearch(self, "", sources, max_hops).lower(self.prepared[(sources, max_hops)], present)

    def path(self, nodes: tuple[str, ...]) -> IntroductionPath:
        """The chain through ``nodes`` with each step's types and strength."""
        steps = []
        strength = 1.0
        for u, v in itertools.pairwise(nodes):
            s = self.ties(u)[v]
            strength *= s
            steps.append(PathStep(u, v, self._types(u, v), s))
        hops = len(nodes) - 1
        return IntroductionPath(nodes, strength, hops, tuple(steps), self.weights.score(strength, hops))

    def _types(self, u: str, v: str) -> tuple[str, ...]:
        types: set[str] = set()
        for a, b in ((u, v), (v, u)):
            data = self.G.get_edge_data(a, b)
            if data is not None:
                types |= set(data.get("types", ()))
        shared = set(self.G.nodes[u].get("departments", ())) & set(self.G.nodes[v].get("departments", ()))
        if shared:
            types.add(SAME_DEPARTMENT)
        return tuple(sorted(types))


SCORE_DIGITS: Final = 6


def ranking_key(path: IntroductionPath) -> tuple[float, int, tuple[str, ...]]:
    """Best first: higher rounded score, then fewer hops, then smaller ids."""
    return (-round(path.score, SCORE_DIGITS), path.hops, path.node_ids)


class ChainSearch:
    """Best-first search over partial chains, guided by exact distances (A*).

    Forward (the default) it grows chains from our team toward the target,
    guided by each node's distance *to the target*, found by a Dijkstra
    search of the target's neighbourhood.  Backward it grows chains from the
    target toward our team, guided by each node's distance *from our team*:
    one search of our team's neighbourhood (:func:`prepare_introductions`)
    then guides the searches for any number of targets.  Both are exact, so
    both find the same chains.
    """

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
        prepared = self.index.prepared.get((self.sources, self.max_hops))
        if prepared is not None:
            hops_left, cost_left = prepared
            starts = [self.target] if self.target in cost_left else []
            backward = True
        else:
            hops_left = self._ball([self.target])
            cost_left = self._distances([self.target], hops_left)
            starts = [n for n in hops_left if n != self.target and self.is_source(n) and n in cost_left]
            backward = False
        heap: list[tuple[float, int, tuple[str, ...], float]] = [(cost_left[n], 0, (n,), 0.0) for n in starts]
        heapq.heapify(heap)
        found: list[IntroductionPath] = []
        expansions = 0
        while heap and expansions < max_expansions:
            if len(found) >= k and not self._may_tie(heap[0][0], found[k - 1]):
                break
            _, hops, path, cost = heapq.heappop(heap)
            last = path[-1]
            if hops > 0 and (self.is_source(last) if backward else last == self.target):
                found.append(self.index.path(path[::-1] if backward else path))
                continue
            expansions += 1
            if hops > 0 and self.is_terminal(last):
                continue
            for nxt, s in self.ties(last).items():
                left = hops_left.get(nxt)
                if left is None or hops + 1 + left > self.max_hops or nxt in path or nxt not in cost_left:
                    continue
                end = self.is_source(nxt) if backward else nxt == self.target
                if not end and self.is_terminal(nxt):
                    continue
                step = cost + self.length(s)
                heapq.heappush(heap, (step + cost_left[nxt], hops + 1, (*path, nxt), step))
        found.sort(key=ranking_key)
        return found[:k]

    @staticmethod
    def _may_tie(bound: float, kth: IntroductionPath) -> bool:
        """Whether a chain scoring at most ``exp(-bound)`` could round to the k-th's score."""
        return round(math.exp(-bound), SCORE_DIGITS) >= round(kth.score, SCORE_DIGITS)

    def prepare(self) -> tuple[dict[str, int], dict[str, float]]:
        """Hops and least length from our team to every node within reach (backward guidance)."""
        roots = [n for n in self.index.G if self.is_source(n)]
        ball = self._ball(roots)
        return ball, self._distances(roots, ball)

    def lower(self, prepared: tuple[dict[str, int], dict[str, float]], seeds: list[str]) -> None:
        """Bring backward guidance made by :meth:`prepare` down to the graph's new ties.

        The guidance holds a fixed point: for every tie ``u - v`` out of a
        node a chain may pass (fewer than ``max_hops`` hops from our team,
        not one of our people unless a root), ``hops[v] <= hops[u] + 1``
        and ``length[v] <= length[u] + length(u, v)``; so every entry is at
        most the true value, the bound A* needs.  Only ties at ``seeds``
        changed, so relaxing from there (and on from every node that
        improves) restores the fixed point: new ties and new team members
        lower the guidance; weaker or removed ties leave it a lower bound.
        """
        hops, length = prepared
        for node in seeds:
            if self.is_source(node) and hops.get(node) != 0:
                hops[node], length[node] = 0, 0.0
        heap = [(length[node], node) for node in seeds if node in length]
        heapq.heapify(heap)
        while heap:
            d, u = heapq.heappop(heap)
            h = hops[u]
            if d > length[u] or h >= self.max_hops or (h > 0 and self.is_terminal(u)):
                continue
            for v, s in self.ties(u).items():
                nd, improved = d + self.length(s), False
                if nd < length.get(v, math.inf):
                    length[v], improved = nd, True
                if h + 1 < hops.get(v, self.max_hops + 1):
                    hops[v], improved = h + 1, True
                if improved:
                    heapq.heappush(heap, (length[v], v))

    def _ball(self, roots: list[str]) -> dict[str, int]:
        """Hops from the nearest root to every node within ``max_hops``, not through our people."""
        hops = dict.fromkeys(roots, 0)
        queue = deque(roots)
        while queue:
            u = queue.popleft()
            if hops[u] == self.max_hops or (hops[u] > 0 and self.is_terminal(u)):
                continue
            for v in self.ties(u):
                if v not in hops:
                    hops[v] = hops[u] + 1
                    queue.append(v)
        return hops

    def _distances(self, roots: list[str], ball: dict[str, int]) -> dict[str, float]:
        """Least length (``-log`` of the score) from the nearest root to each node of the ball."""
        dist = dict.fromkeys(roots, 0.0)
        heap = [(0.0, r) for r in roots]
        done: set[str] = set()
        while heap:
            d, u = heapq.heappop(heap)
            if u in done:
                continue
            done.add(u)
            if ball[u] > 0 and self.is_terminal(u):
                continue
            for v, s in self.ties(u).items():
                if v not in ball:
                    continue
                nd = d + self.length(s)
                if nd < dist.get(v, math.inf):
                    dist[v] = nd
                    heapq.heappush(heap, (nd, v))
        return dist


def introduction_paths(
    G: Any,
    target: str,
    *,
    sources: Collection[str] | None = None,
    k: int = 3,
    max_hops: int = 4,
    weights: TieWeights = DEFAULT_WEIGHTS,
    weight: str = "weight",
    max_expansions: int = 200_000,
    ties: TieIndex | None = None,
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
    weights : TieWeights
        How ties are weighed: the formal weight of a reporting line or a
        shared department, the strength of a personal tie stored without
        one, the share of the score lost per hop, and the strength at or
        below which a tie is not used.
    weight : str
        Edge attribute holding the strength of an edge without
        ``strengths``; an edge without either counts as strength 1.
    max_expansions : int
        Safety budget of partial paths examined; when spent, the paths found
        so far (still the best, in order) are returned.
    ties : TieIndex, optional
        The index :func:`prepare_introductions` made of ``G`` with the same
        options, kept by the caller so that many searches read each person's
        ties once; the answers are the same without it.

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
        For ``k < 1`` or ``max_hops < 1`` (:class:`TieWeights` checks its
        own values when made).

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
    chosen = None if sources is None else frozenset(sources)
    for s in chosen or ():
        if s not in G:
            raise NodeNotFound(s, "source")
    if chosen is not None and target in chosen:
        return []
    search = ChainSearch(_index(G, weights, weight, ties), target, chosen, max_hops)
    return search.run(k, max_expansions)


def _index(G: Any, weights: TieWeights, weight: str, ties: TieIndex | None) -> TieIndex:
    if ties is None:
        return TieIndex(G, weights, weight=weight)
    if ties.G is not G or ties.weights != weights or ties.weight != weight:
        raise InvalidParameter("ties was prepared for another graph or other options")
    return ties


def best_introduction_path(
    G: Any,
    target: str,
    *,
    sources: Collection[str] | None = None,
    max_hops: int = 4,
    weights: TieWeights = DEFAULT_WEIGHTS,
    weight: str = "weight",
    ties: TieIndex | None = None,
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
        G, target, sources=sources, k=1, max_hops=max_hops, weights=weights, weight=weight, ties=ties
    )
    return paths[0] if paths else None


def prepare_introductions(
    G: Any,
    *,
    sources: Collection[str] | None = None,
    max_hops: int = 4,
    weights: TieWeights = DEFAULT_WEIGHTS,
    weight: str = "weight",
) -> TieIndex:
    """An index of ``G``'s ties readied for many :func:`introduction_paths` searches.

    One search of our team's neighbourhood then guides every later search
    with the same options that is handed the index as ``ties`` (see
    :class:`ChainSearch`): a coverage review asking for dozens of people
    pays for one.  The answers are the same with or without it.  The index
    holds what it read of ``G``: keep it only while ``G`` does not change.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("us", "a"), ("a", "ceo")])
    >>> G.nodes["us"]["label"] = "TeamMember"
    >>> ties = prepare_introductions(G)
    >>> introduction_paths(G, "ceo", ties=ties) == introduction_paths(G, "ceo")
    True
    """
    if max_hops < 1:
        raise InvalidParameter(f"max_hops must be >= 1, got {max_hops}")
    index = TieIndex(G, weights, weight=weight)
    chosen = None if sources is None else frozenset(sources)
    index.prepared[(chosen, max_hops)] = ChainSearch(index, "", chosen, max_hops).prepare()
    return index
