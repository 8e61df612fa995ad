"""The analytics fields' resolvers: check arguments, call the service.

Each function's parameters are its field's GraphQL arguments, and its docstring
the field's description (``schema._analysis`` adds the NOT_FOUND rule).

Results are returned as the analyses produce them (their GraphQL types are
derived from them).  Every id argument names a node of its kind the caller
may see, or the field fails with NOT_FOUND naming the argument (the rule of
``entities.resolvers.record``), with its index for lists.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

import strawberry

from algorithms.buying_committee import BuyingCommittee
from algorithms.communities import CommunityDetection
from algorithms.coverage_gaps import CoverageReport
from algorithms.influence.measures import Measure
from algorithms.introduction_paths import IntroductionPath
from algorithms.key_person_risk import KeyPersonRisk
from algorithms.relationship_health import HealthReport
from api.analytics.service import AccountSegments, AnalyticsService, RankedPerson
from api.graphql.analytics import types
from api.graphql.core import enums
from api.graphql.core.context import Info
from api.graphql.core.errors import BadUserInput
from api.graphql.entities.resolvers import not_found, record
from graph_model.analytics_export import ExportScope
from graph_model.model import Label

MAX_TOP = 100
MAX_HOPS = 6
# fromTeamMemberIds names team members one by one: more than a team is a mistake.
MAX_FROM = 100

T = TypeVar("T")


def analytics_service(info: Info) -> AnalyticsService:
    service = info.context.analytics
    assert service is not None, "the app lifespan creates the analytics service"
    return service


def _top(top: int, field: str = "top") -> int:
    if not 1 <= top <= MAX_TOP:
        raise BadUserInput(f"{field} must be between 1 and {MAX_TOP}, got {top}", field=field)
    return top


@dataclass(frozen=True)
class IdArgument:
    """An id argument that names what an analysis is about."""

    node_id: str
    label: Label
    field: str

    async def check(self, info: Info) -> str:
        return (await record(info, self.node_id, self.label, field=self.field)).id

    def found(self, result: T | None) -> T:
        # The argument was checked before the analysis ran; a node deleted in
        # between is as unknown as one never written.
        if result is None:
            raise not_found(self.node_id, self.label, field=self.field)
        return result


EVERYTHING = IdArgument("", Label.CUSTOMER, "scope")


async def _scope(info: Info, scope: types.AnalysisScope) -> tuple[ExportScope, IdArgument]:
    given = [v for v in (scope.customer_id, scope.industry_id, scope.all) if v not in (None, False)]
    if len(given) != 1:
        raise BadUserInput("give exactly one of customerId, industryId or all: true", field="scope")
    if scope.customer_id is not None:
        named = IdArgument(scope.customer_id, Label.CUSTOMER, "scope.customerId")
        return ExportScope.customer(await named.check(info)), named
    if scope.industry_id is not None:
        named = IdArgument(scope.industry_id, Label.INDUSTRY, "scope.industryId")
        return ExportScope.industry(await named.check(info)), named
    # Everything always exists: the service answers for it.
    return ExportScope.everything(), EVERYTHING


async def _team_members(info: Info, ids: Sequence[str]) -> None:
    """Each id names a team member, or NOT_FOUND names the first that does not, with its index."""
    found = await info.context.loaders.node_by_id.load_many(list(ids))
    for index, (node_id, node) in enumerate(zip(ids, found, strict=True)):
        if node is None or node.label is not Label.TEAM_MEMBER:
            raise not_found(node_id, Label.TEAM_MEMBER, field=f"fromTeamMemberIds[{index}]")


def _customer(customer_id: str) -> IdArgument:
    return IdArgument(customer_id, Label.CUSTOMER, "customerId")


async def influencers(
    info: Info,
    scope: types.AnalysisScope,
    measure: Measure = Measure.COMPOSITE,
    top: int = 10,
) -> list[RankedPerson]:
    """People ranked by influence in a scope, best first."""
    limit = _top(top)
    where, named = await _scope(info, scope)
    ranked = await analytics_service(info).influencers(
        where, info.context.access, measure=measure.value, top=limit
    )
    return named.found(ranked)


async def industry_kols(info: Info, industry_id: strawberry.ID, top: int = 10) -> list[RankedPerson]:
    """Industry key opinion leaders: influence across the industry's accounts."""
    limit = _top(top)
    named = IdArgument(industry_id, Label.INDUSTRY, "industryId")
    ranked = await analytics_service(info).industry_kols(
        await named.check(info), info.context.access, top=limit
    )
    return named.found(ranked)


