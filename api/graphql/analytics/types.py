"""GraphQL types of the analytics results."""

from __future__ import annotations

import enum
from typing import TypeAlias

import strawberry

from algorithms.buying_committee import BuyingCommittee as CommitteeResult
from algorithms.buying_committee import RoleGap, RoleMember
from algorithms.communities import Community as CommunityResult
from algorithms.coverage_gaps import CoverageGap as GapResult
from algorithms.coverage_gaps import Severity as GapSeverity
from algorithms.introduction_paths import IntroductionPath as PathResult
from algorithms.key_person_risk import KeyPersonRisk as RiskResult
from algorithms.relationship_health import RelationshipHealth as TieHealth
from algorithms.results import Factor as FactorResult
from algorithms.segmentation import ValueBand
from algorithms.service import RankedPerson
from api.graphql.core import enums


@strawberry.enum(description="How influence is measured.")
class InfluenceMeasure(enum.Enum):
    PAGERANK = "PAGERANK"
    BETWEENNESS = "BETWEENNESS"
    EIGENVECTOR = "EIGENVECTOR"
    CLOSENESS = "CLOSENESS"
    HITS = "HITS"
    BROKERAGE = "BROKERAGE"
    COMPOSITE = "COMPOSITE"


# The analysis's own severity enum is the GraphQL one: no second copy to keep in step.
strawberry.enum(GapSeverity, name="Severity")
Severity: TypeAlias = GapSeverity


strawberry.enum(
    ValueBand, description="Computed from value by quantile; not the stored tier (see ValueBandAssignment)."
)
strawberry.enum(RoleGap, name="CommitteeRoleGap", description="What a role of the buying committee lacks.")


@strawberry.input(description="What to analyse: one account, one industry, or everything. Give exactly one.")
class AnalysisScope:
    customer_id: strawberry.ID | None = None
    industry_id: strawberry.ID | None = None
    all: bool | None = None


@strawberry.type(description="One ingredient of a score, so a user can see why someone ranks high.")
class Factor:
    name: str
    value: float
    contribution: float | None

    @classmethod
    def of(cls, factor: FactorResult) -> Factor:
        return cls(name=factor.name, value=factor.value, contribution=factor.contribution)


@strawberry.type(description="A person ranked by influence, best first.")
class InfluenceResult:
    id: strawberry.ID
    name: str
    label: enums.NodeLabel
    customer_id: strawberry.ID | None
    score: float
    rank: int
    factors: list[Factor]

    @classmethod
    def of(cls, person: RankedPerson) -> InfluenceResult:
        return cls(
            id=strawberry.ID(person.id),
            name=person.name,
            label=enums.NodeLabel(person.label),
            customer_id=strawberry.ID(person.account_id) if person.account_id else None,
            score=person.score,
            rank=person.rank,
            factors=[Factor.of(f) for f in person.factors],
        )


@strawberry.type
class PathNode:
    id: strawberry.ID
    name: str
    label: enums.NodeLabel


@strawberry.type(description="One hop of an introduction path.")
class PathStep:
    source_id: strawberry.ID
    target_id: strawberry.ID
    relationship_types: list[enums.RelationshipType]
    strength: float


@strawberry.type(description="A chain of ties from our team member (first node) to the target (last).")
class IntroductionPath:
    score: float = strawberry.field(
        description="What chains are ranked by: strength times (1 - hop cost) per hop, so that of "
        "two equally strong chains the shorter comes first."
    )
    strength: float = strawberry.field(
        description="Product of the ties' introduction strengths: a personal tie at its stated strength "
        "(weak when none is stated), a reporting line or shared department (WORKS_IN) at the formal weight."
    )
    hops: int
    nodes: list[PathNode]
    steps: list[PathStep]

    @classmethod
    def of(cls, path: PathResult, names: dict[str, tuple[str, str]]) -> IntroductionPath:
        return cls(
            score=path.score,
            strength=path.strength,
            hops=path.hops,
            nodes=[
                PathNode(id=strawberry.ID(n), name=names[n][0], label=enums.NodeLabel(names[n][1]))
                for n in path.node_ids
            ],
            steps=[
                PathStep(
                    source_id=strawberry.ID(s.source),
                    target_id=strawberry.ID(s.target),
                    relationship_types=[enums.RelationshipType(t) for t in s.types],
                    strength=s.strength,
                )
                for s in path.steps
            ],
        )


