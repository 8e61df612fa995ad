"""The people graph as integer arrays, changed in place one stored entity at a time.

:func:`algorithms.projection.people_graph` builds a networkx graph from a
whole export; at 100k people that costs seconds and about 3 KB a person.
:class:`CompactPeopleGraph` holds the same graph as what the algorithms
need and nothing more (people's ids, labels, accounts and departments, and
the stated strength of each tie), takes one stored change at a time, and
hands out immutable :class:`PeopleArrays` (a CSR matrix of the weighted
digraph) for the fast paths, or the networkx graph :func:`people_graph`
would build, for the reference algorithms.

Every edit sets a state (a person exists, a tie has this strength, a tie is
gone), so applying an edit that is already reflected changes nothing:
catching up from an export read while writes went on is safe.

Edges follow :mod:`algorithms.projection` exactly: ``REPORTS_TO`` keeps its
direction at ``reports_to_weight``, ``INFLUENCES`` is reversed, ``KNOWS``
and ``RELATES_TO`` go both ways, several ties between one ordered pair
collapse into one edge weighing the strongest of them.
"""

from __future__ import annotations

import itertools
import math
from array import array
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, TypeVar

import networkx as nx
import numpy as np
import scipy.sparse

from algorithms.errors import InvalidParameter, NotConverged, check_range
from algorithms.projection import PEOPLE_TYPES, PeopleGraphBuilder
from algorithms.ranking import Factor, ScoredNode, rank
from algorithms.values import as_float
from graph_model.analytics_export import GraphExport
from graph_model.model import Label, RelType

__all__ = ["CompactPeopleGraph", "PeopleArrays", "ScopeTies", "compact_pagerank", "top_stakeholders"]

_TYPES: Final = (
    RelType.REPORTS_TO.value,
    RelType.INFLUENCES.value,
    RelType.KNOWS.value,
    RelType.RELATES_TO.value,
)
_TYPE_CODE: Final = {name: code for code, name in enumerate(_TYPES)}
_REPORTS_TO, _INFLUENCES, _KNOWS, _RELATES_TO = range(4)
_LABELS: Final = (Label.STAKEHOLDER.value, Label.TEAM_MEMBER.value)
_LABEL_CODE: Final = {name: code for code, name in enumerate(_LABELS)}
_GONE: Final = -1
# Node indexes (below 2**30) are packed into one int64 key per tie and per
# ordered pair, so whole columns of keys are made at once.
_BITS: Final = 30
_MASK: Final = (1 << _BITS) - 1
_NO_STRENGTH: Final = math.nan
# One person's index, or a column of them.
_End = TypeVar("_End", int, np.ndarray)


@dataclass(frozen=True, eq=False)
class PeopleArrays:
    """One immutable state of a :class:`CompactPeopleGraph`, ready for linear algebra.

    Row and column ``i`` of ``transposed`` is the ``i``-th person present;
    ``slots[i]`` is that person's index in the graph it came from, stable
    across states, so a result of an earlier state can seed the next.
    ``transposed[v, u]`` is the weight of the edge ``u -> v`` divided by the
    sum of ``u``'s outgoing weights (a column-stochastic matrix, save for
    people with no outgoing weight, ``dangling``).
    """

    ids: tuple[str, ...]
    slots: np.ndarray
    labels: np.ndarray
    transposed: Any  # scipy.sparse.csr_array (scipy ships no precise types)
    dangling: np.ndarray
    in_degree: np.ndarray
    edges: int

    def __len__(self) -> int:
        return len(self.ids)

    def is_stakeholder(self) -> np.ndarray:
        return np.asarray(self.labels == _LABEL_CODE[Label.STAKEHOLDER.value])


