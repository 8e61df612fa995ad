"""The change log: one entry per changed entity, written by the write itself, on every engine."""

from __future__ import annotations

from typing import Any

import pytest

import graph_model.store
from graph_model.access import AccessScope
from graph_model.analytics_export import ExportScope
from graph_model.changes import Change, ChangeKind, ChangeOp
from graph_model.importer import import_document
from graph_model.model import Label, RelType
from graph_model.store import GraphStore
from graph_model.validation import validate_node, validate_relationship

DOC: dict[str, Any] = {
    "nodes": [
        {"label": "Customer", "id": "c-acme", "properties": {"name": "Acme", "tier": "KEY"}},
        {"label": "Customer", "id": "c-beta", "properties": {"name": "Beta"}},
        {"label": "Department", "id": "d-it", "properties": {"name": "IT"}},
        {"label": "Department", "id": "d-beta", "properties": {"name": "Beta Buying"}},
        {
            "label": "Stakeholder",
            "id": "s-ann",
            "properties": {"name": "Ann", "stance": "CHAMPION", "email": "ann@acme.test"},
        },
        {"label": "Stakeholder", "id": "s-cat", "properties": {"name": "Cat"}},
        {"label": "TeamMember", "id": "t-tom", "properties": {"name": "Tom"}},
    ],
    "relationships": [
        {"type": "HAS_DEPARTMENT", "from": "c-acme", "to": "d-it"},
        {"type": "HAS_DEPARTMENT", "from": "c-beta", "to": "d-beta"},
        {"type": "WORKS_IN", "from": "s-ann", "to": "d-it"},
        {"type": "WORKS_IN", "from": "s-cat", "to": "d-beta"},
        {"type": "KNOWS", "from": "s-ann", "to": "s-cat", "properties": {"strength": 0.6}},
        {"type": "RELATES_TO", "from": "t-tom", "to": "s-ann", "properties": {"strength": 0.8}},
    ],
}
ADMIN = AccessScope(actor="api-key:k1")


async def _load(store: GraphStore, access: AccessScope = ADMIN) -> None:
    report = await import_document(store, DOC, access)
    assert report.ok, report.errors


