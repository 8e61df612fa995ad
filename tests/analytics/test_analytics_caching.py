"""Projections are cached per graph version: repeats read nothing, writes are seen at once.

The app's engine is wrapped in a counter (every call still reaches the real
engine), so the tests can tell a cached answer from a re-exported one.
"""

from __future__ import annotations

import asyncio
from typing import Any

from graph_model import cypher
from tests.analytics.conftest import MEMBER_ACCOUNT, DemoServer
from tests.analytics.documents import (
    COMMUNITIES,
    COVERAGE,
    INFLUENCERS,
    KOLS,
    LINK,
    PATHS,
    SEGMENTS,
    UPSERT_STAKEHOLDER,
    gaps_of,
    subjects,
)

SOLENNE = {"customerId": "cust-solenne"}
REPEATS: list[tuple[str, dict[str, Any]]] = [
    (COVERAGE, SOLENNE),
    (INFLUENCERS, {"scope": {"all": True}}),
    (INFLUENCERS, {"scope": {"industryId": "ind-automotive"}, "measure": "BROKERAGE"}),
    (KOLS, {"industryId": "ind-automotive"}),
    (PATHS, {"targetId": "stk-ingrid-castell"}),
    (COMMUNITIES, {"scope": {"customerId": "cust-kestrel"}}),
]


async def write(demo: DemoServer, mutation: str, variables: dict[str, Any]) -> None:
    data = await demo.data(mutation, variables)
    [payload] = data.values()
    assert payload["errors"] == [], payload


async def test_repeated_queries_do_no_export_reads(fresh_demo: DemoServer) -> None:
    demo = fresh_demo
    first = [await demo.data(query, variables) for query, variables in REPEATS]
    demo.engine.reset()
    again = [await demo.data(query, variables) for query, variables in REPEATS]
    assert again == first
    assert demo.engine.export_reads == 0, demo.engine.reads
    # A projection serves every question asked of it: another measure on
    # the same scope needs no new export either.
    await demo.data(INFLUENCERS, {"scope": {"all": True}, "measure": "HITS"})
    assert demo.engine.export_reads == 0


async def test_account_segments_are_cached_too(fresh_demo: DemoServer) -> None:
    demo = fresh_demo
    first = await demo.data(SEGMENTS)
    demo.engine.reset()
    assert await demo.data(SEGMENTS) == first
    # Only the graph version is read, to know the cached customers are current.
    assert set(demo.engine.reads) == {cypher.GET_VERSION}


async def test_a_new_relationship_closes_the_gap(fresh_demo: DemoServer) -> None:
    demo = fresh_demo
    before = (await demo.data(COVERAGE, SOLENNE))["coverageGaps"]
    assert "stk-ingrid-castell" in subjects(before, "UNCOVERED_DECISION_MAKER")
    best = {"targetId": "stk-ingrid-castell", "top": 1}
    [old_path] = (await demo.data(PATHS, best))["introductionPaths"]
    assert old_path["hops"] == 2
    # The gap suggests the same chain introductionPaths puts first.
    [uncovered] = [
        g for g in gaps_of(before, "UNCOVERED_DECISION_MAKER") if g["subjectId"] == "stk-ingrid-castell"
    ]
    assert uncovered["introduction"]["nodes"] == old_path["nodes"]
    await write(
        demo,
        LINK,
        {
            "input": {
                "type": "RELATES_TO",
                "fromId": "tm-marcus-hale",
                "toId": "stk-ingrid-castell",
                "properties": {"strength": 0.9, "lastContactAt": "2026-10-20T10:00:00Z"},
            }
        },
    )
    demo.engine.reset()
    after = (await demo.data(COVERAGE, SOLENNE))["coverageGaps"]
    assert demo.engine.export_reads > 0
    assert "stk-ingrid-castell" not in subjects(after, "UNCOVERED_DECISION_MAKER")
    assert gaps_of(after, "UNCOVERED_DECISION_MAKER") == []
    # Her new tie is held by one colleague only: that is the gap now.
    assert "stk-ingrid-castell" in subjects(after, "SINGLE_THREADED_STAKEHOLDER")
    assert after["score"] > before["score"]
    # The other projections of the old version are stale too: the direct tie
    # (0.9) now beats the best chain.
    [new_path] = (await demo.data(PATHS, best))["introductionPaths"]
    assert [n["id"] for n in new_path["nodes"]] == ["tm-marcus-hale", "stk-ingrid-castell"]
    assert new_path["strength"] == 0.9


async def test_an_updated_stakeholder_is_seen_by_the_next_query(fresh_demo: DemoServer) -> None:
    demo = fresh_demo
    before = (await demo.data(COVERAGE, SOLENNE))["coverageGaps"]
    assert "stk-hugo-lefebvre" in subjects(before, "UNCOVERED_INFLUENCER")
    await write(
        demo,
        UPSERT_STAKEHOLDER,
        {"input": {"id": "stk-hugo-lefebvre", "name": "Hugo Lefebvre", "buyingRole": "DECISION_MAKER"}},
    )
    demo.engine.reset()
    after = (await demo.data(COVERAGE, SOLENNE))["coverageGaps"]
    assert demo.engine.export_reads > 0
    # Now a decision maker without a tie: a critical gap, ranked with the worst.
    [hugo] = [g for g in gaps_of(after, "UNCOVERED_DECISION_MAKER") if g["subjectId"] == "stk-hugo-lefebvre"]
    assert hugo["severity"] == "CRITICAL"
    assert "stk-hugo-lefebvre" not in subjects(after, "UNCOVERED_INFLUENCER")
    assert after["gaps"][0]["severity"] == after["gaps"][1]["severity"] == "CRITICAL"