class CompactPeopleGraph:
    """A people graph kept as arrays and edited one stored entity at a time (see module notes).

    Examples
    --------
    >>> g = CompactPeopleGraph()
    >>> g.set_person("ann", "Stakeholder", "c1")
    >>> g.set_person("bob", "Stakeholder", "c1")
    >>> g.set_tie("REPORTS_TO", "bob", "ann", None)
    >>> g.set_tie("KNOWS", "ann", "bob", 0.3)
    >>> sorted(g.to_networkx().edges(data="weight"))
    [('ann', 'bob', 0.3), ('bob', 'ann', 1.0)]
    >>> g.remove_person("bob")
    >>> g.to_networkx().number_of_edges(), len(g.arrays())
    (0, 1)
    """

    def __init__(self, *, default_strength: float = 0.5, reports_to_weight: float = 1.0) -> None:
        check_range("default_strength", default_strength, 0.0, 1.0, low_open=True)
        check_range("reports_to_weight", reports_to_weight, 0.0, 1.0, low_open=True)
        self.default_strength = default_strength
        self.reports_to_weight = reports_to_weight
        self._ids: list[str] = []
        self._index: dict[str, int] = {}
        self._labels = array("b")
        self._accounts: list[str | None] = []
        self._departments: dict[int, tuple[str, ...]] = {}
        # (source, target, type) packed by _pack -> stated strength (nan: none).
        self._ties: dict[int, float] = {}
        # The collapsed edge u -> v of pair key (u << _BITS | v) sits at slot i
        # of the arrays below: for a pair of the bulk build, i is its position
        # in the sorted ``_built_pairs`` (a binary search, no dict of millions
        # of entries); for a pair added since, ``_added_pairs`` holds it.  A
        # removed edge keeps its slot, marked _GONE, for the pair to come back.
        self._built_pairs = np.zeros(0, dtype=np.int64)
        self._added_pairs: dict[int, int] = {}
        self._edge_u = array("q")
        self._edge_v = array("q")
        self._edge_w = array("d")

    @classmethod
    def from_export(cls, export: GraphExport, **options: float) -> CompactPeopleGraph:
        """The people and ties of an export, as :func:`people_graph` reads them."""
        people, edges = export_columns(export)
        return cls.from_columns(people, edges, **options)

    @classmethod
    def from_columns(
        cls,
        people: Mapping[str, tuple[Sequence[str], Sequence[str | None]]],
        edges: Mapping[str, tuple[Sequence[str], Sequence[str], Sequence[float | None] | None]],
        **options: float,
    ) -> CompactPeopleGraph:
        """Build from columns: people's ids and accounts per label, ends and strengths per type.

        The same graph as adding each person and tie one at a time, built
        with whole-column operations (a whole-graph build at 100k people
        takes a fraction of a second).  Other labels and types are ignored.
        """
        graph = cls(**options)
        for label, (ids, accounts) in people.items():
            if label in _LABEL_CODE:
                graph._ids.extend(ids)
                graph._accounts.extend(accounts)
                graph._labels.extend([_LABEL_CODE[label]] * len(ids))
        graph._index = {node_id: i for i, node_id in enumerate(graph._ids)}
        index = graph._index
        if len(index) != len(graph._ids):
            raise InvalidParameter("a person id appears twice")
        works_in = edges.get(RelType.WORKS_IN.value)
        if works_in is not None:
            departments: dict[int, set[str]] = {}
            for source, target in zip(works_in[0], works_in[1], strict=True):
                i = index.get(source)
                if i is not None:
                    departments.setdefault(i, set()).add(target)
            graph._departments = {i: tuple(sorted(d)) for i, d in departments.items()}
        keys, stated, arcs = [], [], []
        for rel_type, (sources, targets, strengths) in edges.items():
            code = _TYPE_CODE.get(rel_type)
            if code is None:
                continue
            s, t = _positions(index, sources), _positions(index, targets)
            raw = (
                np.full(len(s), _NO_STRENGTH)
                if strengths is None or code == _REPORTS_TO
                else _floats(strengths)
            )
            keep = (s >= 0) & (t >= 0) & (s != t)
            s, t, raw = s[keep], t[keep], np.clip(raw[keep], 0.0, 1.0)
            keys.append(s << (_BITS + 2) | t << 2 | code)
            stated.append(raw)
            weight = np.full(len(s), graph.reports_to_weight) if code == _REPORTS_TO else raw
            weight = np.where(np.isnan(weight), graph.default_strength, weight)
            for u, v in _arcs(s, t, code):
                arcs.append((u, v, weight))
        if keys:
            graph._ties = dict(
                zip(np.concatenate(keys).tolist(), np.concatenate(stated).tolist(), strict=True)
            )
        if arcs:
            u = np.concatenate([a[0] for a in arcs])
            v = np.concatenate([a[1] for a in arcs])
            w = np.concatenate([a[2] for a in arcs])
            pair = u << _BITS | v
            # Strongest first within each pair, then the first of each pair.
            order = np.lexsort((-w, pair))
            pair, u, v, w = pair[order], u[order], v[order], w[order]
            first = np.ones(len(pair), dtype=bool)
            first[1:] = pair[1:] != pair[:-1]
            graph._edge_u = array("q", u[first].tobytes())
            graph._edge_v = array("q", v[first].tobytes())
            graph._edge_w = array("d", w[first].tobytes())
            graph._built_pairs = pair[first]
        return graph

    # -- people -----------------------------------------------------------------
    def __contains__(self, node_id: object) -> bool:
        i = self._index.get(node_id) if isinstance(node_id, str) else None
        return i is not None and self._labels[i] != _GONE

    def __len__(self) -> int:
        return sum(1 for code in self._labels if code != _GONE)

    def set_person(
        self, node_id: str, label: str, account_id: str | None, departments: Iterable[str] | None = None
    ) -> None:
        """Add a person, or update one's account (and departments, unless ``None``)."""
        if label not in _LABEL_CODE:
            raise InvalidParameter(f"label must be one of {_LABELS}, got {label!r}")
        i = self._index.get(node_id)
        if i is None:
            i = self._index[node_id] = len(self._ids)
            self._ids.append(node_id)
            self._labels.append(_LABEL_CODE[label])
            self._accounts.append(account_id)
        else:
            self._labels[i] = _LABEL_CODE[label]
            self._accounts[i] = account_id
        if departments is not None:
            self.set_departments(node_id, departments)

    def set_departments(self, node_id: str, departments: Iterable[str]) -> None:
        i = self._index.get(node_id)
        if i is None:
            return
        chosen = tuple(sorted(set(departments)))
        if chosen:
            self._departments[i] = chosen
        else:
            self._departments.pop(i, None)

    def departments(self, node_id: str) -> tuple[str, ...]:
        i = self._index.get(node_id)
        return () if i is None else self._departments.get(i, ())

    def remove_person(self, node_id: str) -> None:
        """Remove a person and every tie they had (a no-op for an unknown id)."""
        i = self._index.get(node_id)
        if i is None or self._labels[i] == _GONE:
            return
        doomed = [key for key in self._ties if key >> (_BITS + 2) == i or (key >> 2) & _MASK == i]
        for key in doomed:
            source, target, code = _unpack(key)
            self._drop_tie(source, target, code)
        self._labels[i] = _GONE
        self._accounts[i] = None
        self._departments.pop(i, None)

    # -- ties -------------------------------------------------------------------
    def set_tie(self, rel_type: str, source: str, target: str, strength: float | None) -> None:
        """Set one stored relationship's strength (``None``: stated without one)."""
        code = _TYPE_CODE.get(rel_type)
        if code is None:
            raise InvalidParameter(f"relationship type must be one of {_TYPES}, got {rel_type!r}")
        s, t = self._index.get(source), self._index.get(target)
        if s is None or t is None or s == t or self._labels[s] == _GONE or self._labels[t] == _GONE:
            return
        stated = _NO_STRENGTH if strength is None else min(max(float(strength), 0.0), 1.0)
        self._ties[_pack(s, t, code)] = stated
        for u, v in _arcs(s, t, code):
            self._refresh_edge(u, v)

    def remove_tie(self, rel_type: str, source: str, target: str) -> None:
        code = _TYPE_CODE.get(rel_type)
        s, t = self._index.get(source), self._index.get(target)
        if code is not None and s is not None and t is not None:
            self._drop_tie(s, t, code)

    def _drop_tie(self, s: int, t: int, code: int) -> None:
        if self._ties.pop(_pack(s, t, code), None) is None:
            return
        for u, v in _arcs(s, t, code):
            self._refresh_edge(u, v)

    def _refresh_edge(self, u: int, v: int) -> None:
        """Recompute the collapsed edge ``u -> v`` from the stored ties that make it."""
        weight = max((w for _, _, w in self._contributions(u, v)), default=None)
        pair = u << _BITS | v
        slot = self._slot(pair)
        if weight is None:
            if slot is not None:
                self._edge_u[slot] = self._edge_v[slot] = _GONE
            return
        if slot is None:
            slot = self._added_pairs[pair] = len(self._edge_w)
            self._edge_u.append(u)
            self._edge_v.append(v)
            self._edge_w.append(weight)
        else:
            self._edge_u[slot], self._edge_v[slot], self._edge_w[slot] = u, v, weight

    def _slot(self, pair: int) -> int | None:
        slot = self._added_pairs.get(pair)
        if slot is not None:
            return slot
        i = int(np.searchsorted(self._built_pairs, pair))
        return i if i < len(self._built_pairs) and self._built_pairs[i] == pair else None

    def _contributions(self, u: int, v: int) -> list[tuple[int, float | None, float]]:
        """(type, stated strength, weight) of each stored tie that makes an edge ``u -> v``."""
        found: list[tuple[int, float | None, float]] = []
        for code, s, t in (
            (_REPORTS_TO, u, v),
            (_INFLUENCES, v, u),
            (_KNOWS, u, v),
            (_KNOWS, v, u),
            (_RELATES_TO, u, v),
            (_RELATES_TO, v, u),
        ):
            stated = self._ties.get(_pack(s, t, code))
            if stated is None:
                continue
            if code == _REPORTS_TO:
                found.append((code, None, self.reports_to_weight))
            elif math.isnan(stated):
                found.append((code, None, self.default_strength))
            else:
                found.append((code, stated, stated))
        return found

    # -- views ------------------------------------------------------------------
    def copy(self) -> CompactPeopleGraph:
        """An independent copy: derive slow views from it while the original takes edits."""
        twin = CompactPeopleGraph(
            default_strength=self.default_strength, reports_to_weight=self.reports_to_weight
        )
        twin._ids = self._ids.copy()
        twin._index = self._index.copy()
        twin._labels = array("b", self._labels)
        twin._accounts = self._accounts.copy()
        twin._departments = self._departments.copy()
        twin._ties = self._ties.copy()
        twin._built_pairs = self._built_pairs  # never changed once built
        twin._added_pairs = self._added_pairs.copy()
        twin._edge_u, twin._edge_v = array("q", self._edge_u), array("q", self._edge_v)
        twin._edge_w = array("d", self._edge_w)
        return twin

    def arrays(self) -> PeopleArrays:
        """The graph as it is now, as immutable arrays (see :class:`PeopleArrays`)."""
        labels = np.frombuffer(self._labels, dtype=np.int8).copy()
        slots = np.flatnonzero(labels != _GONE)
        position = np.full(len(labels), -1, dtype=np.int64)
        position[slots] = np.arange(len(slots))
        edge_u = np.frombuffer(self._edge_u, dtype=np.int64)
        edge_v = np.frombuffer(self._edge_v, dtype=np.int64)
        edge_w = np.frombuffer(self._edge_w, dtype=np.float64)
        live = edge_u != _GONE
        ids = tuple(self._ids[i] for i in slots)
        return _walk_arrays(
            ids, slots, labels[slots], position[edge_u[live]], position[edge_v[live]], edge_w[live]
        )

    def scope_ties(self, accounts: Collection[str], types: Collection[str], label: str) -> ScopeTies:
        """The people of ``label`` in ``accounts`` and their ties of ``types``, as an export sees them.

        The same graph :func:`~algorithms.projection.people_graph` (with
        ``types`` and ``label``) builds from an export of those accounts:
        their people, everyone of ``label`` one stored tie away (the export
        reaches them), and the ties of ``types`` with at least one end in
        the accounts.
        """
        code_of = _LABEL_CODE.get(label)
        if code_of is None:
            raise InvalidParameter(f"label must be one of {_LABELS}, got {label!r}")
        wanted = [_TYPE_CODE[t] for t in types if t in _TYPE_CODE]
        names = sorted({a for a in self._accounts if a is not None})
        account_code = {a: i for i, a in enumerate(names)}
        account = np.array(
            [account_code.get(a, -1) if a is not None else -1 for a in self._accounts], np.int64
        )
        labels = np.frombuffer(self._labels, dtype=np.int8)
        chosen = np.array(sorted(account_code[a] for a in set(accounts) if a in account_code), np.int64)
        inside = (labels == code_of) & np.isin(account, chosen)
        keys = np.fromiter(self._ties.keys(), dtype=np.int64, count=len(self._ties))
        stated = np.fromiter(self._ties.values(), dtype=np.float64, count=len(self._ties))
        s, t, code = keys >> (_BITS + 2), (keys >> 2) & _MASK, keys & 3
        people = (labels[s] == code_of) & (labels[t] == code_of)
        touching = people & (inside[s] | inside[t])
        present = inside.copy()
        present[s[touching]] = present[t[touching]] = True
        kept = touching & np.isin(code, wanted)
        weight = np.where(code == _REPORTS_TO, self.reports_to_weight, stated)
        weight = np.where(np.isnan(weight), self.default_strength, weight)
        arcs = [_arcs(s[kept & (code == c)], t[kept & (code == c)], c) for c in range(len(_TYPES))]
        u = np.concatenate([a[0] for per_code in arcs for a in per_code] or [np.zeros(0, np.int64)])
        v = np.concatenate([a[1] for per_code in arcs for a in per_code] or [np.zeros(0, np.int64)])
        w = np.concatenate(
            [weight[kept & (code == c)] for c, per_code in enumerate(arcs) for _ in per_code] or [np.zeros(0)]
        )
        slots = np.flatnonzero(present)
        position = np.full(len(labels), -1, dtype=np.int64)
        position[slots] = np.arange(len(slots))
        u, v = position[u], position[v]
        # Several ties between one ordered pair make one edge, the strongest.
        pair = u << _BITS | v
        order = np.lexsort((-w, pair))
        first = np.ones(len(pair), dtype=bool)
        first[1:] = pair[order][1:] != pair[order][:-1]
        u, v, w = u[order][first], v[order][first], w[order][first]
        ids = tuple(self._ids[i] for i in slots)
        walk = _walk_arrays(ids, slots, labels[slots].copy(), u, v, w)
        return ScopeTies(walk, account[slots], tuple(names), inside[slots], u, v, w)

    def to_networkx(self) -> nx.DiGraph:
        """The graph :func:`~algorithms.projection.people_graph` builds from the same data.

        Nodes carry ``label``, ``accountId`` and ``departments`` (no names or
        other properties: the introductions that walk this graph need none).
        """
        builder = PeopleGraphBuilder(
            default_strength=self.default_strength, reports_to_weight=self.reports_to_weight
        )
        for i, node_id in enumerate(self._ids):
            if self._labels[i] != _GONE:
                builder.add_person(
                    node_id,
                    label=_LABELS[self._labels[i]],
                    name="",
                    account_id=self._accounts[i],
                    departments=self._departments.get(i, ()),
                )
        for key, stated in self._ties.items():
            s, t, code = _unpack(key)
            strength = None if math.isnan(stated) else stated
            builder.add_tie(_TYPES[code], self._ids[s], self._ids[t], strength)
        for _, data in builder.graph.nodes(data=True):
            del data["name"]
        return builder.graph

    def update_networkx(
        self, graph: nx.DiGraph, people: Iterable[str], pairs: Iterable[tuple[str, str]]
    ) -> set[str]:
        """Bring ``graph``, made by :meth:`to_networkx`, up to date after edits.

        ``people`` are those added, removed or changed (account, departments)
        and ``pairs`` the (source, target) of every tie set or removed since
        ``graph`` last matched this graph.  Afterwards ``graph`` equals a
        fresh :meth:`to_networkx`.  Returns everyone whose ties or
        departments may have changed, the removed people's former neighbours
        included (what :meth:`~algorithms.introduction_paths.TieIndex.refresh`
        needs).
        """
        affected: set[str] = set()
        linked: set[tuple[str, str]] = set(pairs)
        for node_id in people:
            affected.add(node_id)
            neighbours = set(graph.succ[node_id]) | set(graph.pred[node_id]) if node_id in graph else set()
            i = self._index.get(node_id)
            if i is None or self._labels[i] == _GONE:
                if node_id in graph:
                    graph.remove_node(node_id)
                affected |= neighbours
                continue
            graph.add_node(
                node_id,
                label=_LABELS[self._labels[i]],
                accountId=self._accounts[i],
                departments=self._departments.get(i, ()),
            )
            # A person removed and added again since: their old edges may be gone.
            linked.update((node_id, other) for other in neighbours)
        for source, target in linked:
            s, t = self._index.get(source), self._index.get(target)
            if s is None or t is None or self._labels[s] == _GONE or self._labels[t] == _GONE:
                continue
            for u, v in ((s, t), (t, s)):
                self._copy_edge(graph, u, v)
            affected.update((source, target))
        return affected

    def _copy_edge(self, graph: nx.DiGraph, u: int, v: int) -> None:
        """Set the networkx edge ``u -> v`` as :class:`PeopleGraphBuilder` would make it."""
        found = self._contributions(u, v)
        source, target = self._ids[u], self._ids[v]
        if not found:
            if graph.has_edge(source, target):
                graph.remove_edge(source, target)
            return
        strengths: dict[str, float | None] = {}
        for code, stated, _ in found:
            known = strengths.get(_TYPES[code])
            if stated is not None and (known is None or stated > known):
                strengths[_TYPES[code]] = stated
            else:
                strengths.setdefault(_TYPES[code], None)
        graph.add_edge(
            source,
            target,
            weight=max(w for _, _, w in found),
            types=frozenset(strengths),
            strengths=strengths,
        )