@strawberry.type(description="A weakness in our coverage of an account, with what to do about it.")
class CoverageGap:
    id: strawberry.ID = strawberry.field(
        description="Unique within the report, and the same for the same gap in later reports."
    )
    kind: str = strawberry.field(
        description="e.g. UNCOVERED_DECISION_MAKER, SINGLE_THREADED_TEAM, STALE_RELATIONSHIP."
    )
    severity: Severity
    subject_id: strawberry.ID | None
    subject_name: str | None
    reason: str
    suggestion: str
    level: enums.DepartmentFunction | None = strawberry.field(
        default=None,
        description="The buying-centre level of an UNCOVERED_BUYING_LEVEL gap (its subject is the account).",
    )
    introduction: IntroductionPath | None = None

    @classmethod
    def of(cls, gap: GapResult, names: dict[str, tuple[str, str]]) -> CoverageGap:
        return cls(
            id=strawberry.ID(gap.key),
            level=gap.level,
            kind=gap.kind.value,
            severity=gap.severity,
            subject_id=strawberry.ID(gap.subject_id) if gap.subject_id else None,
            subject_name=gap.subject_name,
            reason=gap.reason,
            suggestion=gap.suggestion,
            introduction=IntroductionPath.of(gap.introduction, names) if gap.introduction else None,
        )


@strawberry.type(description="Coverage of an account: a 0-100 score and the gaps, worst first.")
class CoverageReport:
    customer_id: strawberry.ID
    score: float
    gaps: list[CoverageGap]
    factors: list[Factor]


@strawberry.type(description="What our coverage of an account loses if this person leaves.")
class KeyPersonRisk:
    id: strawberry.ID
    name: str
    label: enums.NodeLabel
    risk: float = strawberry.field(
        description="0..1, the larger of: the share of the account's influence-weighted coverage "
        "(deciders and executives count more) that only this team member holds, and the weighted share "
        "of stakeholders who lose their path or last direct tie to us."
    )
    rank: int
    articulation_point: bool
    orphaned_stakeholder_ids: list[strawberry.ID] = strawberry.field(
        description="Stakeholders left with no path to us."
    )
    lost_direct_stakeholder_ids: list[strawberry.ID] = strawberry.field(
        description="Stakeholders losing their last direct tie."
    )
    departments_uncovered: list[strawberry.ID]
    factors: list[Factor]

    @classmethod
    def of(cls, risk: RiskResult) -> KeyPersonRisk:
        return cls(
            id=strawberry.ID(risk.id),
            name=risk.name,
            label=enums.NodeLabel(risk.label),
            risk=risk.risk,
            rank=risk.rank,
            articulation_point=risk.articulation_point,
            orphaned_stakeholder_ids=[strawberry.ID(i) for i in risk.orphaned],
            lost_direct_stakeholder_ids=[strawberry.ID(i) for i in risk.lost_direct],
            departments_uncovered=[strawberry.ID(i) for i in risk.departments_uncovered],
            factors=[Factor.of(f) for f in risk.factors],
        )


@strawberry.type
class CommunityMember:
    id: strawberry.ID
    name: str


@strawberry.type(description="A densely tied group of people.")
class Community:
    id: int
    size: int
    member_ids: list[strawberry.ID] = strawberry.field(description="Stakeholders only, by id.")
    central_members: list[CommunityMember]
    customer_ids: list[strawberry.ID]
    bridges: list[CommunityMember] = strawberry.field(
        description="Our team members tied to the community, most strongly tied first: they reach it, "
        "they are not members."
    )

    @classmethod
    def of(
        cls, community: CommunityResult, names: dict[str, tuple[str, str]], *, max_members: int
    ) -> Community:
        return cls(
            id=community.id,
            size=community.size,
            member_ids=[strawberry.ID(m) for m in sorted(community.members)[:max_members]],
            central_members=[
                CommunityMember(id=strawberry.ID(m), name=names.get(m, ("", ""))[0])
                for m in community.central_members
            ],
            customer_ids=[strawberry.ID(a) for a in community.accounts],
            bridges=[
                CommunityMember(id=strawberry.ID(m), name=names.get(m, ("", ""))[0])
                for m in community.bridges
            ],
        )


@strawberry.type
class Communities:
    modularity: float
    communities: list[Community]


@strawberry.type(
    description="An account's value band: computed from current plus potential value by quantile "
    "(top 20% HIGH, next 30% MEDIUM, the rest LOW), beside the tier stored on the account."
)
class ValueBandAssignment:
    customer_id: strawberry.ID
    name: str
    value: float = strawberry.field(description="Annual revenue plus potential value.")
    band: ValueBand
    percentile: float = strawberry.field(description="Share of accounts whose value is at most this one's.")
    rank: int
    stored_tier: enums.Tier | None = strawberry.field(
        description="The tier recorded on the account, a decision that may rest on more than value."
    )


