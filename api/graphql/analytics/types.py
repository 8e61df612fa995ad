"""GraphQL types of the analytics results: the algorithms' result classes, exposed as they are.

Each type is derived from its result dataclass (``core/results.py``); what
is declared here is only what the API adds: public names, id and enum
types, and the objects the results' ids name (loaded per request in one
batch per field).
"""

from __future__ import annotations

import strawberry

from algorithms.buying_committee import BuyingCommittee, CommitteeRole, RoleGap, RoleMember
from algorithms.communities import Community, CommunityDetection
from algorithms.coverage_gaps import CoverageGap, CoverageReport, GapKind, Severity
from algorithms.influence.measures import Measure
from algorithms.introduction_paths import IntroductionPath, PathStep
from algorithms.key_person_risk import KeyPersonRisk
from algorithms.ranking import Factor
from algorithms.relationship_health import HealthReport, RelationshipHealth
from algorithms.segmentation import BandAssignment, RevenueConcentration, RFMScore, StageShare, ValueBand
from api.analytics.service import AccountSegments, RankedPerson
from api.graphql.analytics.objects import node_object, node_objects, tie_ends
from api.graphql.core import enums
from api.graphql.core.results import list_of, result_type
from api.graphql.entities.types import Customer, Stakeholder, TeamMember

# The members a community lists, by id and as objects: a community can hold
# thousands of people.
MAX_COMMUNITY_MEMBERS = 200


# The analyses' own enums are the GraphQL ones: no second copy to keep in step.
strawberry.enum(Measure, name="InfluenceMeasure", description="How influence is measured.")
strawberry.enum(Severity, name="Severity")
strawberry.enum(GapKind, name="CoverageGapKind", description="What a coverage gap is about.")
strawberry.enum(
    ValueBand, description="Computed from value by quantile; not the stored tier (see ValueBandAssignment)."
)
strawberry.enum(RoleGap, name="CommitteeRoleGap", description="What a role of the buying committee lacks.")


@strawberry.input(description="What to analyse: one account, one industry, or everything. Give exactly one.")
class AnalysisScope:
    customer_id: strawberry.ID | None = None
    industry_id: strawberry.ID | None = None
    all: bool | None = None


FactorType = result_type(
    Factor, description="One ingredient of a score, so a user can see why someone ranks high."
)

InfluenceResultType = result_type(
    RankedPerson,
    name="InfluenceResult",
    description="A person ranked by influence, best first.",
    names={"account_id": "customerId"},
    types={"label": enums.NodeLabel},
    extra={"person": node_object("id", description="The person ranked.")},
)

PathStepType = result_type(
    PathStep,
    description="One hop of an introduction path.",
    ids=("source", "target"),
    names={"source": "sourceId", "target": "targetId", "types": "relationshipTypes"},
    types={"types": list_of(enums.RelationshipType)},
)

IntroductionPathType = result_type(
    IntroductionPath,
    description="A chain of ties from our team member (first node) to the target (last).",
    extra={"nodes": node_objects("node_ids", description="The chain's people, in order.")},
)

CoverageGapType = result_type(
    CoverageGap,
    description="A weakness in our coverage of an account, with what to do about it.",
    properties=("key",),
    ids=("key",),
    names={"key": "id"},
    extra={"subject": node_object("subject_id", description="What the gap is about.")},
)

CoverageReportType = result_type(
    CoverageReport,
    description="Coverage of an account: a 0-100 score and the gaps, worst first.",
    hide=("customer_name",),
    extra={"customer": node_object("customer_id", Customer)},
)

