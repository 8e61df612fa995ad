"""Alerts derived from the log: each kind from the change that causes it, scoped like the log."""

from __future__ import annotations

import asyncio

from algorithms.account_alerts import COVERAGE_DROP_POINTS, AlertKind
from api.analytics.service import AnalyticsService
from graph_model.access import EVERYTHING, AccessScope
from graph_model.changes import ChangeOp
from graph_model.importer import import_document
from graph_model.model import RelType
from graph_model.store import GraphStore, utc_now
from tests.api.support import SEED, node, rel


async def test_each_alert_kind_comes_with_its_cause(store: GraphStore) -> None:
    assert (await import_document(store, SEED)).ok
    await asyncio.sleep(0.002)
    since = utc_now()
    await asyncio.sleep(0.002)
    round_of_changes = {
        "nodes": [
            node("Stakeholder", "s-bob", "Bob Baker", title="CTO", seniority="VP", stance="BLOCKER"),
            node("Stakeholder", "s-ivy", "Ivy Ives", title="COO", buyingRole="DECISION_MAKER"),
        ],
        "relationships": [rel("WORKS_IN", "s-ivy", "d-acme-mgmt")],
    }
    assert (await import_document(store, round_of_changes)).ok
    await store.delete_node("s-ann", cascade=True)
    assert await store.unlink(RelType.MANAGES, "tm-eve", "c-acme")
    service = AnalyticsService(store)
    try:
        await _alerts_of_each_kind(service, since)
    finally:
        service.close()


async def _alerts_of_each_kind(service: AnalyticsService, since: str) -> None:
    found = await service.account_alerts(EVERYTHING, customer_id="c-acme", since=since)
    by_kind = {a.kind: a for a in found}
    assert [a.at for a in found] == sorted((a.at for a in found), reverse=True)
    champion = by_kind[AlertKind.CHAMPION_LEFT]
    assert champion.subject_id == "s-ann" and champion.causes[0].op is ChangeOp.DELETED
    assert by_kind[AlertKind.SPONSOR_LEFT].causes[0].ids == ("tm-eve", "c-acme")
    assert by_kind[AlertKind.STANCE_WORSENED].subject_id == "s-bob"
    assert by_kind[AlertKind.NEW_DECISION_MAKER_UNCOVERED].subject_id == "s-ivy"
    assert all(a.reason and a.suggestion and a.causes for a in found)
    review = await service.account_review("c-acme", since, EVERYTHING)
    assert review is not None
    dropped = review.coverage_then.score - review.coverage_now.score >= COVERAGE_DROP_POINTS
    assert (AlertKind.COVERAGE_DROPPED in by_kind) == dropped

    # Only what the caller may see: a member of Bolt hears nothing of Acme.
    bolt = AccessScope.for_accounts(["c-bolt"])
    assert await service.account_alerts(bolt, customer_id=None, since=since) == []
    # Nothing changed before `since` counts.
    assert await service.account_alerts(EVERYTHING, customer_id=None, since=utc_now()) == []
