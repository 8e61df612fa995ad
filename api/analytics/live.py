"""The one long-lived projection of the whole people graph, kept current from the change log.

It is built once, from a whole-graph read of the people and their ties
(``GraphStore.export_columns``), on first use; after that each
request brings it up to the graph version it read by applying the change
log's entries since (``GraphStore.changes_after``), never by exporting the
graph again.  Only what the algorithms need is kept (ids, labels, accounts,
departments, tie strengths: :class:`~algorithms.compact_graph.CompactPeopleGraph`),
and what is derived from it (the arrays for PageRank, the networkx graph
introductions walk) is derived once per *revision*: the last version that
changed the people graph.  A write elsewhere (an account's revenue, a
stakeholder's title) moves the graph version but not the revision, so
answers keyed by the revision stay valid.

Some writes move many people at once (a department moved to another
account, a customer or department deleted); rather than chase them, the
projection is rebuilt from a fresh read, as it is when the log no longer
reaches back to it or when more entries wait than a rebuild would cost.
Data written straight into the database by another tool moves no version
and is seen at the next rebuild (at the latest, the next start).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

import networkx as nx

from algorithms.compact_graph import CompactPeopleGraph, PeopleArrays
from algorithms.introduction_paths import TieIndex, prepare_introductions
from algorithms.projection import PEOPLE_LABELS, PEOPLE_TYPES
from api.analytics.workers import AnalyticsPool
from graph_model.changes import Change, ChangeKind, ChangeOp
from graph_model.model import Label, RelType
from graph_model.store import GraphStore

T = TypeVar("T")

# The longest chain a suggested introduction has (introductionPaths' default).
INTRODUCTION_HOPS = 4
# Entries read from the log per statement while catching up.
CATCH_UP_BATCH = 5_000
# More entries than this waiting: a fresh export is cheaper than replaying them.
REBUILD_AFTER = 200_000
# Writes that can move the accounts of many people at once.
_STRUCTURE_TYPES = frozenset({RelType.HAS_DEPARTMENT.value, RelType.PART_OF.value})
_STRUCTURE_LABELS = frozenset({Label.CUSTOMER.value, Label.DEPARTMENT.value})
# Writes that can move one person to another account.
_MEMBERSHIP_TYPES = frozenset({RelType.WORKS_IN.value, RelType.BELONGS_TO.value})
# What a build reads: people, their ties, and the departments they work in.
_PEOPLE = (Label.STAKEHOLDER, Label.TEAM_MEMBER)
_READ_TYPES = (RelType.REPORTS_TO, RelType.INFLUENCES, RelType.KNOWS, RelType.RELATES_TO, RelType.WORKS_IN)


class _Rebuild(Exception):
    """The log cannot bring the projection up to date: export the graph again."""


@dataclass(frozen=True)
class Introductions:
    """The people graph introductions walk, and its tie index prepared for our whole team."""

    revision: int
    people: nx.DiGraph
    ties: TieIndex


@dataclass
class LiveStats:
    builds: int = 0
    changes_applied: int = 0
    seq: int = -1
    revision: int = -1


class LiveProjection:
    """The whole people graph, as of the newest version a request has asked for."""

    def __init__(self, store: GraphStore, pool: AnalyticsPool) -> None:
        self._store = store
        self._pool = pool
        self._lock = asyncio.Lock()
        self._graph: CompactPeopleGraph | None = None
        self._arrays: tuple[int, PeopleArrays] | None = None
        self._introductions: Introductions | None = None
        self._introducing: tuple[int, asyncio.Future[Introductions]] | None = None
        self.stats = LiveStats()

    async def arrays(self, version: int) -> tuple[int, PeopleArrays]:
        """(revision, arrays) of the people graph as of ``version``."""
        async with self._lock:
            graph = await self._caught_up(version)
            revision = self.stats.revision
            if self._arrays is None or self._arrays[0] != revision:
                # The graph only changes under this lock, so a worker may read it.
                self._arrays = (revision, await self._pool.run(graph.arrays))
            return self._arrays

    async def introductions(self, version: int) -> Introductions:
        """The graph introductions walk and its prepared tie index, as of ``version``.

        Building them reads every person's ties (seconds at 100k people), so
        they are built once per revision, from a copy taken under the lock:
        catching up and the PageRank path go on meanwhile, and concurrent
        requests for the same revision share one build.
        """
        async with self._lock:
            graph = await self._caught_up(version)
            revision = self.stats.revision
            held = self._introductions
            if held is not None and held.revision == revision:
                return held
            building = self._introducing
            if building is None or building[0] != revision or _failed(building[1]):
                copy = await self._pool.run(graph.copy)
                building = (revision, asyncio.ensure_future(self._introduce(copy, revision)))
                self._introducing = building
        # Shielded: a request that gives up does not cancel the build others wait for.
        return await asyncio.shield(building[1])

    def close(self) -> None:
        if self._introducing is not None:
            self._introducing[1].cancel()

    async def _introduce(self, copy: CompactPeopleGraph, revision: int) -> Introductions:
        people = await self._pool.run(lambda: nx.freeze(copy.to_networkx()))
        ties = await self._pool.run(lambda: prepare_introductions(people, max_hops=INTRODUCTION_HOPS))
        built = Introductions(revision, people, ties)
        if self._introductions is None or self._introductions.revision < revision:
            self._introductions = built
        return built

    async def _caught_up(self, version: int) -> CompactPeopleGraph:
        if self._graph is None or version - self.stats.seq > REBUILD_AFTER:
            await self._rebuild()
        try:
            await self._catch_up(version)
        except _Rebuild:
            await self._rebuild()
            await self._catch_up(version)
        assert self._graph is not None
        return self._graph

    async def _rebuild(self) -> None:
        self._graph = None
        columns = await self._store.export_columns(_PEOPLE, _READ_TYPES)
        self._graph = await self._pool.run(CompactPeopleGraph.from_columns, columns.nodes, columns.edges)
        self.stats.builds += 1
        self.stats.seq = self.stats.revision = columns.version

    async def _catch_up(self, version: int) -> None:
        assert self._graph is not None
        while self.stats.seq < version:
            changes = await self._store.changes_after(self.stats.seq, up_to=version, limit=CATCH_UP_BATCH)
            if not changes:
                # Nothing logged up to there (writes that changed nothing leave no entry).
                self.stats.seq = version
                return
            if changes[0].seq > self.stats.seq + 1:
                raise _Rebuild  # the log was pruned past the projection
            moved = apply_changes(self._graph, changes)
            if moved is None:
                raise _Rebuild
            touched, changed = moved
            if touched:
                await self._refresh_accounts(touched)
            self.stats.changes_applied += len(changes)
            self.stats.seq = changes[-1].seq
            if changed or touched:
                self.stats.revision = self.stats.seq

    async def _refresh_accounts(self, ids: Iterable[str]) -> None:
        """Read the current account of people whose membership a write may have moved."""
        assert self._graph is not None
        for node_id, node in (await self._store.get_nodes(sorted(ids))).items():
            if node.label.value in PEOPLE_LABELS:
                self._graph.set_person(node_id, node.label.value, node.account_id)


def _failed(build: asyncio.Future[Introductions]) -> bool:
    return build.done() and (build.cancelled() or build.exception() is not None)


def apply_changes(graph: CompactPeopleGraph, changes: Iterable[Change]) -> tuple[set[str], bool] | None:
    """Apply log entries in order; ``None`` when one of them needs a rebuild.

    Returns the people whose account must be read again, and whether the
    people graph changed otherwise.
    """
    touched: set[str] = set()
    changed = False
    for change in changes:
        if change.kind is ChangeKind.NODE:
            node_id = change.ids[0]
            if change.name in _STRUCTURE_LABELS and change.op is ChangeOp.DELETED:
                return None
            if change.name not in PEOPLE_LABELS:
                continue
            if change.op is ChangeOp.DELETED:
                graph.remove_person(node_id)
                touched.discard(node_id)
                changed = True
            elif change.op is ChangeOp.CREATED:
                graph.set_person(node_id, change.name, change.accounts[0] if change.accounts else None)
                touched.add(node_id)
            continue
        source, target = change.ids[0], change.ids[1]
        if change.name in _STRUCTURE_TYPES:
            return None
        if change.name in _MEMBERSHIP_TYPES:
            if change.name == RelType.WORKS_IN.value and source in graph:
                departments = set(graph.departments(source))
                if change.op is ChangeOp.DELETED:
                    departments.discard(target)
                else:
                    departments.add(target)
                graph.set_departments(source, departments)
                changed = True
            touched.add(source)
        elif change.name in PEOPLE_TYPES:
            if change.op is ChangeOp.DELETED:
                graph.remove_tie(change.name, source, target)
            elif change.op is ChangeOp.CREATED or "strength" in change.after or "strength" in change.before:
                strength = change.after.get("strength")
                graph.set_tie(change.name, source, target, None if strength is None else float(strength))
            else:
                continue
            changed = True
    return touched, changed