KeyPersonRiskType = result_type(
    KeyPersonRisk,
    description="What our coverage of an account loses if this person leaves.",
    types={"label": enums.NodeLabel},
    ids=("orphaned", "lost_direct", "departments_uncovered"),
    names={"orphaned": "orphanedStakeholderIds", "lost_direct": "lostDirectStakeholderIds"},
    extra={
        "person": node_object("id", description="The team member or stakeholder."),
        "orphaned_stakeholders": node_objects(
            "orphaned", Stakeholder, description="Stakeholders left with no path to us."
        ),
        "lost_direct_stakeholders": node_objects(
            "lost_direct", Stakeholder, description="Stakeholders losing their last direct tie."
        ),
    },
)


def _listed_members(community: Community) -> list[str]:
    return sorted(community.members)[:MAX_COMMUNITY_MEMBERS]


def _member_ids(root: strawberry.Parent[Community]) -> list[strawberry.ID]:
    return [strawberry.ID(m) for m in _listed_members(root)]


CommunityType = result_type(
    Community,
    description="A densely tied group of people.",
    hide=("members", "central_members", "bridges"),
    ids=("accounts",),
    names={"accounts": "customerIds"},
    extra={
        "member_ids": strawberry.field(
            resolver=_member_ids,
            description=f"Stakeholders only, by id (at most {MAX_COMMUNITY_MEMBERS}, in id order).",
        ),
        "members": node_objects(
            _listed_members, Stakeholder, description="The members listed by memberIds, as stakeholders."
        ),
        "central_members": node_objects(
            "central_members", Stakeholder, description="The most central members, most central first."
        ),
        "bridges": node_objects(
            "bridges",
            TeamMember,
            description="Our team members tied to the community, most strongly tied first: they reach "
            "it, they are not members.",
        ),
        "customers": node_objects("accounts", Customer, description="The accounts its members belong to."),
    },
)

CommunitiesType = result_type(CommunityDetection, name="Communities")

ValueBandAssignmentType = result_type(
    BandAssignment,
    name="ValueBandAssignment",
    description="An account's value band: computed from current plus potential value by quantile "
    "(top 20% HIGH, next 30% MEDIUM, the rest LOW), beside the tier stored on the account.",
    names={"id": "customerId"},
    extra={"customer": node_object("id", Customer)},
)

RfmScoreType = result_type(
    RFMScore,
    name="RfmScore",
    description="Recency, frequency and monetary scores of an account (1 worst .. 5 best).",
    names={"id": "customerId"},
    extra={"customer": node_object("id", Customer)},
)

StageShareType = result_type(StageShare, description="Accounts and revenue in one lifecycle stage.")

RevenueConcentrationType = result_type(
    RevenueConcentration,
    ids=("top_accounts",),
    names={"top_accounts": "topCustomerIds"},
    extra={"top_customers": node_objects("top_accounts", Customer, description="The top N accounts.")},
)

AccountSegmentsType = result_type(
    AccountSegments,
    description="Value bands, RFM scores, lifecycle mix and revenue concentration of the accounts.",
    names={"bands": "valueBands"},
    descriptions={"bands": "Highest value first."},
)

RelationshipHealthTieType = result_type(
    RelationshipHealth,
    name="RelationshipHealthTie",
    description="One relationship scored by the relationship-strength model: (stated strength and the "
    "quality dimensions, blended; weak when neither is assessed) times recency decay.",
    extra=tie_ends(),
)

RelationshipHealthType = result_type(
    HealthReport,
    name="RelationshipHealth",
    extra={"customer": node_object("customer_id", Customer)},
)

CommitteeMemberType = result_type(
    RoleMember,
    name="CommitteeMember",
    description="Someone filling a role of the buying committee, and our strongest tie to them.",
    extra=tie_ends(team_member="Who holds that tie."),
)

CommitteeRoleType = result_type(
    CommitteeRole,
    description="One role of the buying committee: who fills it and what is missing.",
    properties=("strongest",),
)

BuyingCommitteeType = result_type(
    BuyingCommittee,
    description="An account's people checked against a buying-committee template.",
    hide=("customer_name",),
    properties=("complete",),
    extra={"customer": node_object("customer_id", Customer)},
)
