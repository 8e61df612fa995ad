"""GraphQL documents of the analytics queries, as a front-end app would send them."""

from __future__ import annotations

from typing import Any, Final

SEVERITIES: Final = ("CRITICAL", "HIGH", "MEDIUM", "LOW")

PATH_FIELDS: Final = """
  score strength hops
  nodes { id name label }
  steps { sourceId targetId relationshipTypes strength }
"""

INFLUENCERS: Final = """
query Influencers($scope: AnalysisScope!, $measure: InfluenceMeasure! = COMPOSITE, $top: Int! = 10) {
  influencers(scope: $scope, measure: $measure, top: $top) {
    id name label customerId score rank factors { name value contribution }
  }
}"""

# Defaults left to the server, to see that they are what the schema says.
INFLUENCERS_DEFAULTS: Final = """
query Influencers($scope: AnalysisScope!) {
  influencers(scope: $scope) { id label score rank }
}"""

KOLS: Final = """
query Kols($industryId: ID!, $top: Int! = 10) {
  industryKols(industryId: $industryId, top: $top) {
    id name label customerId score rank factors { name value contribution }
  }
}"""

COVERAGE: Final = f"""
query Coverage($customerId: ID!) {{
  coverageGaps(customerId: $customerId) {{
    customerId score
    gaps {{ id kind severity subjectId subjectName level reason suggestion introduction {{ {PATH_FIELDS} }} }}
    factors {{ name value contribution }}
  }}
}}"""

PATHS: Final = f"""
query Paths($targetId: ID!, $from: [ID!], $maxHops: Int! = 4, $top: Int! = 3) {{
  introductionPaths(targetId: $targetId, fromTeamMemberIds: $from, maxHops: $maxHops, top: $top) {{
    {PATH_FIELDS}
  }}
}}"""

KEY_PERSON_RISK: Final = """
query Risk($customerId: ID!) {
  keyPersonRisk(customerId: $customerId) {
    id name label risk rank articulationPoint orphanedStakeholderIds lostDirectStakeholderIds
    departmentsUncovered factors { name value }
  }
}"""

COMMUNITIES: Final = """
query Communities($scope: AnalysisScope!) {
  communities(scope: $scope) {
    modularity
    communities { id size memberIds centralMembers { id name } customerIds bridges { id name } }
  }
}"""

SEGMENTS: Final = """
query Segments($topN: Int! = 5) {
  accountSegments(topN: $topN) {
    valueBands { customerId name value band percentile rank storedTier }
    rfm { customerId name recency frequency monetary score code daysSincePurchase }
    lifecycle { stage count share revenue revenueShare }
    concentration { totalRevenue accounts topN topShare hhi effectiveAccounts topCustomerIds }
  }
}"""

HEALTH: Final = """
query Health($customerId: ID!) {
  relationshipHealth(customerId: $customerId) {
    customerId score
    relationships {
      teamMemberId stakeholderId score strength quality recency daysSinceContact
      factors { name value contribution }
    }
  }
}"""

LINK: Final = """
mutation Link($input: LinkInput!) {
  link(input: $input) { edge { type } errors { field message } }
}"""

UPSERT_STAKEHOLDER: Final = """
mutation Upsert($input: StakeholderInput!) {
  upsertStakeholder(input: $input) { stakeholder { id } errors { field message } }
}"""


def gaps_of(report: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [g for g in report["gaps"] if g["kind"] == kind]


def subjects(report: dict[str, Any], kind: str) -> set[str]:
    return {g["subjectId"] for g in gaps_of(report, kind)}


def severity_rank(gap: dict[str, Any]) -> int:
    return SEVERITIES.index(gap["severity"])
