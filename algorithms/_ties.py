"""How strongly one tie can carry an introduction (see :mod:`algorithms.introduction_paths`)."""

from __future__ import annotations

import itertools
import threading
import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

import networkx as nx

from algorithms._util import check_range
from algorithms.errors import InvalidParameter
from graph_model.model import Label, RelType

_TEAM = Label.TEAM_MEMBER.value
FORMAL_TYPES: Final = frozenset({RelType.REPORTS_TO.value})
# The step type shown for two people joined only by a shared department.
SAME_DEPARTMENT: Final = RelType.WORKS_IN.value
DEFAULT_FORMAL_WEIGHT: Final = 0.4
DEFAULT_UNASSESSED_STRENGTH: Final = 0.2
DEFAULT_HOP_COST: Final = 0.1


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

    node_ids: tuple[str, ...]
    strength: float
    hops: int
    steps: tuple[PathStep, ...]
    score: float = 0.0


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
            self._colleagues = index
        return self._colleagues

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


_lock = threading.Lock()
_shared: weakref.WeakKeyDictionary[Any, dict[tuple[TieWeights, str], TieIndex]] = weakref.WeakKeyDictionary()


def tie_index(G: Any, weights: TieWeights, *, weight: str = "weight") -> TieIndex:
    """The tie index of ``G``: one per frozen graph and tuning, shared by every search on it.

    A cached projection is frozen and searched by many requests (and by a
    coverage review for dozens of people at once); reading each person's
    ties once for all of them is most of the work saved.  An unfrozen graph
    may change, so it gets a fresh index.
    """
    if not nx.is_frozen(G):
        return TieIndex(G, weights, weight=weight)
    key = (weights, weight)
    with _lock:
        per_graph = _shared.setdefault(G, {})
        index = per_graph.get(key)
        if index is None:
            index = per_graph[key] = TieIndex(G, weights, weight=weight)
    return index
