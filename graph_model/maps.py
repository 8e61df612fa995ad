"""Relationship maps and org charts: their records, and the bounded walks that read them.

A relationship map is read ring by ring from its root.  Every walk is a
column read (``graph_model.columns``), which FalkorDB ships packed: a map's
rows are small and many, and framing each cell used to cost more than the
engine's own work.  Node properties are read last, label by label, for the
nodes the map keeps, rather than with every row that reaches them (a hub's
neighbours are reached many times, most beyond the limit).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from graph_model import cypher
from graph_model.access import AccessScope
from graph_model.engines.base import Engine
from graph_model.model import REL_SPECS, Direction, Label, RelType
from graph_model.records import NodeRecord, label_of, node_from_properties, node_from_row

# Rows read per hop: a hub (an industry with thousands of customers) must not
# pull its whole neighbourhood just to fill a small map.
ROWS_PER_NODE = 4
MIN_ROW_LIMIT = 1_000
MAX_ROW_LIMIT = 50_000
MIN_WALK_ROWS = 200
ORG_CHART_LIMIT = 5_000


@dataclass(frozen=True, slots=True)
class MapNode:
    """A node of a relationship map, ``depth`` hops from its root."""

    node: NodeRecord
    depth: int


@dataclass(frozen=True, slots=True)
class MapEdge:
    """A relationship of a relationship map, with its stored properties (none in a map without them)."""

    type: str
    source: str
    target: str
    properties: dict[str, Any]

    @property
    def id(self) -> str:
        # One relationship per (type, source, target): the store MERGEs on it.
        return f"{self.type}:{self.source}->{self.target}"


@dataclass(frozen=True, slots=True)
class GraphMap:
    """The neighbourhood of a root node: its nodes by ring, and the relationships among them."""

    root_id: str
    nodes: list[MapNode]
    edges: list[MapEdge]
    truncated: bool

    def cytoscape_elements(self) -> dict[str, list[dict[str, Any]]]:
        """The map in Cytoscape.js ``elements`` form, ready to draw.

        Each element's data is its fixed keys, then its properties merged in
        as they are (a node's properties hold its id and name already): one
        dict per element, with no pass over the properties in Python.
        """
        return {
            "nodes": [
                {
                    "data": {
                        "id": (node := m.node).id,
                        "label": node.label.value,
                        "name": node.properties.get("name", ""),
                        "depth": m.depth,
                        **node.properties,
                    }
                }
                for m in self.nodes
            ],
            "edges": [
                {
                    "data": {
                        "id": e.id,
                        "source": e.source,
                        "target": e.target,
                        "type": e.type,
                        **e.properties,
                    }
                }
                for e in self.edges
            ],
        }


@dataclass(frozen=True, slots=True)
class OrgUnit:
    """A department of an org chart, with its sub-departments and its people."""

    department: NodeRecord
    parent_id: str | None
    children: list[OrgUnit] = field(default_factory=list)
    members: list[OrgMember] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class OrgMember:
    stakeholder: NodeRecord
    department_id: str | None
    manager_id: str | None


@dataclass(frozen=True, slots=True)
class OrgChart:
    customer: NodeRecord
    roots: list[OrgUnit]
    unassigned: list[OrgMember]
    truncated: bool


@dataclass(frozen=True, slots=True)
class Relationships:
    """The relationships one read found, column by column: row i is ``sources[i] -[types[i]]-> targets[i]``.

    ``properties`` holds each one's stored properties, or is None when the
    read asked for none.
    """

    sources: list[str]
    types: list[str]
    targets: list[str]
    properties: list[dict[str, Any]] | None


@dataclass(frozen=True, slots=True)
class Hop:
    """One stored direction of one ring: each relationship followed, and the node it reached.

    ``names`` and ``accounts`` are read by a map without node properties only
    (a map with them reads those with every other property, for the nodes it
    keeps).
    """

    relationships: Relationships
    reached: list[str]
    labels: list[list[str]]
    names: list[str | None] | None
    accounts: list[str | None] | None


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


async def _hop(
    engine: Engine, walked: Direction, node_properties: bool, rel_properties: bool, params: dict[str, Any]
) -> Hop:
    read = cypher.HOP[walked, node_properties, rel_properties]
    sources, types, targets, labels, *rest = await engine.read_columns(read, params)
    reached = targets if walked is Direction.OUT else sources
    names, accounts = (None, None) if node_properties else (rest.pop(0), rest.pop(0))
    relationships = Relationships(sources, types, targets, rest[0] if rel_properties else None)
    return Hop(relationships, reached, labels, names, accounts)


async def _closing_relationships(
    engine: Engine, walked: Direction, rel_properties: bool, params: dict[str, Any]
) -> Relationships:
    """Relationships of the outer ring with the ends asked for."""
    read = cypher.EDGES_AMONG[walked, rel_properties]
    sources, types, targets, *rel = await engine.read_columns(read, params)
    return Relationships(sources, types, targets, rel[0] if rel else None)


async def _node_properties(
    engine: Engine, ids_by_label: dict[Label, list[str]], access: AccessScope
) -> dict[str, NodeRecord]:
    """The given nodes with every stored property, one read per label, all at once."""
    labels = list(ids_by_label)
    replies = await asyncio.gather(
        *(
            engine.read_columns(cypher.NODE_PROPERTIES[label], {"ids": ids_by_label[label]})
            for label in labels
        )
    )
    return {
        node_id: node_from_properties(node_id, label, stored, account, access)
        for label, (ids, accounts, properties) in zip(labels, replies, strict=True)
        for node_id, account, stored in zip(ids, accounts, properties, strict=True)
    }


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
    edge_properties: bool | None = None,
) -> GraphMap:
    """Breadth-first map around ``root``: nodes by ring, edges among them.

    Without ``properties`` the nodes carry only their name: a map to draw,
    read several times faster.  Without ``edge_properties`` (by default, as
    ``properties``) the edges carry nothing but type and ends; the nodes and
    edges found are the same either way.

    Reads one directed statement per ring and stored direction (a map that
    follows BOTH, or a one-way map over a symmetric type, reads two), so cost
    grows with the map, not with the number of paths (a variable-length
    pattern would enumerate every path).  Node properties are read once the
    map is drawn, for the nodes it keeps.
    """
    rel_properties = properties if edge_properties is None else edge_properties
    type_names = [t.value for t in types] if types else None
    walks = _walks(direction, type_names)
    drawing = _Drawing(engine, root, limit, access if properties else None)
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
                room = limit - len(drawing.nodes)
                walk_rows = min(row_limit, max(MIN_WALK_ROWS, room + room // 4))
                params = {"frontier": frontier, "types": walk_types, "rowLimit": walk_rows, **scope}
                hop = await _hop(engine, walked, properties, rel_properties, params)
                drawing.truncated = drawing.truncated or len(hop.reached) >= walk_rows
                next_frontier += drawing.take(hop, ring)
            frontier = next_frontier
        if frontier and not drawing.truncated:
            # The outer ring was never expanded: add its relationships with
            # the rest of the map.
            walked, reachable = _closing_walk(direction, frontier, list(drawing.nodes))
            params = {"frontier": frontier, "ids": reachable, "types": type_names, "rowLimit": row_limit}
            closing = await _closing_relationships(engine, walked, rel_properties, params)
            drawing.truncated = len(closing.sources) >= row_limit
            drawing.add_edges(closing)
        nodes = await drawing.with_properties()
    except BaseException:
        drawing.cancel()
        raise
    # Engines return rows in no promised order, and differently shaped reads
    # (with or without properties) in different ones: edges come sorted, by
    # their keys (type, source, target).
    edges = [drawing.edges[key] for key in sorted(drawing.edges)]
    return GraphMap(root.id, nodes, edges, drawing.truncated)


class _Drawing:
    """What a map's walks have found so far: nodes by ring, edges, and the reads of their properties."""

    def __init__(self, engine: Engine, root: NodeRecord, limit: int, reader: AccessScope | None) -> None:
        self.engine = engine
        self.limit = limit
        # The caller the kept nodes' properties are read for (None: a map without properties).
        self.reader = reader
        # Each kept node as the walk that reached it first drew it; a full
        # map's get their properties once every walk is done.
        self.nodes: dict[str, MapNode] = {root.id: MapNode(root, 0)}
        self.edges: dict[tuple[str, str, str], MapEdge] = {}
        self.truncated = False
        # Properties of the nodes each walk kept, read while the next walk runs.
        self.reading: list[asyncio.Future[dict[str, NodeRecord]]] = []

    def take(self, hop: Hop, ring: int) -> list[str]:
        """Add one walk's relationships and nodes; returns the nodes it reached first (the next frontier)."""
        new: list[NodeRecord] = []
        nodes = self.nodes
        names, accounts = hop.names, hop.accounts
        for i, node_id in enumerate(hop.reached):
            if node_id in nodes:
                continue
            if len(nodes) >= self.limit:
                self.truncated = True
                continue
            name = names[i] if names is not None else None
            record = NodeRecord(
                node_id,
                label_of(hop.labels[i]),
                {"name": name} if name is not None else {},
                accounts[i] if accounts is not None else None,
            )
            nodes[node_id] = MapNode(record, ring)
            new.append(record)
        # A relationship is drawn only when both its ends are kept.
        self.add_edges(hop.relationships)
        if self.reader is not None and new:
            self.reading.append(asyncio.ensure_future(self._read_properties(new, self.reader)))
        return [record.id for record in new]

    def add_edges(self, found: Relationships) -> None:
        nodes, edges = self.nodes, self.edges
        rel_properties = found.properties
        for i, (source, rel_type, target) in enumerate(
            zip(found.sources, found.types, found.targets, strict=True)
        ):
            key = (rel_type, source, target)
            if key in edges or source not in nodes or target not in nodes:
                continue
            edges[key] = MapEdge(
                rel_type, source, target, rel_properties[i] if rel_properties is not None else {}
            )

    async def _read_properties(self, kept: list[NodeRecord], access: AccessScope) -> dict[str, NodeRecord]:
        by_label: dict[Label, list[str]] = {}
        for record in kept:
            by_label.setdefault(record.label, []).append(record.id)
        return await _node_properties(self.engine, by_label, access)

    async def with_properties(self) -> list[MapNode]:
        """The kept nodes, root first, then by ring; a full map's with their stored properties."""
        stored: dict[str, NodeRecord] = {}
        for found in await asyncio.gather(*self.reading):
            stored |= found
        # A node removed since the walk reached it stays as the walk drew it.
        return [
            MapNode(stored[m.node.id], m.depth) if m.node.id in stored else m for m in self.nodes.values()
        ]

    def cancel(self) -> None:
        for reading in self.reading:
            reading.cancel()


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
