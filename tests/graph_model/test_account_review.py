"""accountReview: the account rebuilt from the log as of a date is the account as it was."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import pytest

from algorithms.account_review import PersonChangeKind, TieChangeKind
from algorithms.coverage_gaps import coverage_gaps
from algorithms.coverage_input import coverage_input
from api.analytics.service import AnalyticsService
from graph_model.access import EVERYTHING
from graph_model.analytics_export import ExportScope, GraphExport
from graph_model.history import rewind
from graph_model.importer import import_document
from graph_model.model import RelType
from graph_model.store import GraphStore, utc_now
from tests.api.support import SEED, node, rel

ROUND_OF_CHANGES: dict[str, Any] = {
    "nodes": [
        node(
            "Stakeholder",
            "s-ann",
            "Ann Archer",
            title="CEO",
            seniority="C_LEVEL",
            buyingRole="DECISION_MAKER",
            stance="BLOCKER",
            email="ann@acme.test",
            phone="+1 555 0100",
        ),
        node(
            "Stakeholder", "s-hal", "Hal Hope", title="CFO", seniority="C_LEVEL", buyingRole="ECONOMIC_BUYER"
        ),
    ],
    "relationships": [
        rel("WORKS_IN", "s-hal", "d-acme-mgmt"),
        rel("WORKS_IN", "s-bob", "d-acme-proc"),
        rel(
            "RELATES_TO",
            "tm-eve",
            "s-ann",
            strength=0.3,
            acceptance=0.9,
            participation=0.7,
            informationFlow=0.6,
            guidance=0.5,
            projectSupport=0.4,
            competitiveBias=0.1,
            lastContactAt="2026-01-10T09:00:00Z",
        ),
        rel("SUPPLIES", "sup-us", "c-acme", category="Software", annualValue=100_000.0, shareOfWallet=0.5),
    ],
}


def _shape(export: GraphExport) -> tuple[set[Any], set[Any]]:
    nodes = {
        (
            n.id,
            n.label,
            n.name,
            n.account_id,
            tuple(sorted((k, v) for k, v in n.props.items() if k not in ("email", "phone"))),
        )
        for n in export.nodes
    }
    edges = {(e.type, e.source, e.target, tuple(sorted(e.props.items()))) for e in export.edges}
    return nodes, edges


async def test_the_account_then_is_rebuilt_from_the_log_and_reviewed(store: GraphStore) -> None:
    assert (await import_document(store, SEED)).ok
    then_export = await store.export_scope(ExportScope.customer("c-acme"))
    await asyncio.sleep(0.002)
    since = utc_now()
    await asyncio.sleep(0.002)
    assert (await import_document(store, ROUND_OF_CHANGES)).ok
    await store.delete_node("s-cat")
    assert await store.unlink(RelType.RELATES_TO, "tm-finn", "s-bob")

    changes = await store.changes(customer_id="c-acme", since=since, limit=1000)
    now_export = await store.export_scope(ExportScope.customer("c-acme"))
    rebuilt = rewind(now_export, changes)
    then_nodes, then_edges = _shape(then_export)
    rebuilt_nodes, rebuilt_edges = _shape(rebuilt)
    assert rebuilt_edges == then_edges
    assert rebuilt_nodes == then_nodes

    now = datetime.now(UTC)
    service = AnalyticsService(store)
    try:
        review = await service.account_review("c-acme", since, EVERYTHING)
        again = await service.account_review("c-acme", since, EVERYTHING)
    finally:
        service.close()
    assert review is not None
    assert again is review, "remembered for the same version"
    people = {(p.stakeholder_id, p.kind, p.before, p.after) for p in review.people}
    assert ("s-hal", PersonChangeKind.JOINED, None, "CFO") in people
    assert ("s-cat", PersonChangeKind.LEFT, "Head of Purchasing", None) in people
    assert ("s-ann", PersonChangeKind.STANCE, "CHAMPION", "BLOCKER") in people
    assert ("s-bob", PersonChangeKind.MOVED_DEPARTMENT, "d-acme-it", "d-acme-proc") in people
    # Gus reported to Bob; Cat reported to Ann and left: no one else moved.
    assert {p.stakeholder_id for p in review.people} == {"s-hal", "s-cat", "s-ann", "s-bob"}
    ties = {(t.team_member_id, t.stakeholder_id, t.kind) for t in review.ties}
    assert ties == {("tm-eve", "s-ann", TieChangeKind.WEAKENED), ("tm-finn", "s-bob", TieChangeKind.REMOVED)}
    [supplier] = review.suppliers
    assert (supplier.supplier_id, supplier.share_before, supplier.share_after) == ("sup-us", 0.3, 0.5)
    then_moment = datetime.fromisoformat(since.replace("Z", "+00:00"))
    expected_then = coverage_gaps(coverage_input(then_export, "c-acme"), now=then_moment)
    assert review.coverage_then.score == expected_then.score
    assert [g.key for g in review.coverage_then.gaps] == [g.key for g in expected_then.gaps]
    # The service reads its own clock a moment later: recency decays continuously.
    expected_now = coverage_gaps(coverage_input(now_export, "c-acme"), now=now).score
    assert review.coverage_now.score == pytest.approx(expected_now, rel=1e-6)
    assert review.coverage_now.score != review.coverage_then.score
    # Gaps of then suggest nobody: a closed one needs no introduction, an open one has it now.
    assert all(g.introduction is None for g in review.coverage_then.gaps)
    assert any(g.introduction is not None for g in review.coverage_now.gaps)
    assert review.gaps_opened or review.gaps_closed
