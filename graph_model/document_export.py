"""The whole visible graph as one import document.

This is what ``relgraph export`` writes and ``relgraph import`` reads back.

Timestamps are included, so a document exported and imported again changes
nothing.  ``graph_model.interchange`` writes the document as JSON or CSV files.
"""

from __future__ import annotations

from typing import Any

from graph_model import cypher
from graph_model.access import AccessScope
from graph_model.engines.base import Engine
from graph_model.model import Label
from graph_model.records import clean_properties, label_of


async def dump(engine: Engine, access: AccessScope) -> dict[str, list[dict[str, Any]]]:
    """The whole visible graph in the import format, timestamps included (round-trips through import)."""
    params = access.params()
    node_rows = await engine.read(cypher.EXPORT_ALL_NODES, params)
    edge_rows = await engine.read(cypher.EXPORT_ALL_EDGES, params)
    nodes = [
        {
            "label": label_of(labels).value,
            "id": node_id,
            "properties": {k: v for k, v in clean_properties(props, access).items() if k != "id"},
        }
        for node_id, labels, props in sorted(node_rows, key=lambda r: (_order(r[1]), r[0]))
    ]
    relationships = [
        {
            "type": rel_type,
            "from": source,
            "to": target,
            "properties": dict(rel),
        }
        for rel_type, source, target, rel in sorted(edge_rows, key=lambda r: (r[0], r[1], r[2]))
    ]
    return {"nodes": nodes, "relationships": relationships}


def _order(labels: list[str]) -> int:
    return list(Label).index(label_of(labels))
