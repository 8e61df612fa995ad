"""What the analytics fields delegate to: check arguments, call the service, map."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import strawberry

from algorithms.service import AnalyticsService
from api.graphql.analytics import types
from api.graphql.core import enums
from api.graphql.core.context import Info
from api.graphql.core.errors import BadUserInput
from graph_model.export import ExportScope

MAX_TOP = 100
MAX_HOPS = 6
MAX_COMMUNITY_MEMBERS = 200


def _service(info: Info) -> AnalyticsService:
    service = info.context.analytics
    assert service is not None, "the app lifespan creates the analytics service"
    return service


def _top(top: int, field: str = "top") -> int:
    if not 1 <= top <= MAX_TOP:
        raise BadUserInput(f"{field} must be between 1 and {MAX_TOP}, got {top}", field=field)
    return top


def _scope(scope: types.AnalysisScope) -> ExportScope:
    given = [v for v in (scope.customer_id, scope.industry_id, scope.all) if v not in (None, False)]
    if len(given) != 1:
        raise BadUserInput("give exactly one of customerId, industryId or all: true", field="scope")
    if scope.customer_id is not None:
        return ExportScope.customer(scope.customer_id)
    if scope.industry_id is not None:
        return ExportScope.industry(scope.industry_id)
    return ExportScope.everything()


async def _names(info: Info, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    wanted = list(dict.fromkeys(ids))
    records = await info.context.loaders.node_by_id.load_many(wanted)
    return {i: (r.name, r.label.value) for i, r in zip(wanted, records, strict=True) if r is not None}


async def influencers(
    info: Info, scope: types.AnalysisScope, measure: types.InfluenceMeasure, top: int
) -> list[types.InfluenceResult] | None:
    ranked = await _service(info).influencers(
        _scope(scope), info.context.access, measure=measure.value, top=_top(top)
    )
    return None if ranked is None else [types.InfluenceResult.of(p) for p in ranked]


async def industry_kols(info: Info, industry_id: str, top: int) -> list[types.InfluenceResult] | None:
    ranked = await _service(info).industry_kols(industry_id, info.context.access, top=_top(top))
    return None if ranked is None else [types.InfluenceResult.of(p) for p in ranked]


async def coverage_gaps(info: Info, customer_id: str) -> types.CoverageReport | None:
    report = await _service(info).coverage_gaps(customer_id, info.context.access)
    if report is None:
        return None
    names = await _names(info, (n for g in report.gaps if g.introduction for n in g.introduction.node_ids))
    return types.CoverageReport(
        customer_id=strawberry.ID(report.customer_id),
        score=report.score,
        gaps=[types.CoverageGap.of(g, names) for g in report.gaps],
        factors=[types.Factor.of(f) for f in report.factors],
    )


async def introduction_paths(
    info: Info, target_id: str, from_ids: Sequence[str] | None, max_hops: int, top: int
) -> list[types.IntroductionPath] | None:
    if not 1 <= max_hops <= MAX_HOPS:
        raise BadUserInput(f"maxHops must be between 1 and {MAX_HOPS}, got {max_hops}", field="maxHops")
    paths = await _service(info).introduction_paths(
        target_id, info.context.access, from_ids=from_ids, max_hops=max_hops, top=_top(top)
    )
    if paths is None:
        return None
    names = await _names(info, (n for p in paths for n in p.node_ids))
    return [types.IntroductionPath.of(p, names) for p in paths]


async def buying_committee(
    info: Info, customer_id: str, roles: list[enums.BuyingRole] | None
) -> types.BuyingCommittee | None:
    template = tuple(roles) if roles is not None else info.context.settings.buying_committee_roles
    if not template:
        raise BadUserInput("roles must name at least one buying role", field="roles")
    # Distinct roles of one enum: the list is capped at the enum's size.
    if len(set(template)) != len(template):
        raise BadUserInput("roles must not repeat", field="roles")
    committee = await _service(info).buying_committee(customer_id, info.context.access, template)
    return None if committee is None else types.BuyingCommittee.of(committee)


async def key_person_risk(info: Info, customer_id: str) -> list[types.KeyPersonRisk] | None:
    risks = await _service(info).key_person_risk(customer_id, info.context.access)
    return None if risks is None else [types.KeyPersonRisk.of(r) for r in risks]


async def communities(info: Info, scope: types.AnalysisScope) -> types.Communities | None:
    found = await _service(info).communities(_scope(scope), info.context.access)
    if found is None:
        return None
    names = await _names(info, (m for c in found.communities for m in (*c.central_members, *c.bridges)))
    return types.Communities(
        modularity=found.modularity,
        communities=[
            types.Community.of(c, names, max_members=MAX_COMMUNITY_MEMBERS) for c in found.communities
        ],
    )


async def account_segments(info: Info, top_n: int) -> types.AccountSegments:
    seg = await _service(info).account_segments(info.context.access, top_n=_top(top_n, "topN"))
    c = seg.concentration
    return types.AccountSegments(
        value_bands=[
            types.ValueBandAssignment(
                customer_id=strawberry.ID(b.id),
                name=b.name,
                value=b.value,
                band=b.band,
                percentile=b.percentile,
                rank=b.rank,
                stored_tier=b.stored_tier,
            )
            for b in seg.bands
        ],
        rfm=[
            types.RfmScore(
                customer_id=strawberry.ID(r.id),
                name=r.name,
                recency=r.recency,
                frequency=r.frequency,
                monetary=r.monetary,
                score=r.score,
                code=r.code,
                days_since_purchase=r.days_since_purchase,
            )
            for r in seg.rfm
        ],
        lifecycle=[
            types.StageShare(
                stage=s.stage, count=s.count, share=s.share, revenue=s.revenue, revenue_share=s.revenue_share
            )
            for s in seg.lifecycle
        ],
        concentration=None
        if c is None
        else types.RevenueConcentration(
            total_revenue=c.total_revenue,
            accounts=c.accounts,
            top_n=c.top_n,
            top_share=c.top_share,
            hhi=c.hhi,
            effective_accounts=c.effective_accounts,
            top_customer_ids=[strawberry.ID(i) for i in c.top_accounts],
        ),
    )


async def relationship_health(info: Info, customer_id: str) -> types.RelationshipHealth | None:
    report = await _service(info).relationship_health(customer_id, info.context.access)
    if report is None:
        return None
    return types.RelationshipHealth(
        customer_id=strawberry.ID(report.customer_id),
        score=report.score,
        relationships=[types.RelationshipHealthTie.of(t) for t in report.relationships],
    )