def _pack(source: int, target: int, code: int) -> int:
    return source << (_BITS + 2) | target << 2 | code


def _unpack(key: int) -> tuple[int, int, int]:
    return key >> (_BITS + 2), (key >> 2) & _MASK, key & 3


def _positions(index: Mapping[str, int], ids: Sequence[str]) -> np.ndarray:
    """The index of each id (-1 for one not in ``index``), looked up at C speed."""
    return np.array(list(map(index.get, ids, itertools.repeat(-1, len(ids)))), dtype=np.int64)


def _floats(values: Sequence[float | None]) -> np.ndarray:
    """Stored strengths as floats, nan for none; a value that is no number reads as none."""
    try:
        return np.array(values, dtype=np.float64)
    except (TypeError, ValueError):
        read = (as_float(v, None) for v in values)
        return np.fromiter((_NO_STRENGTH if v is None else v for v in read), np.float64, count=len(values))


def _arcs(s: _End, t: _End, code: int) -> tuple[tuple[_End, _End], ...]:
    """The ordered pairs whose collapsed edge a stored tie ``s -> t`` of type ``code`` feeds."""
    if code == _REPORTS_TO:
        return ((s, t),)
    if code == _INFLUENCES:
        return ((t, s),)
    return ((s, t), (t, s))


