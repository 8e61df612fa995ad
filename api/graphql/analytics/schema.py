"""Analytics queries: influencers, KOLs, coverage, paths, risk, segments.

Every field is nullable: one that fails (NOT_FOUND for an id argument,
BAD_USER_INPUT, a busy analytics pool) answers null with its error and
leaves its siblings' answers alone.
"""

from __future__ import annotations

from typing import Any, Final

import strawberry

from api.graphql.analytics import resolvers as resolve
from api.graphql.analytics import types
from api.graphql.core.results import list_of, maybe


def _analysis(resolver: Any, result: Any, not_found: tuple[str, str] | None) -> Any:
    """A nullable field answered by ``resolver``, described by its docstring.

    ``not_found`` names the field's id argument and what that must name.
    """
    description = " ".join((resolver.__doc__ or "").split())
    if not_found is not None:
        description += f" NOT_FOUND when {not_found[0]} names no {not_found[1]} you may see."
    return strawberry.field(resolver=resolver, description=description, graphql_type=maybe(result))


_ACCOUNT: Final = ("customerId", "account")
_INDUSTRY: Final = ("industryId", "industry")
_SCOPE: Final = ("scope.customerId or scope.industryId", "account or industry")
_TARGET: Final = ("targetId (a stakeholder) or an id of fromTeamMemberIds", "such person")


@strawberry.type
class AnalyticsQuery:
    influencers = _analysis(resolve.influencers, list_of(types.InfluenceResultType), _SCOPE)
    industry_kols = _analysis(resolve.industry_kols, list_of(types.InfluenceResultType), _INDUSTRY)
    coverage_gaps = _analysis(resolve.coverage_gaps, types.CoverageReportType, _ACCOUNT)
    introduction_paths = _analysis(resolve.introduction_paths, list_of(types.IntroductionPathType), _TARGET)
    key_person_risk = _analysis(resolve.key_person_risk, list_of(types.KeyPersonRiskType), _ACCOUNT)
    buying_committee = _analysis(resolve.buying_committee, types.BuyingCommitteeType, _ACCOUNT)
    communities = _analysis(resolve.communities, types.CommunitiesType, _SCOPE)
    account_segments = _analysis(resolve.account_segments, types.AccountSegmentsType, None)
    relationship_health = _analysis(resolve.relationship_health, types.RelationshipHealthType, _ACCOUNT)