async def _load_written_at(store: GraphStore, moment: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """``_load`` with every entry stamped ``moment``."""
    with monkeypatch.context() as patch:
        patch.setattr(graph_model.store, "utc_now", lambda: moment)
        await _load(store)


async def _all(store: GraphStore, access: AccessScope = ADMIN, **kw: Any) -> list[Change]:
    return await store.changes(access, limit=1000, **kw)


def _node(store_changes: list[Change], node_id: str) -> list[Change]:
    return [c for c in store_changes if c.kind is ChangeKind.NODE and c.entity_id == node_id]


async def test_an_import_logs_each_entity_once_numbered_up_to_the_version(store: GraphStore) -> None:
    await _load(store)
    logged = await _all(store)
    assert len(logged) == len(DOC["nodes"]) + len(DOC["relationships"])
    assert [c.seq for c in logged] == list(range(len(logged), 0, -1))
    assert await store.version() == logged[0].seq
    assert {c.op for c in logged} == {ChangeOp.CREATED}
    assert {c.actor for c in logged} == {"api-key:k1"}
    [ann] = _node(logged, "s-ann")
    assert ann.name == Label.STAKEHOLDER.value and ann.before == {}
    assert ann.after == {"name": "Ann", "stance": "CHAMPION", "email": "changed"}
    # The account comes from the department the same import placed Ann in.
    assert ann.accounts == ("c-acme",)
    [knows] = [c for c in logged if c.name == RelType.KNOWS.value]
    assert (knows.source, knows.target) == ("s-ann", "s-cat")
    assert knows.after == {"strength": 0.6} and set(knows.accounts) == {"c-acme", "c-beta"}


async def test_a_write_that_changes_nothing_leaves_no_entry(store: GraphStore) -> None:
    await _load(store)
    count = len(await _all(store))
    await _load(store)
    same, _ = validate_relationship(
        {"type": "KNOWS", "from": "s-cat", "to": "s-ann", "properties": {"strength": 0.6}}
    )
    assert same is not None
    await store.upsert_relationships([same])
    assert len(await _all(store)) == count


async def test_an_update_logs_only_what_moved_and_personal_values_never(store: GraphStore) -> None:
    await _load(store)
    row, _ = validate_node(
        {
            "label": "Stakeholder",
            "id": "s-ann",
            "properties": {"name": "Ann", "stance": "SKEPTIC", "email": "ann@new.test"},
        }
    )
    assert row is not None
    await store.upsert_nodes([row], ADMIN)
    [latest] = await store.changes(ADMIN, limit=1)
    assert latest.op is ChangeOp.UPDATED and latest.entity_id == "s-ann"
    assert latest.before == {"stance": "CHAMPION", "email": "changed"}
    assert latest.after == {"stance": "SKEPTIC", "email": "changed"}
    assert latest.seq == await store.version()


async def test_replacing_unlinking_and_deleting_are_logged(store: GraphStore) -> None:
    await _load(store)
    start = await store.version()
    moved, _ = validate_relationship({"type": "WORKS_IN", "from": "s-cat", "to": "d-it"})
    assert moved is not None
    await store.upsert_relationships([moved], ADMIN)
    replaced = await store.changes_after(start, ADMIN)
    assert [(c.op, c.name, c.ids) for c in replaced] == [
        (ChangeOp.DELETED, "WORKS_IN", ("s-cat", "d-beta")),
        (ChangeOp.CREATED, "WORKS_IN", ("s-cat", "d-it")),
    ]
    assert await store.unlink(RelType.KNOWS, "s-cat", "s-ann", ADMIN)
    [unlinked] = await store.changes(ADMIN, limit=1)
    assert (unlinked.op, unlinked.name, unlinked.before) == (ChangeOp.DELETED, "KNOWS", {"strength": 0.6})
    mark = await store.version()
    await store.delete_node("s-ann", cascade=True, access=ADMIN)
    deleted = await store.changes_after(mark, ADMIN)
    # Its relationships first, then the node with every property it had.
    assert [(c.kind, c.name) for c in deleted] == [
        (ChangeKind.RELATIONSHIP, "WORKS_IN"),
        (ChangeKind.RELATIONSHIP, "RELATES_TO"),
        (ChangeKind.NODE, "Stakeholder"),
    ]
    assert deleted[-1].before == {"name": "Ann", "stance": "CHAMPION", "email": "changed"}
    assert deleted[-1].accounts == ("c-acme",)
    assert await store.version() == deleted[-1].seq


async def test_contacts_are_logged_when_they_move_forward(store: GraphStore) -> None:
    await _load(store)
    mark = await store.version()
    await store.record_contacts([("t-tom", "s-ann")], "2026-01-02T00:00:00.000Z", actor="cli")
    await store.record_contacts([("t-tom", "s-ann")], "2026-01-01T00:00:00.000Z", actor="cli")
    [contact] = await store.changes_after(mark, ADMIN)
    assert contact.actor == "cli" and contact.op is ChangeOp.UPDATED
    assert contact.after == {"lastContactAt": "2026-01-02T00:00:00.000Z"} and contact.before == {}


async def test_an_account_member_sees_only_its_accounts_changes(store: GraphStore) -> None:
    await _load(store)
    member = AccessScope.for_accounts(["c-beta"], actor="jwt-user")
    seen = await _all(store, member)
    ids = {c.ids for c in seen}
    assert ("s-cat",) in ids and ("s-ann",) not in ids
    # Ann's tie to Cat crosses into an account the member may not see.
    assert ("s-ann", "s-cat") not in ids
    # Shared entities (our team) are visible to everyone, as in every read.
    assert ("t-tom",) in ids
    assert all(set(c.accounts) <= {"c-beta"} for c in seen)
    only_acme = await _all(store, customer_id="c-acme")
    assert only_acme and all("c-acme" in c.accounts for c in only_acme)
    assert await _all(store, member, customer_id="c-acme") == []


async def test_pages_and_since_and_pruning(store: GraphStore) -> None:
    await _load(store)
    logged = await _all(store)
    first = await store.changes(ADMIN, limit=5)
    rest = await store.changes(ADMIN, before_seq=first[-1].seq, limit=1000)
    assert first + rest == logged
    assert await _all(store, since="2999-01-01T00:00:00.000Z") == []
    assert len(await _all(store, since=logged[-1].at)) == len(logged)
    assert await store.prune_changes(logged[-1].at) == 0
    assert await store.prune_changes("2999-01-01T00:00:00.000Z", batch=4) == len(logged)
    assert await _all(store) == []
    # The version is the graph's, not the log's: pruning leaves it.
    assert await store.version() == logged[0].seq


async def test_the_log_is_never_in_maps_exports_or_counts(store: GraphStore) -> None:
    await _load(store)
    labels, types = await store.counts()
    assert "ChangeLog" not in labels and sum(labels.values()) == len(DOC["nodes"])
    assert sum(types.values()) == len(DOC["relationships"])
    whole = await store.export_scope(ExportScope.everything())
    assert len(whole.nodes) == len(DOC["nodes"]) and len(whole.edges) == len(DOC["relationships"])
    dumped = await store.dump()
    assert len(dumped["nodes"]) == len(DOC["nodes"])
    assert await store.search("Ann") and all(n.label is not None for n, _ in await store.search("Ann"))


async def test_since_and_pruning_split_old_from_new_entries(
    store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = "2026-01-01T00:00:00.000Z"
    await _load_written_at(store, old, monkeypatch)
    row, _ = validate_node(
        {"label": "Stakeholder", "id": "s-cat", "properties": {"name": "Cat", "stance": "BLOCKER"}}
    )
    assert row is not None
    await store.upsert_nodes([row], ADMIN)
    [new] = await _all(store, since="2026-01-01T00:00:00.001Z")
    assert new.entity_id == "s-cat" and new.at > old
    assert await store.prune_changes("2026-01-01T00:00:00.001Z") == len(DOC["nodes"]) + len(
        DOC["relationships"]
    )
    assert await _all(store) == [new]


async def test_pages_of_a_long_log_walk_it_span_by_span(
    store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The account's entries lie at the bottom, under more entries than the
    # first spans hold, and older than `since`.
    await _load_written_at(store, "2026-01-01T00:00:00.000Z", monkeypatch)
    shared = [
        validate_node({"label": "Industry", "id": f"i-{n:04d}", "properties": {"name": f"Industry {n}"}})[0]
        for n in range(1200)
    ]
    await store.upsert_nodes([row for row in shared if row is not None], ADMIN)
    total = await store.version()
    assert total == len(DOC["nodes"]) + len(DOC["relationships"]) + 1200
    paged: list[int] = []
    before = None
    while len(page := await store.changes(ADMIN, before_seq=before, limit=97)):
        paged += [c.seq for c in page]
        before = page[-1].seq
    assert paged == list(range(total, 0, -1))
    assert [c.seq for c in await store.changes(ADMIN, limit=5000)] == paged
    acme = await store.changes(ADMIN, customer_id="c-acme", limit=3)
    assert len(acme) == 3 and all("c-acme" in c.accounts for c in acme)
    assert acme == (await store.changes(ADMIN, customer_id="c-acme", limit=100))[:3]
    recent = await store.changes(ADMIN, since="2026-01-01T00:00:00.001Z", limit=5000)
    assert [c.seq for c in recent] == list(range(total, total - 1200, -1))
    assert await store.count_changes(ADMIN) == total
    assert await store.count_changes(ADMIN, since="2026-01-01T00:00:00.001Z") == 1200
    assert await store.count_changes(ADMIN, customer_id="c-acme") == len(
        await store.changes(ADMIN, customer_id="c-acme", limit=5000)
    )
    member = AccessScope.for_accounts(["c-beta"], actor="jwt-user")
    assert await store.count_changes(member) == len(await store.changes(member, limit=5000))
