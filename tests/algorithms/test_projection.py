"""Projection of a store export into the people graph and customer records."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from algorithms.errors import InvalidParameter
from algorithms.projection import customer_records, people_graph
from graph_model.analytics_export import ExportedEdge, ExportedNode, GraphExport
from graph_model.model import LifecycleStage


def _export() -> GraphExport:
    nodes = [
        ExportedNode("c1", "Customer", "Acme", "c1", {"annualRevenue": 100.0}),
        ExportedNode("d1", "Department", "IT", "c1", {"function": "TECHNICAL"}),
        ExportedNode(
            "boss",
            "Stakeholder",
            "Bea",
            "c1",
            {"seniority": "C_LEVEL", "buyingRole": "DECISION_MAKER", "email": "bea@acme", "title": "CEO"},
        ),
        ExportedNode("sub", "Stakeholder", "Sam", "c1", {"seniority": "STAFF", "phone": "123"}),
        ExportedNode("peer", "Stakeholder", "Pia", "c2", {}),
        ExportedNode("tm", "TeamMember", "Tom", None, {"title": "AE"}),
        ExportedNode("sup", "Supplier", "Rival", None, {"isUs": False}),
    ]
    edges = [
        ExportedEdge("WORKS_IN", "sub", "d1"),
        ExportedEdge("REPORTS_TO", "sub", "boss"),
        ExportedEdge("INFLUENCES", "sub", "boss", {"strength": 0.3}),
        ExportedEdge("INFLUENCES", "boss", "sub", {"strength": 0.9}),
        ExportedEdge("KNOWS", "boss", "peer", {"strength": 0.6}),
        ExportedEdge("KNOWS", "sub", "peer", {}),
        ExportedEdge("RELATES_TO", "tm", "boss", {"strength": 0.8}),
        ExportedEdge("PREFERS", "boss", "sup", {"strength": 0.9}),
        ExportedEdge("KNOWS", "sub", "ghost", {"strength": 0.9}),
    ]
    return GraphExport(nodes, edges, version=42)


def test_people_only_with_their_analytic_properties() -> None:
    G = people_graph(_export())
    assert sorted(G) == ["boss", "peer", "sub", "tm"]
    boss = G.nodes["boss"]
    assert boss["label"] == "Stakeholder"
    assert boss["accountId"] == "c1"
    assert (boss["seniority"], boss["buyingRole"], boss["title"]) == ("C_LEVEL", "DECISION_MAKER", "CEO")
    assert "email" not in boss
    assert "phone" not in G.nodes["sub"]
    assert G.nodes["sub"]["departments"] == ("d1",)
    assert G.nodes["tm"]["accountId"] is None
    assert G.graph["version"] == 42


def test_edge_directions_point_at_the_person_deferred_to() -> None:
    G = people_graph(_export())
    # sub reports to boss and boss influences sub: both say sub defers to boss.
    assert G["sub"]["boss"]["types"] == frozenset({"REPORTS_TO", "INFLUENCES"})
    assert G["sub"]["boss"]["weight"] == 1.0
    # sub influences boss (0.3): boss defers to sub, on its own edge.
    assert G["boss"]["sub"]["types"] == frozenset({"INFLUENCES"})
    assert G["boss"]["sub"]["weight"] == 0.3


def test_symmetric_ties_go_both_ways_with_default_strength() -> None:
    G = people_graph(_export())
    assert G["boss"]["peer"]["weight"] == G["peer"]["boss"]["weight"] == 0.6
    assert G["sub"]["peer"]["weight"] == G["peer"]["sub"]["weight"] == 0.5
    assert G["tm"]["boss"]["weight"] == G["boss"]["tm"]["weight"] == 0.8
    assert G["tm"]["boss"]["types"] == frozenset({"RELATES_TO"})
    # Edges to nodes outside the export (access-filtered) are dropped.
    assert "ghost" not in G
    assert G.number_of_edges() == 8


def test_parallel_types_keep_the_largest_weight() -> None:
    export = GraphExport(
        [ExportedNode("a", "Stakeholder", "A", "c"), ExportedNode("b", "Stakeholder", "B", "c")],
        [
            ExportedEdge("KNOWS", "a", "b", {"strength": 0.2}),
            ExportedEdge("INFLUENCES", "b", "a", {"strength": 0.7}),
        ],
        1,
    )
    G = people_graph(export)
    assert G["a"]["b"] == {
        "weight": 0.7,
        "types": frozenset({"KNOWS", "INFLUENCES"}),
        "strengths": {"KNOWS": 0.2, "INFLUENCES": 0.7},
    }
    assert G["b"]["a"] == {"weight": 0.2, "types": frozenset({"KNOWS"}), "strengths": {"KNOWS": 0.2}}


def test_each_type_keeps_its_own_stated_strength() -> None:
    export = GraphExport(
        [ExportedNode("a", "Stakeholder", "A", "c"), ExportedNode("b", "Stakeholder", "B", "c")],
        [
            ExportedEdge("REPORTS_TO", "a", "b"),
            ExportedEdge("KNOWS", "a", "b"),
            ExportedEdge("INFLUENCES", "b", "a", {"strength": 0.3}),
        ],
        1,
    )
    G = people_graph(export)
    # The blended weight says 1.0 (the reporting line); each type says what was stored.
    assert G["a"]["b"]["weight"] == 1.0
    assert G["a"]["b"]["strengths"] == {"REPORTS_TO": None, "KNOWS": None, "INFLUENCES": 0.3}


def test_type_and_label_filters() -> None:
    G = people_graph(_export(), types=["KNOWS"], labels=["Stakeholder"])
    assert sorted(G) == ["boss", "peer", "sub"]
    assert sorted(G.edges()) == [("boss", "peer"), ("peer", "boss"), ("peer", "sub"), ("sub", "peer")]


def test_custom_weights() -> None:
    G = people_graph(_export(), default_strength=0.25, reports_to_weight=0.9)
    assert G["sub"]["peer"]["weight"] == 0.25
    assert G["sub"]["boss"]["weight"] == 0.9


@pytest.mark.parametrize(
    "kwargs",
    [
        {"types": ["KNOWS", "SUPPLIES"]},
        {"labels": ["Customer"]},
        {"default_strength": 0.0},
        {"reports_to_weight": 1.5},
    ],
)
def test_bad_options_are_named_errors(kwargs: dict[str, object]) -> None:
    with pytest.raises(InvalidParameter):
        people_graph(_export(), **kwargs)  # type: ignore[arg-type]


def test_empty_export() -> None:
    G = people_graph(GraphExport([], [], 0))
    assert len(G) == 0


def test_customer_records() -> None:
    export = GraphExport(
        [
            ExportedNode(
                "c2",
                "Customer",
                "Beta",
                "c2",
                {
                    "annualRevenue": 10,
                    "potentialValue": 5.5,
                    "purchaseCount": 3,
                    "lastPurchaseAt": "2024-03-01T12:00:00Z",
                    "lifecycleStage": "AT_RISK",
                    "tier": "KEY",
                },
            ),
            ExportedNode("c1", "Customer", "Acme", "c1", {"lifecycleStage": "BOGUS"}),
            ExportedNode("s", "Stakeholder", "S", "c1"),
        ],
        [],
        1,
    )
    first, second = customer_records(export)
    assert first.id == "c1"
    assert (first.annual_revenue, first.purchase_count, first.lifecycle_stage) == (0.0, 0, None)
    assert second.annual_revenue == 10.0
    assert second.potential_value == 5.5
    assert second.purchase_count == 3
    assert second.last_purchase_at == datetime(2024, 3, 1, 12, tzinfo=UTC)
    assert second.lifecycle_stage is LifecycleStage.AT_RISK
    assert second.tier == "KEY"
