"""The graph as it was: an export rewound through the change log, newest entry first."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from graph_model.analytics_export import ExportedEdge, ExportedNode, GraphExport
from graph_model.changes import Change, ChangeKind, ChangeOp
from graph_model.cypher import PII_CHANGED


def _reverted(props: dict[str, Any], change: Change) -> dict[str, Any]:
    """``props`` with an update undone: each moved property back to its value before (or gone)."""
    back = dict(props)
    for key in change.changed_keys:
        value = change.before.get(key)
        if value is None:
            back.pop(key, None)
        elif value != PII_CHANGED:
            back[key] = value
    return back


def _known(props: dict[str, Any]) -> dict[str, Any]:
    # Personal values are not in the log; a restored entity goes without them.
    return {k: v for k, v in props.items() if v != PII_CHANGED}


def rewind(export: GraphExport, changes: Iterable[Change]) -> GraphExport:
    """``export`` as it was before ``changes`` (given newest first) were written.

    A created entity is removed, a deleted one restored with the properties
    it had, an update undone.  Nodes that ``changes`` do not mention keep
    their present state.
    """
    nodes = {n.id: ExportedNode(n.id, n.label, n.name, n.account_id, dict(n.props)) for n in export.nodes}
    edges = {
        (e.type, e.source, e.target): ExportedEdge(e.type, e.source, e.target, dict(e.props))
        for e in export.edges
    }
    for change in changes:
        if change.kind is ChangeKind.NODE:
            _rewind_node(nodes, change)
        else:
            _rewind_edge(edges, change)
    kept = [e for e in edges.values() if e.source in nodes and e.target in nodes]
    return GraphExport(list(nodes.values()), kept, export.version)


def _rewind_node(nodes: dict[str, ExportedNode], change: Change) -> None:
    node_id = change.ids[0]
    if change.op is ChangeOp.CREATED:
        nodes.pop(node_id, None)
    elif change.op is ChangeOp.DELETED:
        props = _known(change.before)
        name = str(props.pop("name", ""))
        account = change.accounts[0] if change.accounts else None
        nodes[node_id] = ExportedNode(node_id, change.name, name, account, props)
    elif node_id in nodes:
        node = nodes[node_id]
        props = _reverted({"name": node.name, **node.props}, change)
        node.name = str(props.pop("name", node.name))
        node.props = props


def _rewind_edge(edges: dict[tuple[str, str, str], ExportedEdge], change: Change) -> None:
    source, target = change.ids
    key = (change.name, source, target)
    if change.op is ChangeOp.CREATED:
        edges.pop(key, None)
    elif change.op is ChangeOp.DELETED:
        edges[key] = ExportedEdge(change.name, source, target, _known(change.before))
    elif key in edges:
        edges[key].props = _reverted(edges[key].props, change)