Columns = tuple[
    dict[str, tuple[list[str], list[str | None]]],
    dict[str, tuple[list[str], list[str], list[float | None]]],
]


def export_columns(export: GraphExport) -> Columns:
    """An export's people (ids, accounts per label) and ties (ends, strengths per type) as the
    columns :meth:`CompactPeopleGraph.from_columns` takes (the shape of ``GraphStore.export_columns``)."""
    people: dict[str, tuple[list[str], list[str | None]]] = {label: ([], []) for label in _LABELS}
    for node in export.nodes:
        if node.label in people:
            people[node.label][0].append(node.id)
            people[node.label][1].append(node.account_id)
    edges: dict[str, tuple[list[str], list[str], list[float | None]]] = {}
    for edge in export.edges:
        if edge.type in PEOPLE_TYPES or edge.type == RelType.WORKS_IN.value:
            sources, targets, strengths = edges.setdefault(edge.type, ([], [], []))
            sources.append(edge.source)
            targets.append(edge.target)
            strengths.append(as_float(edge.props.get("strength"), None))
    return people, edges


def _walk_arrays(
    ids: tuple[str, ...], slots: np.ndarray, labels: np.ndarray, u: np.ndarray, v: np.ndarray, w: np.ndarray
) -> PeopleArrays:
    """:class:`PeopleArrays` of the edges ``u -> v`` weighing ``w`` (positions in ``ids``)."""
    n = len(ids)
    out_weight = np.bincount(u, weights=w, minlength=n)
    dangling = out_weight == 0.0
    scale = np.divide(w, out_weight[u], out=np.zeros_like(w), where=out_weight[u] > 0)
    transposed = scipy.sparse.csr_array((scale, (v, u)), shape=(n, n))
    return PeopleArrays(ids, slots, labels, transposed, dangling, np.bincount(v, minlength=n), len(w))


