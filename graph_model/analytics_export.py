"""The analytics export: the shape in which the store hands a scope of the graph to analytics, and its reads.

A scope (one account, one industry, or everything) is read as plain nodes
and edges without personal fields the caller may not see and without
bookkeeping timestamps; the graph version the export was read at travels
with it, so analytics can key their caches by it.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from graph_model import cypher, model
from graph_model.access import AccessScope
from graph_model.engines.base import Engine
from graph_model.gc_pauses import gc_paused
from graph_model.model import ACCOUNT_PROPERTY, TIMESTAMP_PROPERTIES, Label, RelType
from graph_model.records import clean_properties, label_of


class ScopeKind(model.ClosedSet):
    CUSTOMER, INDUSTRY, ALL = model.names(3)


@dataclass(frozen=True)
class ExportScope:
    """Which part of the graph to export: one account, one industry, or all."""

    kind: ScopeKind
    id: str | None = None

    @classmethod
    def customer(cls, customer_id: str) -> ExportScope:
        return cls(ScopeKind.CUSTOMER, customer_id)

    @classmethod
    def industry(cls, industry_id: str) -> ExportScope:
        return cls(ScopeKind.INDUSTRY, industry_id)

    @classmethod
    def everything(cls) -> ExportScope:
        return cls(ScopeKind.ALL)


# Not frozen: a whole-graph export builds hundreds of thousands of these, and
# a frozen dataclass is three times slower to construct.
@dataclass(slots=True)
class ExportedNode:
    id: str
    label: str
    name: str
    account_id: str | None
    props: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class ExportedEdge:
    type: str
    source: str
    target: str
    props: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class GraphExport:
    """Nodes and edges of a scope, plus the graph version they were read at."""

    nodes: list[ExportedNode]
    edges: list[ExportedEdge]
    version: int


@dataclass(frozen=True)
class ColumnExport:
    """Some labels' nodes and some types' edges of the whole graph, column by column.

    ``nodes`` maps a label to its nodes' ids and owning accounts; ``edges``
    a relationship type to its sources, targets and strengths (``None``
    for a type without one).  No object per row: a whole-graph read of
    hundreds of thousands of rows stays a handful of lists.
    """

    version: int
    nodes: dict[str, tuple[list[str], list[str | None]]]
    edges: dict[str, tuple[list[str], list[str], list[float | None] | None]]


# Analytics never needs bookkeeping timestamps; dropping them halves the data.
_SKIP = frozenset(TIMESTAMP_PROPERTIES)
_SKIP_NODE = _SKIP | {"id"}


def _node(node_id: str, labels: list[str], props: dict[str, Any], access: AccessScope) -> ExportedNode:
    clean = {k: v for k, v in clean_properties(props, access).items() if k not in _SKIP_NODE}
    return ExportedNode(
        node_id, label_of(labels).value, str(clean.pop("name", "")), props.get(ACCOUNT_PROPERTY), clean
    )


def _edge(rel_type: str, source: str, target: str, rel: dict[str, Any]) -> ExportedEdge:
    properties = {k: v for k, v in rel.items() if k not in _SKIP}
    return ExportedEdge(rel_type, source, target, properties)


async def scope_accounts(engine: Engine, scope: ExportScope) -> list[str] | None:
    """The customer ids a scope covers (``None`` for the whole graph)."""
    if scope.kind is ScopeKind.ALL:
        return None
    if scope.kind is ScopeKind.CUSTOMER:
        return [str(scope.id)]
    rows = await engine.read(cypher.INDUSTRY_MEMBER_IDS, {"industryId": scope.id})
    members = list(rows[0][0]) if rows else []
    return sorted(members)


async def export_scope(engine: Engine, scope: ExportScope, access: AccessScope, version: int) -> GraphExport:
    """Nodes and edges of a scope, plus the shared nodes those edges reach."""
    accounts = await scope_accounts(engine, scope)
    with gc_paused():
        if accounts is None:
            return await _export_everything(engine, access, version)
        return await _export_accounts(engine, scope, accounts, access, version)


async def _export_accounts(
    engine: Engine, scope: ExportScope, accounts: list[str], access: AccessScope, version: int
) -> GraphExport:
    params = access.params()
    scoped = {**params, "scopeAccounts": accounts}
    # Independent reads: the engine answers one while this side decodes another.
    node_rows, out_rows, in_rows = await asyncio.gather(
        engine.read(cypher.EXPORT_SCOPE_NODES, scoped),
        engine.read(cypher.EXPORT_SCOPE_EDGES_OUT, scoped),
        engine.read(cypher.EXPORT_SCOPE_EDGES_IN, scoped),
    )
    nodes = {row[0]: _node(row[0], row[1], row[2], access) for row in node_rows}
    edges = [_edge(t, s, d, r) for t, s, d, r in (*out_rows, *in_rows)]
    # Scope nodes and industries come from the account; shared nodes the
    # edges reach (our team, suppliers, other accounts' people) are added.
    missing = {scope.id} if scope.kind is ScopeKind.INDUSTRY and scope.id else set()
    missing |= {e.source for e in edges} | {e.target for e in edges}
    missing -= set(nodes)
    if missing:
        rows = await engine.read(cypher.GET_NODES, {"ids": sorted(missing), **params})
        for node_id, labels, props in rows:
            nodes[node_id] = _node(node_id, labels, props, access)
    edges = [e for e in edges if e.source in nodes and e.target in nodes]
    return GraphExport(list(nodes.values()), edges, version)


async def _export_everything(engine: Engine, access: AccessScope, version: int) -> GraphExport:
    allowed = access.accounts
    # Independent reads: the engine answers some while this side decodes others.
    node_reads = [cypher.EXPORT_LABEL_NODES[label] for label in Label]
    edge_reads = [cypher.EXPORT_TYPE_EDGES[rel] for rel in RelType]
    replies = await asyncio.gather(*(engine.read_columns(read, {}) for read in (*node_reads, *edge_reads)))
    nodes: dict[str, ExportedNode] = {}
    node_replies, edge_replies = replies[: len(node_reads)], replies[len(node_reads) :]
    for label, read, (ids, names, accounts, *values) in zip(Label, node_reads, node_replies, strict=True):
        keys = [column.alias for column in read.columns[3:]]
        for i, node_id in enumerate(ids):
            account = accounts[i]
            if allowed is not None and account is not None and account not in allowed:
                continue
            props = {
                key: column[i] for key, column in zip(keys, values, strict=True) if column[i] is not None
            }
            nodes[node_id] = ExportedNode(node_id, label.value, names[i] or "", account, props)
    edges: list[ExportedEdge] = []
    for rel_type, (sources, targets, *weights) in zip(RelType, edge_replies, strict=True):
        name = rel_type.value
        pairs = zip(sources, targets, weights[0] if weights else [None] * len(sources), strict=True)
        edges += [
            ExportedEdge(name, s, t, {"strength": w} if w is not None else {})
            for s, t, w in pairs
            if s in nodes and t in nodes
        ]
    return GraphExport(list(nodes.values()), edges, version)


async def export_columns(
    engine: Engine, labels: tuple[Label, ...], types: tuple[RelType, ...], version: int
) -> ColumnExport:
    """The whole graph's nodes of ``labels`` (ids, accounts) and edges of ``types`` (ends, strength)."""
    reads = [engine.read_columns(cypher.EXPORT_LABEL_NODES[label], {}) for label in labels]
    reads += [engine.read_columns(cypher.EXPORT_TYPE_EDGES[rel], {}) for rel in types]
    replies = await asyncio.gather(*reads)
    nodes = {label.value: (reply[0], reply[2]) for label, reply in zip(labels, replies, strict=False)}
    edges = {
        rel.value: (reply[0], reply[1], reply[2] if len(reply) > 2 else None)
        for rel, reply in zip(types, replies[len(labels) :], strict=True)
    }
    return ColumnExport(version, nodes, edges)
