"""Network analytics of relgraph: pure functions over graphs and plain records.

Nothing here reads a database, keeps state between calls or holds a cache:
every function is a function of its arguments, so it can be tested on
hand-made graphs and run in worker threads side by side.  One algorithm
family per module: :mod:`algorithms.projection` turns a store export into
people graphs, :mod:`algorithms.coverage_input` into an account's records,
:mod:`algorithms.influence` holds the influence measures, and each other
module one analysis.  The analytics service that feeds them (store reads,
the projection kept current, caches, the worker pool) is
:mod:`api.analytics`.
"""

from algorithms.buying_committee import BuyingCommittee, buying_committee
from algorithms.communities import Community, CommunityDetection, communities, tie_graph
from algorithms.coverage_gaps import (
    CoverageGap,
    CoverageReport,
    GapKind,
    Severity,
    coverage_gaps,
)
from algorithms.coverage_input import (
    AccountCoverage,
    DepartmentInfo,
    ManagesInfo,
    OrgTie,
    PreferenceInfo,
    RelationshipInfo,
    StakeholderInfo,
    TeamMemberInfo,
    coverage_input,
    org_graph,
    relationship_records,
)
from algorithms.errors import (
    AlgorithmError,
    EmptyScope,
    InvalidParameter,
    NodeNotFound,
    NotConverged,
)
from algorithms.influence import (
    HitsResult,
    betweenness,
    brokerage,
    closeness,
    eigenvector,
    hits,
    influence_scores,
    pagerank,
    personalized_pagerank,
)
from algorithms.introduction_paths import (
    IntroductionPath,
    PathStep,
    best_introduction_path,
    introduction_paths,
)
from algorithms.key_person_risk import CriticalTie, KeyPersonRisk, critical_ties, key_person_risk
from algorithms.kols import accounts_reached, industry_kols
from algorithms.projection import CustomerRecord, customer_records, people_graph
from algorithms.ranking import Factor, ScoredNode
from algorithms.relationship_health import (
    RelationshipHealth,
    account_health,
    relationship_health,
)
from algorithms.segmentation import (
    BandAssignment,
    RevenueConcentration,
    RFMScore,
    StageShare,
    ValueBand,
    lifecycle_distribution,
    revenue_concentration,
    rfm_scores,
    value_bands,
)

__all__ = [
    "AccountCoverage",
    "AlgorithmError",
    "BandAssignment",
    "BuyingCommittee",
    "Community",
    "CommunityDetection",
    "CoverageGap",
    "CoverageReport",
    "CriticalTie",
    "CustomerRecord",
    "DepartmentInfo",
    "EmptyScope",
    "Factor",
    "GapKind",
    "HitsResult",
    "IntroductionPath",
    "InvalidParameter",
    "KeyPersonRisk",
    "ManagesInfo",
    "NodeNotFound",
    "NotConverged",
    "OrgTie",
    "PathStep",
    "PreferenceInfo",
    "RFMScore",
    "RelationshipHealth",
    "RelationshipInfo",
    "RevenueConcentration",
    "ScoredNode",
    "Severity",
    "StageShare",
    "StakeholderInfo",
    "TeamMemberInfo",
    "ValueBand",
    "account_health",
    "accounts_reached",
    "best_introduction_path",
    "betweenness",
    "brokerage",
    "buying_committee",
    "closeness",
    "communities",
    "coverage_gaps",
    "coverage_input",
    "critical_ties",
    "customer_records",
    "eigenvector",
    "hits",
    "industry_kols",
    "influence_scores",
    "introduction_paths",
    "key_person_risk",
    "lifecycle_distribution",
    "org_graph",
    "pagerank",
    "people_graph",
    "personalized_pagerank",
    "relationship_health",
    "relationship_records",
    "revenue_concentration",
    "rfm_scores",
    "tie_graph",
    "value_bands",
]
