"""Analytics over the stored graph: export, project, cache, compute off-loop.

The service is the only part of the analytics that touches the store.  It
exports the scope the caller may see, projects it once per graph version
(the cache key carries the version, the scope and the caller's access), and
runs every computation in a bounded pool of worker threads.  Each request
reads the graph version once, on entry, and keys its export, projection and
answer by it: an answer computed before a write that lands mid-request is
filed under the older version, never under the newer one.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

import networkx as nx
import numpy as np

from algorithms.account_alerts import Alert
from algorithms.account_review import AccountReview, review_account
from algorithms.buying_committee import BuyingCommittee, buying_committee
from algorithms.communities import CommunityDetection, communities
from algorithms.compact_graph import PeopleArrays, compact_pagerank, top_stakeholders
from algorithms.coverage_gaps import CoverageReport, coverage_gaps, introducer
from algorithms.coverage_input import AccountCoverage, coverage_input
from algorithms.influence._backend import Backend, backend_for
from algorithms.influence.measures import SCOPE_ACCOUNTS, SEED, in_scope, rank_people
from algorithms.introduction_paths import (
    IntroductionPath,
    TieIndex,
    introduction_paths,
    prepare_introductions,
)
from algorithms.key_person_risk import KeyPersonRisk, key_person_risk
from algorithms.kols import industry_kols, scope_kols
from algorithms.projection import CustomerRecord, customer_records, people_graph
from algorithms.ranking import Factor, ScoredNode
from algorithms.relationship_health import HealthReport, health_report
from algorithms.segmentation import (
    BandAssignment,
    RevenueConcentration,
    RFMScore,
    StageShare,
    lifecycle_distribution,
    revenue_concentration,
    rfm_scores,
    value_bands,
)
from api.analytics.cache import AnalyticsCaches, ProjectionKey, cached
from api.analytics.live import INTRODUCTION_HOPS, Introductions, LiveProjection
from api.analytics.reviews import account_alerts, account_history
from api.analytics.workers import AnalyticsPool, check_affordable
from graph_model.access import AccessScope
from graph_model.analytics_export import ExportedNode, ExportScope, GraphExport, ScopeKind
from graph_model.model import BuyingRole, Label, RelType
from graph_model.store import GraphStore

__all__ = ["AccountSegments", "AnalyticsService", "HealthReport", "RankedPerson"]

T = TypeVar("T")
AccountQuestion = Callable[[AccountCoverage, datetime], T]
Build = Callable[[GraphExport], T]
KOL_TYPES = (RelType.KNOWS.value, RelType.INFLUENCES.value)
MAX_CUSTOMERS = 200_000


@dataclass(frozen=True)
class RankedPerson:
    id: str
    name: str
    label: str
    account_id: str | None
    score: float
    rank: int
    factors: tuple[Factor, ...]


def people_results(graph: nx.DiGraph, scored: list[ScoredNode]) -> list[RankedPerson]:
    nodes = graph.nodes
    return [
        RankedPerson(
            s.id,
            str(nodes[s.id].get("name", "")),
            str(nodes[s.id].get("label", "")),
            nodes[s.id].get("accountId"),
            s.score,
            s.rank,
            s.factors,
        )
        for s in scored
    ]


def scope_accounts(export: GraphExport, scope: ExportScope) -> frozenset[str] | None:
    """The accounts whose people a scope's rankings list (``None``: every account)."""
    if scope.kind is ScopeKind.ALL:
        return None
    if scope.kind is ScopeKind.CUSTOMER:
        return frozenset({str(scope.id)})
    customers = {n.id for n in export.nodes if n.label == Label.CUSTOMER.value}
    return frozenset(
        e.source
        for e in export.edges
        if e.type == RelType.IN_INDUSTRY.value and e.target == scope.id and e.source in customers
    )


@dataclass(frozen=True)
class AccountSegments:
    bands: list[BandAssignment]
    rfm: list[RFMScore]
    lifecycle: list[StageShare]
    concentration: RevenueConcentration | None


