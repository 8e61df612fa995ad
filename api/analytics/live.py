"""The one long-lived projection of the whole people graph, kept current from the change log.

It is built once, from a whole-graph read of the people and their ties
(``GraphStore.export_columns``), on first use; after that each
request brings it up to the graph version it read by applying the change
log's entries since (``GraphStore.changes_after``), never by exporting the
graph again.  Only what the algorithms need is kept (ids, labels, accounts,
departments, tie strengths: :class:`~algorithms.compact_graph.CompactPeopleGraph`).
The arrays PageRank needs are derived from it once per *revision*: the
last version that changed the people graph.  A write elsewhere (an
account's revenue, a stakeholder's title) moves the graph version but not
the revision, so answers keyed by the revision stay valid.  The graph
introductions walk (networkx, with its tie index and the guidance from our
whole team) is built once, off the lock, and from then on changed in place
by the same entries, around the people they touch: a tie written to one
account costs a search of that tie's neighbourhood, not a new walk.

Some writes move many people at once (a department moved to another
account, a customer or department deleted); rather than chase them, the
projection is rebuilt from a fresh read, as it is when the log no longer
reaches back to it or when more entries wait than a rebuild would cost.
Data written straight into the database by another tool moves no version
and is seen at the next rebuild (at the latest, the next start).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Collection, Iterable
from dataclasses import dataclass, field

import networkx as nx

from algorithms.compact_graph import CompactPeopleGraph, PeopleArrays, ScopeTies
from algorithms.introduction_paths import TieIndex, prepare_introductions
from algorithms.projection import PEOPLE_LABELS, PEOPLE_TYPES
from api.analytics.workers import AnalyticsPool
from graph_model.changes import Change, ChangeKind, ChangeOp
from graph_model.gc_pauses import keep_out_of_collections
from graph_model.model import Label, RelType
from graph_model.store import GraphStore

logger = logging.getLogger(__name__)

# The longest chain a suggested introduction has (introductionPaths' default).
INTRODUCTION_HOPS = 4
# Up to this many people the introductions walk is built at start-up; a
# larger graph builds it when it is first asked for (it holds every tie).
WARM_WALK_PEOPLE = 250_000
# How long after the projection the start-up build of the walk waits.
WARM_WALK_AFTER_S = 5.0
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

    people: nx.DiGraph
    ties: TieIndex


@dataclass
class LiveStats:
    builds: int = 0
    walk_builds: int = 0
    changes_applied: int = 0
    seq: int = -1
    revision: int = -1


@dataclass
class Applied:
    """What a run of log entries changed in the people graph."""

    accounts: set[str] = field(default_factory=set)  # people whose account must be read again
    people: set[str] = field(default_factory=set)  # added, removed or moved to other departments
    pairs: set[tuple[str, str]] = field(default_factory=set)  # (source, target) of ties set or removed

    @property
    def changed(self) -> bool:
        return bool(self.accounts or self.people or self.pairs)

    def merge(self, other: Applied) -> None:
        self.accounts |= other.accounts
        self.people |= other.people
        self.pairs |= other.pairs


class LiveProjection:
    """The whole people graph, as of the newest version a request has asked for."""

    def __init__(self, store: GraphStore, pool: AnalyticsPool) -> None:
        self._store = store
        self._pool = pool
        self._lock = asyncio.Lock()
        self._graph: CompactPeopleGraph | None = None
        self._arrays: tuple[int, PeopleArrays] | None = None
        # The walk, once built, changes in place under the lock.  While one
        # is built (off the lock, from a copy) the entries applied meanwhile
        # are gathered in ``_missed`` and put into it before it is used.
        self._walk: Introductions | None = None
        self._walk_build: asyncio.Future[None] | None = None
        self._missed = Applied()
        # Bumped by every rebuild: a walk built from an older graph is dropped.
        self._generation = 0
        # Set once the start-up build (warm_up) is over, built or not.
        self.warmed = asyncio.Event()
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

    async def warm_up(self, *, walk_after_s: float = WARM_WALK_AFTER_S) -> None:
        """Build the projection, its arrays and (for graphs up to ``WARM_WALK_PEOPLE``) the walk.

        Run once in the background at start-up, so that the first questions
        find them built; a failure is logged and the first use tries again.
        """
        try:
            version = await self._store.version()
            _, arrays = await self.arrays(version)
            if len(arrays) <= WARM_WALK_PEOPLE:
                # Seconds of pure Python: the first questions after a start,
                # answered from the arrays, go first (a question that needs
                # the walk before then starts its build at once).
                await asyncio.sleep(walk_after_s)
                async with self.introductions(await self._store.version()):
                    pass
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception("building the analytics projection at start-up failed; first use retries")
        finally:
            self.warmed.set()

    async def scope_ties(
        self, version: int, accounts: Collection[str], types: Collection[str], label: Label
    ) -> ScopeTies:
        """Some accounts' people and their ties as of ``version`` (see ``CompactPeopleGraph.scope_ties``)."""
        async with self._lock:
            graph = await self._caught_up(version)
            return await self._pool.run(graph.scope_ties, accounts, types, label.value)

    @contextlib.asynccontextmanager
    async def introductions(self, version: int) -> AsyncIterator[Introductions]:
        """The graph introductions walk as of ``version``, for the length of the block.

        The walk changes in place, so it is lent under the lock: use it
        inside the block only.  The first use builds it (seconds at 100k
        people) from a copy taken under the lock, and the lock is let go
        meanwhile: catching up and the PageRank path go on, and concurrent
        requests share the one build.
        """
        await self._lock.acquire()
        held = True
        try:
            while True:
                graph = await self._caught_up(version)
                if self._walk is not None:
                    break
                build = await self._started_walk(graph)
                self._lock.release()
                held = False
                # Shielded: a request that gives up does not cancel the build others wait for.
                await asyncio.shield(build)
                await self._lock.acquire()
                held = True
            yield self._walk
        finally:
            if held:
                self._lock.release()

    def close(self) -> None:
        if self._walk_build is not None:
            self._walk_build.cancel()

    async def _started_walk(self, graph: CompactPeopleGraph) -> asyncio.Future[None]:
        build = self._walk_build
        if build is None or _failed(build):
            copy = await self._pool.run(graph.copy)
            self._missed = Applied()
            build = self._walk_build = asyncio.ensure_future(self._build_walk(copy, self._generation))
        return build

    async def _build_walk(self, copy: CompactPeopleGraph, generation: int) -> None:
        people = await self._pool.run(copy.to_networkx)
        ties = await self._pool.run(lambda: prepare_introductions(people, max_hops=INTRODUCTION_HOPS))
        async with self._lock:
            if generation != self._generation:
                return  # the graph was read afresh meanwhile; the next use builds again
            walk = Introductions(people, ties)
            await self._pool.run(self._bring_walk_up, walk, self._missed)
            self._walk, self._walk_build, self._missed = walk, None, Applied()
            keep_out_of_collections()
            self.stats.walk_builds += 1

    def _bring_walk_up(self, walk: Introductions, applied: Applied) -> None:
        assert self._graph is not None
        affected = self._graph.update_networkx(walk.people, applied.people | applied.accounts, applied.pairs)
        walk.ties.refresh(affected)

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
        self._walk, self._walk_build, self._generation = None, None, self._generation + 1
        columns = await self._store.export_columns(_PEOPLE, _READ_TYPES)
        self._graph = await self._pool.run(CompactPeopleGraph.from_columns, columns.nodes, columns.edges)
        keep_out_of_collections()
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
            applied = apply_changes(self._graph, changes)
            if applied is None:
                raise _Rebuild
            if applied.accounts:
                await self._refresh_accounts(applied.accounts)
            if self._walk is not None and applied.changed:
                await self._pool.run(self._bring_walk_up, self._walk, applied)
            elif self._walk_build is not None:
                self._missed.merge(applied)
            self.stats.changes_applied += len(changes)
            self.stats.seq = changes[-1].seq
            if applied.changed:
                self.stats.revision = self.stats.seq

    async def _refresh_accounts(self, ids: Iterable[str]) -> None:
        """Read the current account of people whose membership a write may have moved."""
        assert self._graph is not None
        for node_id, node in (await self._store.get_nodes(sorted(ids))).items():
            if node.label.value in PEOPLE_LABELS:
                self._graph.set_person(node_id, node.label.value, node.account_id)


