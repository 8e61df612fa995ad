"""Relationship maps and org charts: bounded traversals from one node."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

from graph_model import cypher
from graph_model.access import AccessScope
from graph_model.engines.base import Engine, Row
from graph_model.model import ACCOUNT_PROPERTY, REL_SPECS, Direction, RelType
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
MIN_WALK_ROWS = 200
ORG_CHART_LIMIT = 5_000


_SYMMETRIC = [t.value for t, spec in REL_SPECS.items() if spec.symmetric]
_OPPOSITE = {Direction.OUT: Direction.IN, Direction.IN: Direction.OUT}


def _symmetric(type_names: list[str] | None) -> list[str]:
    """The symmetric types among those a map follows (None: every type)."""
    return [t for t in _SYMMETRIC if type_names is None or t in type_names]


def _walks(direction: Direction, type_names: list[str] | None) -> list[tuple[Direction, list[str] | None]]:
    """The stored directions a ring reads, each with the types it follows."""
    if direction is Direction.BOTH:
        return [(Direction.OUT, type_names), (Direction.IN, type_names)]
    walks: list[tuple[Direction, list[str] | None]] = [(direction, type_names)]
    if symmetric := _symmetric(type_names):
        # A symmetric type is stored one way only, but has no direction:
        # follow it against the stored direction as well.
        walks.append((_OPPOSITE[direction], symmetric))
    return walks


_NO_PROPERTIES: Mapping[str, Any] = MappingProxyType({})


async def _hop(engine: Engine, walked: Direction, params: dict[str, Any]) -> list[Row]:
    return await engine.read(cypher.HOP[walked], params)


def _name_properties(name: str | None, account: str | None) -> dict[str, Any]:
    # A node without a name (or an account) has none to send either.
    props: dict[str, Any] = {}
    if name is not None:
        props["name"] = name
    if account is not None:
        props[ACCOUNT_PROPERTY] = account
    return props


async def _hop_names(engine: Engine, walked: Direction, params: dict[str, Any]) -> list[Row]:
    """Hop rows with only a name (and owning account) for each node reached."""
    sources, types, targets, labels, names, accounts = await engine.read_columns(
        cypher.HOP_NAMES[walked], params
    )
    reached = targets if walked is Direction.OUT else sources
    return [
        [s, t, d, _NO_PROPERTIES, node_id, [label], _name_properties(name, account)]
        for s, t, d, node_id, label, name, account in zip(
            sources, types, targets, reached, labels, names, accounts, strict=True
        )
    ]


def _closing_walk(
    direction: Direction, frontier: list[str], mapped: list[str]
) -> tuple[Direction, list[str]]:
    """The one read that finds the outer ring's relationships, and the ends it may reach.

    Every relationship of the map can be followed from its source (or, in a
    map that follows IN, from its target), and every inner node was expanded
    in full (untruncated, or this is not asked).  So an OUT map lacks only
    what leaves the outer ring, and a map that follows BOTH directions only
    what joins two outer nodes: what joins an inner node was read from there.
    """
    if direction is Direction.BOTH:
        return Direction.OUT, frontier
    return direction, mapped


async def relationship_map(
    engine: Engine,
    root: NodeRecord,
    access: AccessScope,
    *,
    depth: int,
    types: Sequence[RelType] | None,
    direction: Direction,
    limit: int,
    properties: bool = True,
) -> GraphMap:
    """Breadth-first map around ``root``: nodes by ring, edges among them.

    Without ``properties`` the nodes carry only their name and the edges
    nothing but type and ends: a map to draw, read about twice as fast.

    Reads one directed statement per ring and stored direction (a map that
    follows BOTH, or a one-way map over a symmetric type, reads two), so cost
    grows with the map, not with the number of paths (a variable-length
    pattern would enumerate every path).
    """
    type_names = [t.value for t in types] if types else None
    walks = _walks(direction, type_names)
    depths: dict[str, int] = {root.id: 0}
    nodes: list[MapNode] = [MapNode(root, 0)]
    edges: dict[str, EdgeRecord] = {}
    frontier = [root.id]
    truncated = False
    scope = access.params()
    row_limit = min(MAX_ROW_LIMIT, max(MIN_ROW_LIMIT, limit * ROWS_PER_NODE))
    for ring in range(1, depth + 1):
        if not frontier:
            break
        next_frontier: list[str] = []
        for walked, walk_types in walks:
            # Rows are most of the cost of a map (above all with properties):
            # read about as many as the nodes still missing, plus some
            # slack for rows that only close edges among nodes already kept.
            room = limit - len(nodes)
            walk_rows = min(row_limit, max(MIN_WALK_ROWS, room + room // 4))
            params = {"frontier": frontier, "types": walk_types, "rowLimit": walk_rows, **scope}
            rows = await (_hop(engine, walked, params) if properties else _hop_names(engine, walked, params))
            truncated = truncated or len(rows) >= walk_rows
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
        # The outer ring was never expanded: add its relationships with the
        # rest of the map.
        walked, reachable = _closing_walk(direction, frontier, list(depths))
        params = {"frontier": frontier, "ids": reachable, "types": type_names, "rowLimit": row_limit}
        if properties:
            rows = await engine.read(cypher.EDGES_AMONG[walked], params)
        else:
            ends = await engine.read_columns(cypher.EDGES_AMONG_NAMES[walked], params)
            rows = [[s, t, d, _NO_PROPERTIES] for s, t, d in zip(*ends, strict=True)]
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
