"""Relationship maps and org charts: bounded traversals from one node."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graph_model import cypher
from graph_model.access import AccessScope
from graph_model.engines.base import Engine
from graph_model.model import REL_SPECS, Direction, RelType
from graph_model.records import (
    EdgeRecord,
    GraphMap,
    MapNode,
    NodeRecord,
    OrgChart,
    OrgMember,
    OrgUnit,
    node_from_row,
)

# Rows read per hop: a hub (an industry with thousands of customers) must not
# pull its whole neighbourhood just to fill a small map.
ROWS_PER_NODE = 4
MIN_ROW_LIMIT = 1_000
MAX_ROW_LIMIT = 50_000
ORG_CHART_LIMIT = 5_000


_SYMMETRIC = [t.value for t, spec in REL_SPECS.items() if spec.symmetric]
_OPPOSITE = {Direction.OUT: Direction.IN, Direction.IN: Direction.OUT}


def _symmetric(type_names: list[str] | None) -> list[str]:
    """The symmetric types among those a map follows (None: every type)."""
    return [t for t in _SYMMETRIC if type_names is None or t in type_names]


async def relationship_map(
    engine: Engine,
    root: NodeRecord,
    access: AccessScope,
    *,
    depth: int,
    types: Sequence[RelType] | None,
    direction: Direction,
    limit: int,
) -> GraphMap:
    """Breadth-first map around ``root``: nodes by ring, edges among them.

    Reads one statement per ring (two when a one-way map follows a symmetric
    type), so cost grows with the map, not with the number of paths (a
    variable-length pattern would enumerate every path).
    """
    type_names = [t.value for t in types] if types else None
    depths: dict[str, int] = {root.id: 0}
    nodes: list[MapNode] = [MapNode(root, 0)]
    edges: dict[str, EdgeRecord] = {}
    frontier = [root.id]
    truncated = False
    scope = access.params()
    for ring in range(1, depth + 1):
        if not frontier:
            break
        row_limit = min(MAX_ROW_LIMIT, max(MIN_ROW_LIMIT, limit * ROWS_PER_NODE))
        rows = await engine.read(
            cypher.HOP[direction],
            {"frontier": frontier, "types": type_names, "rowLimit": row_limit, **scope},
        )
        truncated = truncated or len(rows) >= row_limit
        if direction is not Direction.BOTH and (symmetric := _symmetric(type_names)):
            # A symmetric type is stored one way only, but has no direction:
            # follow it against the stored direction as well.
            back = await engine.read(
                cypher.HOP[_OPPOSITE[direction]],
                {"frontier": frontier, "types": symmetric, "rowLimit": row_limit, **scope},
            )
            truncated = truncated or len(back) >= row_limit
            rows = [*rows, *back]
        next_frontier: list[str] = []
        for source, rel_type, target, rel, node_id, labels, props in rows:
            if node_id not in depths:
                if len(nodes) >= limit:
                    truncated = True
                    continue
                depths[node_id] = ring
                nodes.append(MapNode(node_from_row(node_id, labels, props, access), ring))
                next_frontier.append(node_id)
            edge = EdgeRecord(rel_type, source, target, dict(rel))
            edges.setdefault(edge.id, edge)
        frontier = next_frontier
    if frontier and not truncated:
        # The outer ring was never expanded: add the edges among its nodes.
        row_limit = min(MAX_ROW_LIMIT, max(MIN_ROW_LIMIT, limit * ROWS_PER_NODE))
        rows = await engine.read(
            cypher.EDGES_AMONG,
            {"frontier": frontier, "ids": list(depths), "types": type_names, "rowLimit": row_limit},
        )
        truncated = len(rows) >= row_limit
        for source, rel_type, target, rel in rows:
            edge = EdgeRecord(rel_type, source, target, dict(rel))
            edges.setdefault(edge.id, edge)
    return GraphMap(root.id, nodes, list(edges.values()), truncated)


async def org_chart(engine: Engine, customer: NodeRecord, access: AccessScope) -> OrgChart:
    """The department tree of a customer with its people and reporting lines."""
    params: dict[str, Any] = {"customerId": customer.id, "limit": ORG_CHART_LIMIT + 1}
    dept_rows = await engine.read(cypher.ORG_DEPARTMENTS, params)
    people_rows = await engine.read(cypher.ORG_STAKEHOLDERS, params)
    truncated = len(dept_rows) > ORG_CHART_LIMIT or len(people_rows) > ORG_CHART_LIMIT
    units: dict[str, OrgUnit] = {}
    for node_id, labels, props, parent_id in dept_rows[:ORG_CHART_LIMIT]:
        units[node_id] = OrgUnit(node_from_row(node_id, labels, props, access), parent_id)
    roots: list[OrgUnit] = []
    for unit in units.values():
        parent = units.get(unit.parent_id) if unit.parent_id else None
        (parent.children if parent else roots).append(unit)
    unassigned: list[OrgMember] = []
    for node_id, labels, props, department_id, manager_id in people_rows[:ORG_CHART_LIMIT]:
        member = OrgMember(node_from_row(node_id, labels, props, access), department_id, manager_id)
        home = units.get(department_id) if department_id else None
        (home.members if home else unassigned).append(member)
    return OrgChart(customer, roots, unassigned, truncated)
