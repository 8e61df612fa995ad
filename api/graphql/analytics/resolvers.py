"""What the analytics fields delegate to: check arguments, call the service.

Results are returned as the analyses produce them (their GraphQL types are
derived from them).  Every id argument names a node of its kind the caller
may see, or the field fails with NOT_FOUND naming the argument.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from algorithms.buying_committee import BuyingCommittee
from algorithms.communities import CommunityDetection
from algorithms.coverage_gaps import CoverageReport
from algorithms.introduction_paths import IntroductionPath
from algorithms.key_person_risk import KeyPersonRisk
from algorithms.relationship_health import HealthReport
from api.analytics.service import AccountSegments, AnalyticsService, RankedPerson
from api.graphql.analytics import types
from api.graphql.core import enums
from api.graphql.core.context import Info
from api.graphql.core.errors import BadUserInput
from api.graphql.core.id_arguments import node_argument, node_arguments, not_found
from graph_model.export import ExportScope
from graph_model.model import Label

MAX_TOP = 100
MAX_HOPS = 6
# fromTeamMemberIds names team members one by one: more than a team is a mistake.
MAX_FROM = 100

T = TypeVar("T")


def _service(info: Info) -> AnalyticsService:
    service = info.context.analytics
    assert service is not None, "the app lifespan creates the analytics service"
    return service


def _top(top: int, field: str = "top") -> int:
    if not 1 <= top <= MAX_TOP:
        raise BadUserInput(f"{field} must be between 1 and {MAX_TOP}, got {top}", field=field)
    return top


def _found(result: T | None, node_id: str, label: Label, field: str) -> T:
    # The argument was checked before the analysis ran; a node deleted in
    # between is as unknown as one never written.
    if result is None:
        raise not_found(node_id, label, field=field)
    return result


async def _scope(info: Info, scope: types.AnalysisScope) -> tuple[ExportScope, str, Label, str]:
    """The scope, and the id, kind and argument to name when its node is gone."""
    given = [v for v in (scope.customer_id, scope.industry_id, scope.all) if v not in (None, False)]
    if len(given) != 1:
        raise BadUserInput("give exactly one of customerId, industryId or all: true", field="scope")
    if scope.customer_id is not None:
        await node_argument(info, scope.customer_id, Label.CUSTOMER, field="scope.customerId")
        return ExportScope.customer(scope.customer_id), scope.customer_id, Label.CUSTOMER, "scope.customerId"
    if scope.industry_id is not None:
        await node_argument(info, scope.industry_id, Label.INDUSTRY, field="scope.industryId")
        return ExportScope.industry(scope.industry_id), scope.industry_id, Label.INDUSTRY, "scope.industryId"
    return ExportScope.everything(), "", Label.CUSTOMER, "scope"


async def _customer(info: Info, customer_id: str) -> str:
    return (await node_argument(info, customer_id, Label.CUSTOMER, field="customerId")).id


async def influencers(
    info: Info, scope: types.AnalysisScope, measure: types.InfluenceMeasure, top: int
) -> list[RankedPerson]:
    limit = _top(top)
    where, node_id, label, field = await _scope(info, scope)
    ranked = await _service(info).influencers(where, info.context.access, measure=measure.value, top=limit)
    return _found(ranked, node_id, label, field)


async def industry_kols(info: Info, industry_id: str, top: int) -> list[RankedPerson]:
    limit = _top(top)
    await node_argument(info, industry_id, Label.INDUSTRY, field="industryId")
    ranked = await _service(info).industry_kols(industry_id, info.context.access, top=limit)
    return _found(ranked, industry_id, Label.INDUSTRY, "industryId")


async def coverage_gaps(info: Info, customer_id: str) -> CoverageReport:
    report = await _service(info).coverage_gaps(await _customer(info, customer_id), info.context.access)
    return _found(report, customer_id, Label.CUSTOMER, "customerId")


async def introduction_paths(
    info: Info, target_id: str, from_ids: Sequence[str] | None, max_hops: int, top: int
) -> list[IntroductionPath]:
    if not 1 <= max_hops <= MAX_HOPS:
        raise BadUserInput(f"maxHops must be between 1 and {MAX_HOPS}, got {max_hops}", field="maxHops")
    limit = _top(top)
    if from_ids is not None and len(from_ids) > MAX_FROM:
        raise BadUserInput(
            f"fromTeamMemberIds may name at most {MAX_FROM} team members, got {len(from_ids)}",
            field="fromTeamMemberIds",
        )
    await node_argument(info, target_id, Label.STAKEHOLDER, field="targetId")
    if from_ids is not None:
        await node_arguments(info, from_ids, Label.TEAM_MEMBER, field="fromTeamMemberIds")
    paths = await _service(info).introduction_paths(
        target_id, info.context.access, from_ids=from_ids, max_hops=max_hops, top=limit
    )
    return _found(paths, target_id, Label.STAKEHOLDER, "targetId")


async def buying_committee(
    info: Info, customer_id: str, roles: list[enums.BuyingRole] | None
) -> BuyingCommittee:
    template = tuple(roles) if roles is not None else info.context.settings.buying_committee_roles
    if not template:
        raise BadUserInput("roles must name at least one buying role", field="roles")
    # Distinct roles of one enum: the list is capped at the enum's size.
    if len(set(template)) != len(template):
        raise BadUserInput("roles must not repeat", field="roles")
    customer = await _customer(info, customer_id)
    committee = await _service(info).buying_committee(customer, info.context.access, template)
    return _found(committee, customer_id, Label.CUSTOMER, "customerId")


async def key_person_risk(info: Info, customer_id: str) -> list[KeyPersonRisk]:
    risks = await _service(info).key_person_risk(await _customer(info, customer_id), info.context.access)
    return _found(risks, customer_id, Label.CUSTOMER, "customerId")


async def communities(info: Info, scope: types.AnalysisScope) -> CommunityDetection:
    where, node_id, label, field = await _scope(info, scope)
    found = await _service(info).communities(where, info.context.access)
    return _found(found, node_id, label, field)


async def account_segments(info: Info, top_n: int) -> AccountSegments:
    return await _service(info).account_segments(info.context.access, top_n=_top(top_n, "topN"))


async def relationship_health(info: Info, customer_id: str) -> HealthReport:
    customer = await _customer(info, customer_id)
    report = await _service(info).relationship_health(customer, info.context.access)
    return _found(report, customer_id, Label.CUSTOMER, "customerId")