async def coverage_gaps(info: Info, customer_id: strawberry.ID) -> CoverageReport:
    """Where our coverage of an account is thin, worst first, with a 0-100 score."""
    named = _customer(customer_id)
    return named.found(
        await analytics_service(info).coverage_gaps(await named.check(info), info.context.access)
    )


async def introduction_paths(
    info: Info,
    target_id: strawberry.ID,
    from_team_member_ids: list[strawberry.ID] | None = None,
    max_hops: int = 4,
    top: int = 3,
) -> list[IntroductionPath]:
    """The strongest chains of ties from our team members to a stakeholder."""
    if not 1 <= max_hops <= MAX_HOPS:
        raise BadUserInput(f"maxHops must be between 1 and {MAX_HOPS}, got {max_hops}", field="maxHops")
    limit = _top(top)
    if from_team_member_ids is not None and len(from_team_member_ids) > MAX_FROM:
        raise BadUserInput(
            f"fromTeamMemberIds may name at most {MAX_FROM} team members, got {len(from_team_member_ids)}",
            field="fromTeamMemberIds",
        )
    named = IdArgument(target_id, Label.STAKEHOLDER, "targetId")
    target = await named.check(info)
    if from_team_member_ids is not None:
        await _team_members(info, from_team_member_ids)
    paths = await analytics_service(info).introduction_paths(
        target, info.context.access, from_ids=from_team_member_ids, max_hops=max_hops, top=limit
    )
    return named.found(paths)


async def buying_committee(
    info: Info, customer_id: strawberry.ID, roles: list[enums.BuyingRole] | None = None
) -> BuyingCommittee:
    """Per role of a buying-committee template (default decision maker, economic buyer, technical
    evaluator, champion, user; RELGRAPH_BUYING_COMMITTEE_ROLES or roles), who fills it, our
    strongest tie to them and what is missing.
    """
    template = tuple(roles) if roles is not None else info.context.settings.buying_committee_roles
    if not template:
        raise BadUserInput("roles must name at least one buying role", field="roles")
    # Distinct roles of one enum: the list is capped at the enum's size.
    if len(set(template)) != len(template):
        raise BadUserInput("roles must not repeat", field="roles")
    named = _customer(customer_id)
    return named.found(
        await analytics_service(info).buying_committee(await named.check(info), info.context.access, template)
    )


async def key_person_risk(info: Info, customer_id: strawberry.ID) -> list[KeyPersonRisk]:
    """People whose departure would cut our coverage of an account, worst first."""
    named = _customer(customer_id)
    return named.found(
        await analytics_service(info).key_person_risk(await named.check(info), info.context.access)
    )


async def communities(info: Info, scope: types.AnalysisScope) -> CommunityDetection:
    """Communities (Louvain, seeded) of the people in a scope."""
    where, named = await _scope(info, scope)
    return named.found(await analytics_service(info).communities(where, info.context.access))


async def account_segments(info: Info, top_n: int = 5) -> AccountSegments:
    """Value bands (computed, beside the stored tier), RFM scores, lifecycle distribution and
    revenue concentration.
    """
    return await analytics_service(info).account_segments(info.context.access, top_n=_top(top_n, "topN"))


async def relationship_health(info: Info, customer_id: strawberry.ID) -> HealthReport:
    """Health of our relationships with an account's stakeholders."""
    named = _customer(customer_id)
    return named.found(
        await analytics_service(info).relationship_health(await named.check(info), info.context.access)
    )