@dataclass(frozen=True, eq=False)
class ScopeTies:
    """Some accounts' people and their ties (see :meth:`CompactPeopleGraph.scope_ties`).

    ``people`` is the weighted digraph, ready for :func:`compact_pagerank`;
    ``account[i]`` is person ``i``'s account as an index into
    ``account_ids`` (-1: none); ``inside[i]`` says whether that account is
    one of the scope's; edge ``k`` goes ``u[k] -> v[k]`` weighing ``w[k]``.
    """

    people: PeopleArrays
    account: np.ndarray
    account_ids: tuple[str, ...]
    inside: np.ndarray
    u: np.ndarray
    v: np.ndarray
    w: np.ndarray

    def account_of(self, i: int) -> str | None:
        code = int(self.account[i])
        return self.account_ids[code] if code >= 0 else None

    def to_networkx(self) -> nx.DiGraph:
        """The same graph as :func:`~algorithms.projection.people_graph` makes (reference algorithms)."""
        graph = nx.DiGraph()
        for i, node_id in enumerate(self.people.ids):
            graph.add_node(node_id, label=_LABELS[self.people.labels[i]], accountId=self.account_of(i))
        ids = self.people.ids
        graph.add_weighted_edges_from(
            (ids[a], ids[b], float(c))
            for a, b, c in zip(self.u.tolist(), self.v.tolist(), self.w.tolist(), strict=True)
        )
        return graph