class AnalyticsService:
    """Scoped, cached analytics for the API; one per application."""

    def __init__(
        self,
        store: GraphStore,
        *,
        cache_entries: int = 32,
        cache_bytes: int = 512 * 1024 * 1024,
        stale_after_days: float = 90,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        pool: AnalyticsPool | None = None,
        budget_s: float = 30.0,
    ) -> None:
        self._store = store
        caches = AnalyticsCaches.sized(cache_entries, cache_bytes)
        self._exports, self._projections, self._results = caches.exports, caches.projections, caches.results
        self._stale_after_days = stale_after_days
        self._clock = clock
        self.pool = pool or AnalyticsPool()
        self.budget_s = budget_s
        self.live = LiveProjection(store, self.pool)
        # The last global PageRank (values by the projection's person slots):
        # it seeds the next one, which then converges in a few iterations.
        self._last_pagerank: tuple[np.ndarray, np.ndarray] | None = None

    def close(self) -> None:
        self.live.close()
        self.pool.close()

    # -- plumbing ---------------------------------------------------------------
    async def _export(self, scope: ExportScope, access: AccessScope, version: int) -> GraphExport:
        # Tagged with the version read before the export: if a write landed in
        # between, the next request sees a newer version and re-exports.
        key = ProjectionKey.of(scope, types=(), version=version, access=access, kind="export")
        return await cached(self._exports, key, lambda: self._store.export_scope(scope, access))

    async def _projected(
        self, scope: ExportScope, access: AccessScope, kind: str, build: Build[T], version: int
    ) -> T:
        key = ProjectionKey.of(scope, types=(), version=version, access=access, kind=kind)
        cached = self._projections.get(key)
        if cached is not None:
            return cached  # type: ignore[no-any-return]
        export = await self._export(scope, access, version)
        return await self.pool.run(self._projections.get_or_build, key, lambda: build(export))

    async def _remember(
        self,
        scope: ExportScope,
        access: AccessScope,
        kind: str,
        options: tuple[Any, ...],
        compute: Callable[[], Awaitable[T]],
        version: int,
    ) -> T:
        """Answer an unchanged question on an unchanged graph from memory.

        Keyed like projections (version, scope, access) plus the arguments and
        the day, since staleness and recency are judged against today.
        """
        day = self._clock().date().isoformat()
        key = ProjectionKey.of(
            scope, types=(), version=version, access=access, kind=kind, options=(*options, day)
        )
        return await cached(self._results, key, compute)

    async def _visible(self, node_id: str, access: AccessScope, label: Label) -> bool:
        node = await self._store.get_node(node_id, access)
        return node is not None and node.label is label

    @staticmethod
    def _people(scope: ExportScope) -> Callable[[GraphExport], nx.DiGraph]:
        def build(export: GraphExport) -> nx.DiGraph:
            graph = people_graph(export)
            graph.graph[SCOPE_ACCOUNTS] = scope_accounts(export, scope)
            return graph

        return build

    # -- influence ---------------------------------------------------------------
    async def influencers(
        self, scope: ExportScope, access: AccessScope, *, measure: str = "COMPOSITE", top: int = 10
    ) -> list[RankedPerson] | None:
        """Stakeholders of a scope ranked by one influence measure, best first."""
        version = await self._store.version()
        if not await self._scope_exists(scope, access):
            return None
        if scope.kind is ScopeKind.ALL and measure == "PAGERANK" and access.sees_all:
            return await self._global_pagerank(access, top, version)

        async def compute() -> list[RankedPerson]:
            graph = await self._projected(scope, access, "people", self._people(scope), version)
            if graph.number_of_nodes() == 0:
                return []
            check_affordable(measure, graph.number_of_nodes(), graph.number_of_edges(), self.budget_s)
            scored = await self.pool.run(lambda: rank_people(graph, measure, top))
            return people_results(graph, scored)

        return await self._remember(scope, access, "influencers", (measure, top), compute, version)

    async def _global_pagerank(self, access: AccessScope, top: int, version: int) -> list[RankedPerson]:
        """PageRank over everyone, from the live projection (for callers who see everything)."""
        revision, people = await self.live.arrays(version)

        async def compute() -> list[RankedPerson]:
            scored = await self.pool.run(self._ranked_by_pagerank, people, top)
            # Names are not part of the projection: read for the few listed.
            return await self._named(scored, access)

        everything = ExportScope.everything()
        return await self._remember(everything, access, "influencers", ("PAGERANK", top), compute, revision)

    def _ranked_by_pagerank(self, people: PeopleArrays, top: int) -> list[ScoredNode]:
        start = None
        if self._last_pagerank is not None:
            slots, values = self._last_pagerank
            by_slot = np.zeros(max(int(people.slots.max(initial=0)), int(slots.max(initial=0))) + 1)
            by_slot[slots] = values
            start = by_slot[people.slots]
        values, _ = compact_pagerank(people, start=start)
        self._last_pagerank = (people.slots, values)
        return top_stakeholders(people, values, top)

    async def industry_kols(
        self, industry_id: str, access: AccessScope, *, top: int = 10
    ) -> list[RankedPerson] | None:
        """People whose ties reach across the accounts of an industry."""
        version = await self._store.version()
        if not await self._visible(industry_id, access, Label.INDUSTRY):
            return None
        scope = ExportScope.industry(industry_id)
        if access.sees_all:
            return await self._live_kols(scope, access, top, version)

        def build(export: GraphExport) -> nx.DiGraph:
            graph = people_graph(export, types=KOL_TYPES, labels=(Label.STAKEHOLDER.value,))
            graph.graph[SCOPE_ACCOUNTS] = scope_accounts(export, scope)
            return graph

        async def compute() -> list[RankedPerson]:
            graph = await self._projected(scope, access, "kol", build, version)
            if graph.number_of_nodes() == 0:
                return []
            backend: Backend = backend_for(graph.number_of_nodes())
            scored = await self.pool.run(lambda: in_scope(graph, industry_kols(graph, backend=backend), top))
            return people_results(graph, scored)

        return await self._remember(scope, access, "kols", (top,), compute, version)

    async def _live_kols(
        self, scope: ExportScope, access: AccessScope, top: int, version: int
    ) -> list[RankedPerson]:
        """An industry's KOLs from the live projection (for callers who see everything).

        The same answer as ranking a projection of the industry's export,
        without the export: the industry's people are taken from the
        projection as of the request's version.
        """

        async def compute() -> list[RankedPerson]:
            accounts = await self._store.scope_accounts(scope) or []
            people = await self.live.scope_ties(version, accounts, KOL_TYPES, Label.STAKEHOLDER)
            scored = await self.pool.run(lambda: scope_kols(people, top))
            return await self._named(scored, access)

        return await self._remember(scope, access, "kols", (top,), compute, version)

    async def _named(self, scored: list[ScoredNode], access: AccessScope) -> list[RankedPerson]:
        """Ranked people with their names and accounts, read for the few listed."""
        nodes = await self._store.get_nodes([s.id for s in scored], access)
        return [
            RankedPerson(s.id, node.name, node.label.value, node.account_id, s.score, s.rank, s.factors)
            for s in scored
            if (node := nodes.get(s.id)) is not None
        ]

    @contextlib.asynccontextmanager
    async def _introductions(self, access: AccessScope, version: int) -> AsyncIterator[Introductions]:
        """The graph introductions walk (everyone the caller may see) and its tie index.

        The index remembers each person's ties once read, and one search
        from our whole team guides every later search (a coverage review
        asks for dozens of people at once).  Callers who see everything share
        the live projection's, lent for the block (see
        :meth:`LiveProjection.introductions`); others get one built from
        their own export, kept per graph version.
        """
        if access.sees_all:
            async with self.live.introductions(version) as walk:
                yield walk
            return
        everyone = ExportScope.everything()
        people = await self._projected(everyone, access, "people", self._people(everyone), version)
        key = ProjectionKey.of(everyone, types=(), version=version, access=access, kind="introductions")

        def prepare() -> TieIndex:
            return prepare_introductions(people, max_hops=INTRODUCTION_HOPS)

        ties: TieIndex = await self.pool.run(self._projections.get_or_build, key, prepare)
        yield Introductions(people, ties)

    # -- account coverage -----------------------------------------------------------
    async def _coverage(self, customer_id: str, access: AccessScope, version: int) -> AccountCoverage | None:
        if not await self._visible(customer_id, access, Label.CUSTOMER):
            return None
        scope, build = ExportScope.customer(customer_id), lambda e: coverage_input(e, customer_id)
        return await self._projected(scope, access, "coverage", build, version)

    async def coverage_gaps(self, customer_id: str, access: AccessScope) -> CoverageReport | None:
        return await self._coverage_gaps(customer_id, access, await self._store.version())

    async def _coverage_gaps(
        self, customer_id: str, access: AccessScope, version: int
    ) -> CoverageReport | None:
        if await self._coverage(customer_id, access, version) is None:
            return None
        stale = self._stale_after_days
        # The graph introductionPaths walks: a gap suggests the chain it puts first.
        async with self._introductions(access, version) as walk:
            intro = introducer(walk.people, INTRODUCTION_HOPS, walk.ties)

            def ask(coverage: AccountCoverage, now: datetime) -> CoverageReport:
                return coverage_gaps(coverage, now=now, stale_after_days=stale, introductions=intro)

            return await self.about_account(customer_id, access, "gaps", (), ask, version)

    async def account_review(self, customer_id: str, since: str, access: AccessScope) -> AccountReview | None:
        """The account as it was at ``since`` against now (see :func:`review_account`).

        "Now" is the account's coverage analysis that ``coverageGaps``
        answers with at the same version; "then" is rebuilt from the log.
        """
        version = await self._store.version()
        today = await self._coverage(customer_id, access, version)
        if today is None:
            return None
        now, stale = self._clock(), self._stale_after_days

        async def compute() -> AccountReview:
            present = await self._export(ExportScope.customer(customer_id), access, version)
            history = await account_history(self._store, customer_id, since, access, present)
            coverage_now = await self._coverage_gaps(customer_id, access, version)

            def review() -> AccountReview:
                return review_account(
                    customer_id,
                    since,
                    present,
                    history,
                    now=now,
                    stale_after_days=stale,
                    today=today,
                    coverage_now=coverage_now,
                )

            return await self.pool.run(review)

        scope = ExportScope.customer(customer_id)
        return await self._remember(scope, access, "review", (since,), compute, version)

    async def account_alerts(
        self, access: AccessScope, *, customer_id: str | None, since: str
    ) -> list[Alert]:
        """Alerts since ``since`` (see :func:`api.analytics.reviews.account_alerts`)."""

        async def review() -> AccountReview | None:
            assert customer_id is not None
            return await self.account_review(customer_id, since, access)

        return await account_alerts(
            self._store,
            access,
            customer_id=customer_id,
            since=since,
            stale_after_days=self._stale_after_days,
            review=review if customer_id is not None else None,
        )

    async def key_person_risk(self, customer_id: str, access: AccessScope) -> list[KeyPersonRisk] | None:
        return await self.about_account(
            customer_id, access, "risk", (), lambda c, t: key_person_risk(c, now=t)
        )

    async def buying_committee(
        self, customer_id: str, access: AccessScope, roles: tuple[BuyingRole, ...]
    ) -> BuyingCommittee | None:
        ask: AccountQuestion[BuyingCommittee] = lambda c, t: buying_committee(c, roles=roles, now=t)  # noqa: E731
        return await self.about_account(customer_id, access, "committee", roles, ask)

    async def relationship_health(self, customer_id: str, access: AccessScope) -> HealthReport | None:
        return await self.about_account(
            customer_id, access, "health", (), lambda c, t: health_report(c, now=t)
        )

    async def about_account(
        self,
        customer_id: str,
        access: AccessScope,
        kind: str,
        options: tuple[Any, ...],
        ask: AccountQuestion[T],
        version: int | None = None,
    ) -> T | None:
        """``ask(account, now)`` off the loop, remembered per graph version, access and day."""
        version = await self._store.version() if version is None else version
        coverage = await self._coverage(customer_id, access, version)
        if coverage is None:
            return None
        now = self._clock()

        async def compute() -> T:
            return await self.pool.run(lambda: ask(coverage, now))

        return await self._remember(
            ExportScope.customer(customer_id), access, kind, options, compute, version
        )

    # -- paths and groups -------------------------------------------------------------
    async def introduction_paths(
        self,
        target_id: str,
        access: AccessScope,
        *,
        from_ids: Sequence[str] | None = None,
        max_hops: int = 4,
        top: int = 3,
    ) -> list[IntroductionPath] | None:
        """The strongest chains from our team to a stakeholder, strongest first."""
        version = await self._store.version()
        if not await self._visible(target_id, access, Label.STAKEHOLDER):
            return None
        async with self._introductions(access, version) as walk:
            graph, ties = walk.people, walk.ties
            # Chains start at our own people: a stakeholder (or any other id)
            # named as a source is ignored like an unknown one.
            team = Label.TEAM_MEMBER.value
            sources = (
                [s for s in from_ids if s in graph and graph.nodes[s].get("label") == team]
                if from_ids is not None
                else None
            )
            if sources == []:
                return []

            async def compute() -> list[IntroductionPath]:
                return await self.pool.run(
                    lambda: introduction_paths(
                        graph, target_id, sources=sources, k=top, max_hops=max_hops, ties=ties
                    )
                )

            options = (target_id, tuple(sources or ()), max_hops, top)
            return await self._remember(ExportScope.everything(), access, "paths", options, compute, version)

    async def communities(self, scope: ExportScope, access: AccessScope) -> CommunityDetection | None:
        version = await self._store.version()
        if not await self._scope_exists(scope, access):
            return None

        async def compute() -> CommunityDetection:
            graph = await self._projected(scope, access, "people", self._people(scope), version)
            accounts = graph.graph.get(SCOPE_ACCOUNTS)
            return await self.pool.run(lambda: communities(graph, seed=SEED, accounts=accounts))

        return await self._remember(scope, access, "communities", (), compute, version)

    async def account_segments(self, access: AccessScope, *, top_n: int = 5) -> AccountSegments:
        version = await self._store.version()
        everything = ExportScope.everything()
        key = ProjectionKey.of(everything, types=(), version=version, access=access, kind="customers")
        records: list[CustomerRecord] | None = self._projections.get(key)
        if records is None:
            customers, _ = await self._store.list_nodes(Label.CUSTOMER, access, limit=MAX_CUSTOMERS)
            rows = [ExportedNode(c.id, c.label.value, c.name, c.account_id, c.properties) for c in customers]
            export = GraphExport(rows, [], version)
            build = self._projections.get_or_build
            records = await self.pool.run(build, key, lambda: customer_records(export))
        assert records is not None
        now = self._clock()

        def compute() -> AccountSegments:
            concentration = revenue_concentration(records, top_n=top_n) if records else None
            return AccountSegments(
                value_bands(records),
                rfm_scores(records, now=now),
                lifecycle_distribution(records),
                concentration,
            )

        return await self.pool.run(compute)

    async def _scope_exists(self, scope: ExportScope, access: AccessScope) -> bool:
        if scope.kind is ScopeKind.ALL:
            return True
        label = Label.CUSTOMER if scope.kind is ScopeKind.CUSTOMER else Label.INDUSTRY
        return await self._visible(str(scope.id), access, label)
