"""Graph-shaped payloads: relationship maps, org charts, search hits."""

from __future__ import annotations

from typing import cast

import strawberry
from strawberry.scalars import JSON

from api.graphql.core import enums
from api.graphql.entities.types import Customer, Department, Node, Stakeholder, to_type
from graph_model.model import RelType
from graph_model.records import GraphMap, OrgChart, OrgMember, OrgUnit


@strawberry.type(description="A node of a relationship map, ready to draw.")
class MapNode:
    id: strawberry.ID
    label: enums.NodeLabel
    name: str
    depth: int = strawberry.field(description="Hops from the root.")
    properties: JSON


@strawberry.type(description="An edge of a relationship map, ready to draw.")
class MapEdge:
    id: strawberry.ID
    source: strawberry.ID
    target: strawberry.ID
    type: enums.RelationshipType
    properties: JSON


@strawberry.type(description="The neighbourhood of a node, as nodes and edges.")
class RelationshipMap:
    graph: strawberry.Private[GraphMap]

    @strawberry.field
    def root_id(self) -> strawberry.ID:
        return strawberry.ID(self.graph.root_id)

    @strawberry.field(description="True when the node limit or a hub cut the map short.")
    def truncated(self) -> bool:
        return self.graph.truncated

    @strawberry.field
    def node_count(self) -> int:
        return len(self.graph.nodes)

    @strawberry.field
    def edge_count(self) -> int:
        return len(self.graph.edges)

    @strawberry.field
    def nodes(self) -> list[MapNode]:
        return [
            MapNode(
                id=strawberry.ID(m.node.id),
                label=m.node.label,
                name=m.node.name,
                depth=m.depth,
                properties=cast(JSON, m.node.properties),
            )
            for m in self.graph.nodes
        ]

    @strawberry.field
    def edges(self) -> list[MapEdge]:
        return [
            MapEdge(
                id=strawberry.ID(e.id),
                source=strawberry.ID(e.source),
                target=strawberry.ID(e.target),
                type=RelType(e.type),
                properties=cast(JSON, e.properties),
            )
            for e in self.graph.edges
        ]

    @strawberry.field(
        description="The same map as one value in Cytoscape.js elements format (nodes and edges with "
        "their data), ready for `cy.add`."
    )
    def elements(self) -> JSON:
        return cast(JSON, self.graph.cytoscape_elements())

    @strawberry.field(description="Typed nodes of the map, for nested traversal.")
    def entities(self) -> list[Node]:
        return [to_type(m.node) for m in self.graph.nodes]


@strawberry.type
class OrgChartMember:
    member: strawberry.Private[OrgMember]

    @strawberry.field
    def stakeholder(self) -> Stakeholder:
        return Stakeholder(record=self.member.stakeholder)

    @strawberry.field
    def reports_to_id(self) -> strawberry.ID | None:
        return strawberry.ID(self.member.manager_id) if self.member.manager_id else None


@strawberry.type(description="A department with its people and sub-departments.")
class OrgChartUnit:
    unit: strawberry.Private[OrgUnit]

    @strawberry.field
    def department(self) -> Department:
        return Department(record=self.unit.department)

    @strawberry.field
    def members(self) -> list[OrgChartMember]:
        return [OrgChartMember(member=m) for m in self.unit.members]

    @strawberry.field
    def children(self) -> list[OrgChartUnit]:
        return [OrgChartUnit(unit=u) for u in self.unit.children]


@strawberry.type(description="A customer's department hierarchy with stakeholders and reporting lines.")
class OrgChartTree:
    chart: strawberry.Private[OrgChart]

    @strawberry.field
    def customer(self) -> Customer:
        return Customer(record=self.chart.customer)

    @strawberry.field
    def roots(self) -> list[OrgChartUnit]:
        return [OrgChartUnit(unit=u) for u in self.chart.roots]

    @strawberry.field(description="Stakeholders of the account with no department.")
    def unassigned(self) -> list[OrgChartMember]:
        return [OrgChartMember(member=m) for m in self.chart.unassigned]

    @strawberry.field
    def truncated(self) -> bool:
        return self.chart.truncated


@strawberry.type(description="A node found by search, and how well it matched.")
class SearchHit:
    score: float = strawberry.field(description="The engine's relevance score: higher is better.")
    node: Node
