"""Network analytics of relgraph: pure functions over projected graphs.

Everything here is free of I/O and global state, so it can run in worker
threads side by side.  :mod:`algorithms.projection` and
:mod:`algorithms.coverage_input` turn a store export into graphs and
records, :mod:`algorithms.cache` keeps projections between requests, and
each other module holds one analysis.
"""

from algorithms.buying_committee import BuyingCommittee, buying_committee
from algorithms.cache import CacheStats, ProjectionCache, ProjectionKey
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
from algorithms.relationship_health import (
    RelationshipHealth,
    account_health,
    relationship_health,
)
from algorithms.results import Factor, ScoredNode
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
    "CacheStats",
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
    "ProjectionCache",
    "ProjectionKey",
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
