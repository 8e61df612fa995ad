"""Analytics results reference what they are about as objects, loaded in one read per field.

Every object field must agree with the id beside it, and the same field on
sibling results must cost one store read (the request's DataLoader), not
one per result: counted on the engine the store really reads through.
"""

from __future__ import annotations

from typing import Any

from graph_model import cypher
from tests.analytics.conftest import MEMBER_ACCOUNT, DemoServer

TYPENAMES = {"STAKEHOLDER": "Stakeholder", "TEAM_MEMBER": "TeamMember"}
INFLUENCERS = """query($withPerson: Boolean!) {
  influencers(scope: {all: true}, top: 10) {
    id name label
    person @include(if: $withPerson) { __typename id name ... on Stakeholder { title } }
  }
}"""


async def test_ten_influencers_load_their_people_in_one_store_read(demo: DemoServer) -> None:
    # Warm: the ranking is cached, so what is left to count is the objects' reads.
    await demo.data(INFLUENCERS, {"withPerson": True})
    demo.engine.reset()
    without = (await demo.data(INFLUENCERS, {"withPerson": False}))["influencers"]
    assert demo.engine.reads[cypher.GET_NODES] == 0
    demo.engine.reset()
    ranked = (await demo.data(INFLUENCERS, {"withPerson": True}))["influencers"]
    assert len(ranked) == 10
    assert demo.engine.reads[cypher.GET_NODES] == 1
    for result, plain in zip(ranked, without, strict=True):
        person = result["person"]
        assert person["id"] == result["id"] == plain["id"]
        assert person["name"] == result["name"]
        assert person["__typename"] == TYPENAMES[result["label"]]
    assert any(r["person"].get("title") for r in ranked)


def people(rows: list[dict[str, Any]]) -> list[str]:
    return [r["id"] for r in rows]


async def test_coverage_risk_health_and_committee_name_their_people_as_objects(demo: DemoServer) -> None:
    query = """query($c: ID!) {
      coverageGaps(customerId: $c) {
        customerId customer { id name }
        gaps { kind subjectId subject { id __typename } introduction { nodeIds nodes { id label } } }
      }
      keyPersonRisk(customerId: $c) {
        id person { id __typename }
        orphanedStakeholderIds orphanedStakeholders { id }
        lostDirectStakeholderIds lostDirectStakeholders { id }
      }
      relationshipHealth(customerId: $c) {
        customer { id }
        relationships { teamMemberId stakeholderId teamMember { id title } stakeholder { id stance } }
      }
      buyingCommittee(customerId: $c) {
        customer { id }
        roles { members { stakeholderId stakeholder { id } teamMemberId teamMember { id } } }
      }
    }"""
    data = await demo.data(query, {"c": MEMBER_ACCOUNT})
    coverage = data["coverageGaps"]
    assert coverage["customer"]["id"] == coverage["customerId"] == MEMBER_ACCOUNT
    assert coverage["gaps"]
    kinds = {g["kind"] for g in coverage["gaps"]}
    assert kinds <= {"UNCOVERED_DEPARTMENT", "UNCOVERED_BUYING_LEVEL", "UNCOVERED_DECISION_MAKER",
                     "WEAK_DECISION_MAKER", "UNCOVERED_INFLUENCER", "SINGLE_THREADED_STAKEHOLDER",
                     "SINGLE_THREADED_TEAM", "STALE_RELATIONSHIP", "COMPETITOR_LEANING",
                     "NO_EXECUTIVE_RELATIONSHIP", "NO_EXEC_SPONSOR", "NO_CHAMPION"}  # fmt: skip
    for gap in coverage["gaps"]:
        assert gap["subject"]["id"] == gap["subjectId"]
        if gap["introduction"]:
            assert people(gap["introduction"]["nodes"]) == gap["introduction"]["nodeIds"]
            assert gap["introduction"]["nodes"][0]["label"] == "TEAM_MEMBER"
    risks = data["keyPersonRisk"]
    assert risks
    for risk in risks:
        assert risk["person"]["id"] == risk["id"]
        assert people(risk["orphanedStakeholders"]) == risk["orphanedStakeholderIds"]
        assert people(risk["lostDirectStakeholders"]) == risk["lostDirectStakeholderIds"]
    assert any(r["orphanedStakeholderIds"] or r["lostDirectStakeholderIds"] for r in risks)
    health = data["relationshipHealth"]
    assert health["customer"] == {"id": MEMBER_ACCOUNT}
    for tie in health["relationships"]:
        assert tie["teamMember"]["id"] == tie["teamMemberId"]
        assert tie["stakeholder"]["id"] == tie["stakeholderId"]
    committee = data["buyingCommittee"]
    assert committee["customer"] == {"id": MEMBER_ACCOUNT}
    members = [m for r in committee["roles"] for m in r["members"]]
    assert members
    for member in members:
        assert member["stakeholder"]["id"] == member["stakeholderId"]
        assert (member["teamMember"] or {}).get("id") == member["teamMemberId"]


async def test_paths_communities_and_segments_name_their_objects(demo: DemoServer) -> None:
    query = """{
      introductionPaths(targetId: "stk-ingrid-castell") { nodeIds nodes { id name label } }
      communities(scope: {all: true}) {
        communities {
          memberIds members { id } centralMembers { id name } bridges { id __typename }
          customerIds customers { id }
        }
      }
      accountSegments(topN: 3) {
        valueBands { customerId customer { id tier } storedTier }
        rfm { customerId customer { id } }
        lifecycle { stage count }
        concentration { topCustomerIds topCustomers { id } }
      }
    }"""
    data = await demo.data(query)
    paths = data["introductionPaths"]
    assert paths
    for path in paths:
        assert people(path["nodes"]) == path["nodeIds"]
        assert path["nodes"][-1]["id"] == "stk-ingrid-castell"
    groups = data["communities"]["communities"]
    for group in groups:
        assert people(group["members"]) == group["memberIds"]
        assert set(people(group["centralMembers"])) <= set(group["memberIds"])
        assert all(b["__typename"] == "TeamMember" for b in group["bridges"])
        assert people(group["customers"]) == group["customerIds"]
    assert any(g["bridges"] for g in groups)
    segments = data["accountSegments"]
    for band in segments["valueBands"]:
        assert band["customer"]["id"] == band["customerId"]
        assert band["customer"]["tier"] == band["storedTier"]
    assert all(r["customer"]["id"] == r["customerId"] for r in segments["rfm"])
    stages = [s["stage"] for s in segments["lifecycle"]]
    assert stages[:5] == ["PROSPECT", "NEW", "ACTIVE", "AT_RISK", "CHURNED"]
    assert people(segments["concentration"]["topCustomers"]) == segments["concentration"]["topCustomerIds"]