def compact_pagerank(
    people: PeopleArrays,
    *,
    alpha: float = 0.85,
    tol: float = 1e-6,
    max_iter: int = 1000,
    start: np.ndarray | None = None,
) -> tuple[np.ndarray, int]:
    """PageRank of ``people`` by the power method, and the iterations it took.

    The same walk as :func:`networkx.pagerank` with weights (a dangling
    person's share is spread evenly), stopped by the same rule as
    :func:`algorithms.influence.pagerank.pagerank_values`: once the summed
    absolute change falls below ``tol``, whatever the size of the graph.
    ``start`` (one value per person, in the order of ``people.ids``) seeds
    the iteration: the result of a slightly different graph converges in a
    fraction of the iterations.

    Examples
    --------
    >>> g = CompactPeopleGraph()
    >>> for p in ("a", "b", "boss"):
    ...     g.set_person(p, "Stakeholder", "c1")
    >>> g.set_tie("REPORTS_TO", "a", "boss", None)
    >>> g.set_tie("REPORTS_TO", "b", "boss", None)
    >>> people = g.arrays()
    >>> values, _ = compact_pagerank(people)
    >>> people.ids[int(values.argmax())]
    'boss'
    """
    check_range("alpha", alpha, 0.0, 1.0, low_open=True)
    check_range("tol", tol, 0.0, 1.0, low_open=True)
    n = len(people)
    if n == 0:
        return np.zeros(0), 0
    if start is None or len(start) != n or not start.sum() > 0:
        x = np.full(n, 1.0 / n)
    else:
        x = start / start.sum()
    matrix, dangling = people.transposed, people.dangling
    teleport = (1.0 - alpha) / n
    for iteration in range(1, max_iter + 1):
        previous = x
        x = alpha * (matrix @ previous + previous[dangling].sum() / n) + teleport
        if np.abs(x - previous).sum() < tol:
            return x, iteration
    raise NotConverged(f"PageRank did not converge within {max_iter} iterations")