@strawberry.type
class RfmScore:
    customer_id: strawberry.ID
    name: str
    recency: int
    frequency: int
    monetary: int
    score: int
    code: str
    days_since_purchase: float | None


@strawberry.type
class StageShare:
    stage: str
    count: int
    share: float
    revenue: float
    revenue_share: float


@strawberry.type
class RevenueConcentration:
    total_revenue: float
    accounts: int
    top_n: int
    top_share: float = strawberry.field(description="Share of revenue of the top N accounts.")
    hhi: float = strawberry.field(description="Herfindahl-Hirschman index of revenue shares, 1/n..1.")
    effective_accounts: float
    top_customer_ids: list[strawberry.ID]


@strawberry.type(
    description="Value bands, RFM scores, lifecycle mix and revenue concentration of the accounts."
)
class AccountSegments:
    value_bands: list[ValueBandAssignment] = strawberry.field(description="Highest value first.")
    rfm: list[RfmScore]
    lifecycle: list[StageShare]
    concentration: RevenueConcentration | None


@strawberry.type(
    description="One relationship scored by the relationship-strength model: (stated strength and the "
    "quality dimensions, blended; weak when neither is assessed) times recency decay."
)
class RelationshipHealthTie:
    team_member_id: strawberry.ID
    stakeholder_id: strawberry.ID
    score: float = strawberry.field(
        description="Strength today, 0..1: the sum of the factors' contributions."
    )
    strength: float | None = strawberry.field(description="The stated strength; null when none is stored.")
    quality: float | None = strawberry.field(
        description="Mean of the assessed quality dimensions (competitive bias inverted)."
    )
    recency: float = strawberry.field(description="0.5 per half-life since the last contact.")
    days_since_contact: float | None
    factors: list[Factor] = strawberry.field(
        description="statedStrength, quality or unassessed (with contributions), the dimensions as "
        "assessed, recency and daysSinceContact."
    )

    @classmethod
    def of(cls, tie: TieHealth) -> RelationshipHealthTie:
        return cls(
            team_member_id=strawberry.ID(tie.team_member_id),
            stakeholder_id=strawberry.ID(tie.stakeholder_id),
            score=tie.score,
            strength=tie.strength,
            quality=tie.quality,
            recency=tie.recency,
            days_since_contact=tie.days_since_contact,
            factors=[Factor.of(f) for f in tie.factors],
        )


@strawberry.type
class RelationshipHealth:
    customer_id: strawberry.ID
    score: float | None = strawberry.field(description="Mean health of the account's relationships, 0..1.")
    relationships: list[RelationshipHealthTie] = strawberry.field(description="Weakest first.")


@strawberry.type(description="Someone filling a role of the buying committee, and our strongest tie to them.")
class CommitteeMember:
    stakeholder_id: strawberry.ID
    name: str
    strength: float = strawberry.field(
        description="Our strongest tie today by the relationship-strength model; 0 when there is none."
    )
    team_member_id: strawberry.ID | None = strawberry.field(description="Who holds that tie.")


@strawberry.type(description="One role of the buying committee: who fills it and what is missing.")
class CommitteeRole:
    role: enums.BuyingRole
    members: list[CommitteeMember] = strawberry.field(description="Strongest tie first.")
    strongest: CommitteeMember | None = strawberry.field(description="The member we are closest to, if any.")
    gap: RoleGap | None = strawberry.field(description="Null when the role is filled and well covered.")
    missing: str | None = strawberry.field(description="What is missing, in words.")


@strawberry.type(description="An account's people checked against a buying-committee template.")
class BuyingCommittee:
    customer_id: strawberry.ID
    complete: bool = strawberry.field(
        description="Every role is filled and covered by a tie that is not weak."
    )
    roles: list[CommitteeRole] = strawberry.field(description="In the template's order.")

    @classmethod
    def of(cls, committee: CommitteeResult) -> BuyingCommittee:
        def member(m: RoleMember) -> CommitteeMember:
            return CommitteeMember(
                stakeholder_id=strawberry.ID(m.stakeholder_id),
                name=m.name,
                strength=m.strength,
                team_member_id=strawberry.ID(m.team_member_id) if m.team_member_id else None,
            )

        return cls(
            customer_id=strawberry.ID(committee.customer_id),
            complete=committee.complete,
            roles=[
                CommitteeRole(
                    role=r.role,
                    members=[member(m) for m in r.members],
                    strongest=member(r.strongest) if r.strongest else None,
                    gap=r.gap,
                    missing=r.missing,
                )
                for r in committee.roles
            ],
        )