def _failed(build: asyncio.Future[None]) -> bool:
    return build.done() and (build.cancelled() or build.exception() is not None)


def apply_changes(graph: CompactPeopleGraph, changes: Iterable[Change]) -> Applied | None:
    """Apply log entries in order; ``None`` when one of them needs a rebuild."""
    applied = Applied()
    for change in changes:
        if change.kind is ChangeKind.NODE:
            node_id = change.ids[0]
            if change.name in _STRUCTURE_LABELS and change.op is ChangeOp.DELETED:
                return None
            if change.name not in PEOPLE_LABELS:
                continue
            if change.op is ChangeOp.DELETED:
                graph.remove_person(node_id)
                applied.accounts.discard(node_id)
                applied.people.add(node_id)
            elif change.op is ChangeOp.CREATED:
                graph.set_person(node_id, change.name, change.accounts[0] if change.accounts else None)
                applied.accounts.add(node_id)
                applied.people.add(node_id)
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
                applied.people.add(source)
            applied.accounts.add(source)
        elif change.name in PEOPLE_TYPES:
            if change.op is ChangeOp.DELETED:
                graph.remove_tie(change.name, source, target)
            elif change.op is ChangeOp.CREATED or "strength" in change.after or "strength" in change.before:
                strength = change.after.get("strength")
                graph.set_tie(change.name, source, target, None if strength is None else float(strength))
            else:
                continue
            applied.pairs.add((source, target))
    return applied