def top_stakeholders(people: PeopleArrays, values: np.ndarray, top: int) -> list[ScoredNode]:
    """The ``top`` stakeholders by ``values``, ranked as :func:`algorithms.ranking.rank` ranks.

    Each carries the factors :func:`algorithms.influence.pagerank.pagerank`
    gives (the value and the in-degree).  Only a few more than ``top``
    candidates are ranked, so ties at the cut still fall to the smaller id.

    Examples
    --------
    >>> people = CompactPeopleGraph.from_columns(
    ...     {"Stakeholder": (["a", "b", "boss"], ["c1", "c1", "c1"])},
    ...     {"REPORTS_TO": (["a"], ["boss"], None)},
    ... ).arrays()
    >>> [(s.id, s.rank) for s in top_stakeholders(people, compact_pagerank(people)[0], 2)]
    [('boss', 1), ('a', 2)]
    """
    if top < 1:
        return []
    candidates = np.flatnonzero(people.is_stakeholder())
    if len(candidates) > 2 * top + 64:
        best = np.argpartition(-values[candidates], 2 * top + 64)[: 2 * top + 64]
        candidates = candidates[best]
    scores = {people.ids[i]: float(values[i]) for i in candidates}
    degree = {people.ids[i]: float(people.in_degree[i]) for i in candidates}

    def factors(node: str) -> tuple[Factor, ...]:
        return (Factor("pagerank", scores[node]), Factor("inDegree", degree[node]))

    return rank(scores, factors, top)