async def test_projections_are_not_shared_across_access_scopes(fresh_demo: DemoServer) -> None:
    demo = fresh_demo
    variables = {"scope": {"all": True}, "top": 100}
    admin = (await demo.data(INFLUENCERS, variables))["influencers"]
    assert len(admin) == 81
    demo.engine.reset()
    member = (await demo.data(INFLUENCERS, variables, role="member"))["influencers"]
    # The member's answer comes from an export of what they may see, not
    # from the admin's cached projection.
    assert demo.engine.export_reads > 0
    assert {p["customerId"] for p in member} == {MEMBER_ACCOUNT}
    demo.engine.reset()
    assert (await demo.data(INFLUENCERS, variables, role="member"))["influencers"] == member
    assert (await demo.data(INFLUENCERS, variables))["influencers"] == admin
    assert demo.engine.export_reads == 0


async def test_concurrent_queries_after_a_write_agree(fresh_demo: DemoServer) -> None:
    demo = fresh_demo
    await demo.data(COVERAGE, SOLENNE)
    await write(
        demo,
        LINK,
        {
            "input": {
                "type": "RELATES_TO",
                "fromId": "tm-lukas-meier",
                "toId": "stk-ingrid-castell",
                "properties": {"strength": 0.6},
            }
        },
    )
    answers = await asyncio.gather(*(demo.data(COVERAGE, SOLENNE) for _ in range(6)))
    assert all(a == answers[0] for a in answers)
    assert "stk-ingrid-castell" not in subjects(answers[0]["coverageGaps"], "UNCOVERED_DECISION_MAKER")


RECORD_CALL = """mutation($input: InteractionInput!) { recordInteraction(input: $input) {
  lastContactAt errors { field message } } }"""


async def test_one_recorded_call_is_contact_not_strength(fresh_demo: DemoServer) -> None:
    demo = fresh_demo
    before = (await demo.data(COVERAGE, SOLENNE))["coverageGaps"]
    call = {
        "id": "ix-so-first-call",
        "kind": "CALL",
        "at": "2026-10-30T09:00:00Z",
        "stakeholderId": "stk-ingrid-castell",
        "teamMemberId": "tm-lukas-meier",
    }
    await write(demo, RECORD_CALL, {"input": call})
    after = (await demo.data(COVERAGE, SOLENNE))["coverageGaps"]
    # She is in touch now, but a call says nothing of how strong the tie is:
    # it counts as weak (0.2), not average, and the gap says so.
    assert "stk-ingrid-castell" not in subjects(after, "UNCOVERED_DECISION_MAKER")
    [weak] = [g for g in gaps_of(after, "WEAK_DECISION_MAKER") if g["subjectId"] == "stk-ingrid-castell"]
    assert weak["severity"] == "HIGH"
    assert "is 0.20 (Lukas Meier)" in weak["reason"]
    decision_makers = {f["name"]: f["value"] for f in after["factors"]}["decisionMakers"]
    assert decision_makers < {f["name"]: f["value"] for f in before["factors"]}["decisionMakers"] + 0.2


PEOPLE_OF = """query($customerId: ID!) {
  orgChart(customerId: $customerId) { unassigned { stakeholder { id } reportsToId } }
  stakeholders(filter: {customerId: $customerId}, first: 100) { edges { node { id customer { id } } } }
}"""
COMMITTEE_OF = """query($customerId: ID!) {
  buyingCommittee(customerId: $customerId) { roles { role members { stakeholderId } } }
}"""


async def test_a_person_who_belongs_to_an_account_is_everywhere_in_it(fresh_demo: DemoServer) -> None:
    # A new CFO whose department nobody knows yet: BELONGS_TO is all we have.
    demo = fresh_demo
    person = {
        "id": "stk-nadia-roux",
        "name": "Nadia Roux",
        "title": "Interim CFO",
        "seniority": "C_LEVEL",
        "buyingRole": "DECISION_MAKER",
    }
    await write(demo, UPSERT_STAKEHOLDER, {"input": person})
    await write(
        demo, LINK, {"input": {"type": "BELONGS_TO", "fromId": "stk-nadia-roux", "toId": "cust-solenne"}}
    )
    await write(
        demo,
        LINK,
        {"input": {"type": "REPORTS_TO", "fromId": "stk-nadia-roux", "toId": "stk-camille-durand"}},
    )
    found = await demo.data(PEOPLE_OF, SOLENNE)
    assert {"stakeholder": {"id": "stk-nadia-roux"}, "reportsToId": "stk-camille-durand"} in found[
        "orgChart"
    ]["unassigned"]
    listed = {e["node"]["id"]: e["node"]["customer"] for e in found["stakeholders"]["edges"]}
    assert listed["stk-nadia-roux"] == {"id": "cust-solenne"}
    # The analyses see her: an uncovered decision maker, with an introduction
    # through her manager, and a member of the committee's decision makers.
    report = (await demo.data(COVERAGE, SOLENNE))["coverageGaps"]
    [gap] = [g for g in gaps_of(report, "UNCOVERED_DECISION_MAKER") if g["subjectId"] == "stk-nadia-roux"]
    assert gap["severity"] == "CRITICAL"
    assert [n["id"] for n in gap["introduction"]["nodes"]][-2:] == ["stk-camille-durand", "stk-nadia-roux"]
    roles = (await demo.data(COMMITTEE_OF, SOLENNE))["buyingCommittee"]["roles"]
    deciders = next(r for r in roles if r["role"] == "DECISION_MAKER")
    assert "stk-nadia-roux" in {m["stakeholderId"] for m in deciders["members"]}
    ranked = (await demo.data(INFLUENCERS, {"scope": {"customerId": "cust-solenne"}, "top": 100}))[
        "influencers"
    ]
    assert "stk-nadia-roux" in {p["id"] for p in ranked}
