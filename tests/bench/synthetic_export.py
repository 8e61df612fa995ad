"""The synthetic generator's rows as a ``GraphExport``, with no database in between.

Keeps what the store's whole-graph export keeps (the non-personal node
columns, ``strength`` on edges, each node's owning account) so analytics see
the same shape at sizes the embedded engine would take many minutes to load.
"""

from __future__ import annotations

from typing import Any

from graph_model import cypher
from graph_model.analytics_export import ExportedEdge, ExportedNode, GraphExport
from graph_model.model import Label, RelType
from seeds.synthetic import generate

_NODE_COLUMNS = {label: tuple(c for c in cypher.export_node_columns(label) if c != "name") for label in Label}
_HAS_STRENGTH = {t: bool(cypher.export_edge_columns(t)) for t in RelType}
# Millions of edges carry no properties; one shared, never-mutated empty dict
# saves ~64 bytes each (the projection only reads them).
_NO_PROPS: dict[str, Any] = {}


def synthetic_export(stakeholders: int, seed: int) -> GraphExport:
    """Everything ``generate`` yields, as the store would export it (version 1)."""
    nodes: list[ExportedNode] = []
    edges: list[ExportedEdge] = []
    for batch in generate(stakeholders, seed=seed):
        # A customer's batch holds the customer first, then all it owns;
        # the shared batch (industries, suppliers, our team) belongs to no account.
        account = next((n.id for n in batch.nodes if n.label is Label.CUSTOMER), None)
        for row in batch.nodes:
            props = row.properties
            kept = {c: props[c] for c in _NODE_COLUMNS[row.label] if props.get(c) is not None}
            nodes.append(ExportedNode(row.id, row.label.value, str(props.get("name", "")), account, kept))
        for rel in batch.relationships:
            strength = rel.properties.get("strength") if _HAS_STRENGTH[rel.type] else None
            props = {"strength": strength} if strength is not None else _NO_PROPS
            edges.append(ExportedEdge(rel.type.value, rel.source, rel.target, props))
    return GraphExport(nodes, edges, 1)
