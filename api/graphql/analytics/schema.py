"""Analytics queries: influencers, KOLs, coverage, paths, risk, segments.

Every field is nullable: one that fails (NOT_FOUND for an id argument,
BAD_USER_INPUT, a busy analytics pool) answers null with its error and
leaves its siblings' answers alone.
"""

from __future__ import annotations

import strawberry

from algorithms.buying_committee import BuyingCommittee
from algorithms.communities import CommunityDetection
from algorithms.coverage_gaps import CoverageReport
from algorithms.introduction_paths import IntroductionPath
from algorithms.key_person_risk import KeyPersonRisk
from algorithms.relationship_health import HealthReport
from api.analytics.service import AccountSegments, RankedPerson
from api.graphql.analytics import resolvers as resolve
from api.graphql.analytics import types
from api.graphql.analytics.types import AnalysisScope, InfluenceMeasure
from api.graphql.core import enums
from api.graphql.core.context import Info
from api.graphql.core.results import list_of, maybe

NOT_FOUND = "NOT_FOUND when {} names no {} you may see."


@strawberry.type
class AnalyticsQuery:
    @strawberry.field(
        description="People ranked by influence in a scope, best first. "
        + NOT_FOUND.format("scope.customerId or scope.industryId", "account or industry"),
        graphql_type=maybe(list_of(types.InfluenceResultType)),
    )
    async def influencers(
        self,
        info: Info,
        scope: AnalysisScope,
        measure: InfluenceMeasure = InfluenceMeasure.COMPOSITE,
        top: int = 10,
    ) -> list[RankedPerson]:
        return await resolve.influencers(info, scope, measure, top)

    @strawberry.field(
        description="Industry key opinion leaders: influence across the industry's accounts. "
        + NOT_FOUND.format("industryId", "industry"),
        graphql_type=maybe(list_of(types.InfluenceResultType)),
    )
    async def industry_kols(
        self, info: Info, industry_id: strawberry.ID, top: int = 10
    ) -> list[RankedPerson]:
        return await resolve.industry_kols(info, industry_id, top)

    @strawberry.field(
        description="Where our coverage of an account is thin, worst first, with a 0-100 score. "
        + NOT_FOUND.format("customerId", "account"),
        graphql_type=maybe(types.CoverageReportType),
    )
    async def coverage_gaps(self, info: Info, customer_id: strawberry.ID) -> CoverageReport:
        return await resolve.coverage_gaps(info, customer_id)

    @strawberry.field(
        description="The strongest chains of ties from our team members to a stakeholder. "
        + NOT_FOUND.format("targetId (a stakeholder) or an id of fromTeamMemberIds", "such person"),
        graphql_type=maybe(list_of(types.IntroductionPathType)),
    )
    async def introduction_paths(
        self,
        info: Info,
        target_id: strawberry.ID,
        from_team_member_ids: list[strawberry.ID] | None = None,
        max_hops: int = 4,
        top: int = 3,
    ) -> list[IntroductionPath]:
        return await resolve.introduction_paths(info, target_id, from_team_member_ids, max_hops, top)

    @strawberry.field(
        description="People whose departure would cut our coverage of an account, worst first. "
        + NOT_FOUND.format("customerId", "account"),
        graphql_type=maybe(list_of(types.KeyPersonRiskType)),
    )
    async def key_person_risk(self, info: Info, customer_id: strawberry.ID) -> list[KeyPersonRisk]:
        return await resolve.key_person_risk(info, customer_id)

    @strawberry.field(
        description="Per role of a buying-committee template (default decision maker, economic buyer, "
        "technical evaluator, champion, user; RELGRAPH_BUYING_COMMITTEE_ROLES or roles), who fills it, our "
        "strongest tie to them and what is missing. " + NOT_FOUND.format("customerId", "account"),
        graphql_type=maybe(types.BuyingCommitteeType),
    )
    async def buying_committee(
        self, info: Info, customer_id: strawberry.ID, roles: list[enums.BuyingRole] | None = None
    ) -> BuyingCommittee:
        return await resolve.buying_committee(info, customer_id, roles)

    @strawberry.field(
        description="Communities (Louvain, seeded) of the people in a scope. "
        + NOT_FOUND.format("scope.customerId or scope.industryId", "account or industry"),
        graphql_type=maybe(types.CommunitiesType),
    )
    async def communities(self, info: Info, scope: AnalysisScope) -> CommunityDetection:
        return await resolve.communities(info, scope)

    @strawberry.field(
        description="Value bands (computed, beside the stored tier), RFM scores, lifecycle distribution and "
        "revenue concentration.",
        graphql_type=maybe(types.AccountSegmentsType),
    )
    async def account_segments(self, info: Info, top_n: int = 5) -> AccountSegments:
        return await resolve.account_segments(info, top_n)

    @strawberry.field(
        description="Health of our relationships with an account's stakeholders. "
        + NOT_FOUND.format("customerId", "account"),
        graphql_type=maybe(types.RelationshipHealthType),
    )
    async def relationship_health(self, info: Info, customer_id: strawberry.ID) -> HealthReport:
        return await resolve.relationship_health(info, customer_id)
