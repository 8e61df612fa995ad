"""Analytics queries: influencers, KOLs, coverage, paths, risk, segments."""

from __future__ import annotations

import strawberry

from api.graphql.analytics import resolvers as resolve
from api.graphql.analytics.types import (
    AccountSegments,
    AnalysisScope,
    BuyingCommittee,
    Communities,
    CoverageReport,
    InfluenceMeasure,
    InfluenceResult,
    IntroductionPath,
    KeyPersonRisk,
    RelationshipHealth,
)
from api.graphql.core import enums
from api.graphql.core.context import Info


@strawberry.type
class AnalyticsQuery:
    @strawberry.field(
        description="People ranked by influence in a scope, best first. Null when the scope is unknown."
    )
    async def influencers(
        self,
        info: Info,
        scope: AnalysisScope,
        measure: InfluenceMeasure = InfluenceMeasure.COMPOSITE,
        top: int = 10,
    ) -> list[InfluenceResult] | None:
        return await resolve.influencers(info, scope, measure, top)

    @strawberry.field(description="Industry key opinion leaders: influence across the industry's accounts.")
    async def industry_kols(
        self, info: Info, industry_id: strawberry.ID, top: int = 10
    ) -> list[InfluenceResult] | None:
        return await resolve.industry_kols(info, industry_id, top)

    @strawberry.field(
        description="Where our coverage of an account is thin, worst first, with a 0-100 score."
    )
    async def coverage_gaps(self, info: Info, customer_id: strawberry.ID) -> CoverageReport | None:
        return await resolve.coverage_gaps(info, customer_id)

    @strawberry.field(description="The strongest chains of ties from our team members to a stakeholder.")
    async def introduction_paths(
        self,
        info: Info,
        target_id: strawberry.ID,
        from_team_member_ids: list[strawberry.ID] | None = None,
        max_hops: int = 4,
        top: int = 3,
    ) -> list[IntroductionPath] | None:
        return await resolve.introduction_paths(info, target_id, from_team_member_ids, max_hops, top)

    @strawberry.field(description="People whose departure would cut our coverage of an account, worst first.")
    async def key_person_risk(self, info: Info, customer_id: strawberry.ID) -> list[KeyPersonRisk] | None:
        return await resolve.key_person_risk(info, customer_id)

    @strawberry.field(
        description="Per role of a buying-committee template (default decision maker, economic buyer, "
        "technical evaluator, champion, user; RELGRAPH_BUYING_COMMITTEE_ROLES or roles), who fills it, our "
        "strongest tie to them and what is missing. Null when the customer is unknown."
    )
    async def buying_committee(
        self, info: Info, customer_id: strawberry.ID, roles: list[enums.BuyingRole] | None = None
    ) -> BuyingCommittee | None:
        return await resolve.buying_committee(info, customer_id, roles)

    @strawberry.field(description="Communities (Louvain, seeded) of the people in a scope.")
    async def communities(self, info: Info, scope: AnalysisScope) -> Communities | None:
        return await resolve.communities(info, scope)

    @strawberry.field(
        description="Value bands (computed, beside the stored tier), RFM scores, lifecycle distribution and "
        "revenue concentration."
    )
    async def account_segments(self, info: Info, top_n: int = 5) -> AccountSegments:
        return await resolve.account_segments(info, top_n)

    @strawberry.field(description="Health of our relationships with an account's stakeholders.")
    async def relationship_health(self, info: Info, customer_id: strawberry.ID) -> RelationshipHealth | None:
        return await resolve.relationship_health(info, customer_id)
