"""Reading one account's coverage records out of a store export."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from algorithms.coverage_input import coverage_input, org_graph, relationship_records
from algorithms.errors import NodeNotFound
from graph_model.analytics_export import ExportedEdge, ExportedNode, GraphExport
from graph_model.model import BuyingRole, DepartmentFunction, ManagesRole, Tier


def export() -> GraphExport:
    N, E = ExportedNode, ExportedEdge
    nodes = [
        N("acme", "Customer", "Acme", "acme", {"tier": "KEY"}),
        N("other", "Customer", "Other", "other"),
        N("it", "Department", "IT", "acme", {"function": "TECHNICAL"}),
        N("ops", "Department", "Ops", None, {"function": "OPERATIONS"}),
        N("ann", "Stakeholder", "Ann", "acme", {"buyingRole": "DECISION_MAKER", "seniority": "VP"}),
        N("bob", "Stakeholder", "Bob", None, {"buyingRole": "NOT_A_ROLE"}),
        N("zed", "Stakeholder", "Zed", "other"),
        N("tom", "TeamMember", "Tom", None),
        N("uma", "TeamMember", "Uma", None),
        N("vic", "TeamMember", "Vic", None),
        N("rival", "Supplier", "Rival", None, {"isUs": False}),
        N("us", "Supplier", "Us", None, {"isUs": True}),
        N("i1", "Interaction", "Call", "acme", {"kind": "CALL", "at": "2024-05-01T09:00:00Z"}),
        N("i2", "Interaction", "Visit", "acme", {"kind": "VISIT", "at": "2024-01-01T09:00:00Z"}),
    ]
    edges = [
        E("HAS_DEPARTMENT", "acme", "ops"),
        E("PART_OF", "ops", "it"),
        E("WORKS_IN", "ann", "it"),
        E("WORKS_IN", "bob", "ops"),
        E("REPORTS_TO", "bob", "ann"),
        E("KNOWS", "ann", "zed", {"strength": 0.9}),
        E(
            "RELATES_TO",
            "tom",
            "ann",
            {
                "strength": 0.7,
                "acceptance": 0.9,
                "competitiveBias": 0.1,
                "lastContactAt": "2024-03-01T00:00:00Z",
            },
        ),
        E("RELATES_TO", "uma", "bob", {}),
        E("RELATES_TO", "vic", "zed", {"strength": 0.4}),
        E("MANAGES", "uma", "acme", {"role": "EXEC_SPONSOR"}),
        E("MANAGES", "vic", "other", {"role": "OWNER"}),
        E("PREFERS", "ann", "rival", {"strength": 0.8}),
        E("PREFERS", "bob", "us", {}),
        E("WITH", "i1", "ann"),
        E("BY", "i1", "tom"),
        E("WITH", "i2", "bob"),
        E("BY", "i2", "uma"),
    ]
    return GraphExport(nodes, edges, 3)


def test_account_records() -> None:
    acct = coverage_input(export(), "acme")
    assert (acct.customer_id, acct.customer_name, acct.tier) == ("acme", "Acme", Tier.KEY)
    assert [(d.id, d.function, d.parent_id) for d in acct.departments] == [
        ("it", DepartmentFunction.TECHNICAL, None),
        ("ops", DepartmentFunction.OPERATIONS, "it"),
    ]
    ann, bob = acct.stakeholders
    assert (ann.id, ann.buying_role, ann.department_ids) == ("ann", BuyingRole.DECISION_MAKER, ("it",))
    # Bob belongs through his department; an unknown enum value reads as None.
    assert (bob.id, bob.buying_role, bob.department_ids) == ("bob", None, ("ops",))
    assert [t.id for t in acct.team_members] == ["tom", "uma"]
    assert [(m.team_member_id, m.role) for m in acct.managers] == [("uma", ManagesRole.EXEC_SPONSOR)]
    assert [(p.stakeholder_id, p.supplier_name, p.is_us, p.strength) for p in acct.preferences] == [
        ("ann", "Rival", False, 0.8),
        ("bob", "Us", True, None),
    ]
    # Ties leaving the account (Ann knows Zed of Other) are left out.
    assert [(t.type, t.source, t.target) for t in acct.ties] == [("REPORTS_TO", "bob", "ann")]


def test_relationships_take_the_latest_contact() -> None:
    tom_ann, uma_bob = coverage_input(export(), "acme").relationships
    assert (tom_ann.strength, tom_ann.acceptance, tom_ann.competitive_bias) == (0.7, 0.9, 0.1)
    assert tom_ann.guidance is None
    # The call on 1 May is later than the stored 1 March.
    assert tom_ann.last_contact_at == datetime(2024, 5, 1, 9, tzinfo=UTC)
    assert uma_bob.strength is None
    assert uma_bob.last_contact_at == datetime(2024, 1, 1, 9, tzinfo=UTC)
    assert tom_ann.account_id == "acme"


def test_relationship_records_span_accounts() -> None:
    records = relationship_records(export())
    assert sorted((r.team_member_id, r.stakeholder_id, r.account_id) for r in records) == [
        ("tom", "ann", "acme"),
        ("uma", "bob", None),
        ("vic", "zed", "other"),
    ]


def test_org_graph_follows_people_graph_conventions() -> None:
    acct = coverage_input(export(), "acme")
    G = org_graph(acct)
    assert sorted(G.edges()) == [
        ("ann", "tom"),
        ("bob", "ann"),
        ("bob", "uma"),
        ("tom", "ann"),
        ("uma", "bob"),
    ]
    assert G.nodes["ann"]["buyingRole"] == "DECISION_MAKER"
    assert G["uma"]["bob"]["weight"] == 0.5
    assert sorted(org_graph(acct, include_team=False)) == ["ann", "bob"]
    assert list(org_graph(acct, types=["KNOWS"]).edges("bob")) == [("bob", "uma")]


def test_unknown_customer() -> None:
    with pytest.raises(NodeNotFound):
        coverage_input(export(), "nope")
    with pytest.raises(NodeNotFound):
        coverage_input(export(), "tom")  # not a customer and owns nothing


def test_customer_node_may_be_missing_if_it_owns_something() -> None:
    data = export()
    trimmed = GraphExport([n for n in data.nodes if n.id != "acme"], data.edges, data.version)
    acct = coverage_input(trimmed, "acme")
    assert acct.customer_name == "acme"
    assert [s.id for s in acct.stakeholders] == ["ann", "bob"]
    assert acct.tier is None
