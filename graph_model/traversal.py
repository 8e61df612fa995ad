"""Relationship maps and org charts: bounded traversals from one node."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from graph_model import cypher, map_reads
from graph_model.access import AccessScope
from graph_model.engines.base import Engine
from graph_model.map_reads import named_node
from graph_model.model import REL_SPECS, Direction, Label, RelType
from graph_model.records import (
    EdgeRecord,
    GraphMap,
    MapNode,
    NodeRecord,
    OrgChart,
    OrgMember,
    OrgUnit,
    label_of,
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
    nothing but type and ends: a map to draw, read several times faster.

    Reads one directed statement per ring and stored direction (a map that
    follows BOTH, or a one-way map over a symmetric type, reads two), so cost
    grows with the map, not with the number of paths (a variable-length
    pattern would enumerate every path).  Node properties are read once the
    map is drawn, for the nodes it keeps.
    """
    type_names = [t.value for t in types] if types else None
    walks = _walks(direction, type_names)
    drawing = _Drawing(engine, root.id, limit, access if properties else None)
    frontier = [root.id]
    scope = access.params()
    row_limit = min(MAX_ROW_LIMIT, max(MIN_ROW_LIMIT, limit * ROWS_PER_NODE))
    try:
        for ring in range(1, depth + 1):
            if not frontier:
                break
            next_frontier: list[str] = []
            for walked, walk_types in walks:
                # Rows cost time on both sides: read about as many as the
                # nodes still missing, plus some slack for rows that only
                # close edges among nodes already kept.
                room = limit - len(drawing.depths)
                walk_rows = min(row_limit, max(MIN_WALK_ROWS, room + room // 4))
                params = {"frontier": frontier, "types": walk_types, "rowLimit": walk_rows, **scope}
                steps = await map_reads.walk(engine, walked, properties, params)
                drawing.truncated = drawing.truncated or len(steps) >= walk_rows
                next_frontier += drawing.take(steps, ring)
            frontier = next_frontier
        if frontier and not drawing.truncated:
            # The outer ring was never expanded: add its relationships with
            # the rest of the map.
            walked, reachable = _closing_walk(direction, frontier, list(drawing.depths))
            params = {"frontier": frontier, "ids": reachable, "types": type_names, "rowLimit": row_limit}
            links = await map_reads.closing_links(engine, walked, properties, params)
            drawing.truncated = len(links) >= row_limit
            for source, rel_type, target, rel in links:
                drawing.add_edge(rel_type, source, target, rel)
        stored = await drawing.stored_properties()
    except BaseException:
        drawing.cancel()
        raise
    nodes = [MapNode(root, 0), *_map_nodes(drawing.kept, stored)]
    # Engines return rows in no promised order, and differently shaped reads
    # (with or without properties) in different ones: edges come sorted.
    edges = sorted(drawing.edges.values(), key=lambda e: (e.type, e.source, e.target))
    return GraphMap(root.id, nodes, edges, drawing.truncated)


# A node the walks kept: id, labels, name and owning account (None unless
# the map has no properties), ring.
Kept = tuple[str, list[str], str | None, str | None, int]


class _Drawing:
    """What a map's walks have found so far: nodes by ring, edges, and the reads of their properties."""

    def __init__(self, engine: Engine, root_id: str, limit: int, reader: AccessScope | None) -> None:
        self.engine = engine
        self.limit = limit
        # The caller the kept nodes' properties are read for (None: a map without properties).
        self.reader = reader
        self.depths: dict[str, int] = {root_id: 0}
        self.kept: list[Kept] = []
        self.edges: dict[tuple[str, str, str], EdgeRecord] = {}
        self.truncated = False
        # Properties of the nodes each walk kept, read while the next walk runs.
        self.reading: list[asyncio.Future[dict[str, NodeRecord]]] = []

    def take(self, steps: list[map_reads.Step], ring: int) -> list[str]:
        """Add one walk's steps; the nodes it reached first are returned (the next frontier)."""
        new: list[Kept] = []
        for source, rel_type, target, rel, node_id, labels, name, account in steps:
            if node_id not in self.depths:
                if len(self.depths) >= self.limit:
                    self.truncated = True
                    continue
                self.depths[node_id] = ring
                new.append((node_id, labels, name, account, ring))
            self.add_edge(rel_type, source, target, rel)
        self.kept += new
        if self.reader is not None and new:
            self.reading.append(asyncio.ensure_future(_read_properties(self.engine, new, self.reader)))
        return [node_id for node_id, *_ in new]

    def add_edge(self, rel_type: str, source: str, target: str, rel: dict[str, Any] | None) -> None:
        key = (rel_type, source, target)
        if key not in self.edges:
            self.edges[key] = EdgeRecord(rel_type, source, target, rel if rel is not None else {})

    async def stored_properties(self) -> dict[str, NodeRecord]:
        stored: dict[str, NodeRecord] = {}
        for found in await asyncio.gather(*self.reading):
            stored |= found
        return stored

    def cancel(self) -> None:
        for reading in self.reading:
            reading.cancel()


async def _read_properties(engine: Engine, kept: list[Kept], access: AccessScope) -> dict[str, NodeRecord]:
    by_label: dict[Label, list[str]] = {}
    for node_id, labels, *_ in kept:
        by_label.setdefault(label_of(labels), []).append(node_id)
    return await map_reads.node_properties(engine, by_label, access)


def _map_nodes(kept: list[Kept], stored: dict[str, NodeRecord]) -> list[MapNode]:
    return [
        MapNode(
            stored[node_id]
            if node_id in stored
            # Without properties, or removed since the walk reached it: what the walk read.
            else named_node(node_id, labels, name, account),
            ring,
        )
        for node_id, labels, name, account, ring in kept
    ]


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
