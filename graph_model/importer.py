"""Import a graph document: validate every row, then write all or nothing.

The document format (also what ``relgraph export`` writes)::

    {"nodes": [{"label": "Customer", "id": "c1", "properties": {...}}],
     "relationships": [{"type": "HAS_DEPARTMENT", "from": "c1", "to": "d1",
                        "properties": {...}}]}
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from graph_model.access import EVERYTHING, AccessScope
from graph_model.errors import FieldError, ValidationFailed
from graph_model.model import Label, label_for
from graph_model.records import ImportReport
from graph_model.store import GraphStore
from graph_model.validation import NodeRow, RelRow, validate_node, validate_relationship

MAX_REPORTED_ERRORS = 1_000
Progress = Callable[[int], None]


def _in(section: str, errors: list[FieldError]) -> list[FieldError]:
    return [FieldError(e.field, e.reason, e.index, e.entity, section) for e in errors]


def parse_document(document: Any) -> tuple[list[NodeRow], list[RelRow], list[FieldError]]:
    """Check the shape and every row of a document, without touching the store."""
    if not isinstance(document, Mapping):
        return [], [], [FieldError("document", "expected an object with nodes and relationships")]
    errors = [
        FieldError(key, "unknown top-level field; expected nodes and relationships")
        for key in sorted(set(document) - {"nodes", "relationships"})
    ]
    raw_nodes, raw_rels = document.get("nodes", []), document.get("relationships", [])
    for key, value in (("nodes", raw_nodes), ("relationships", raw_rels)):
        if not isinstance(value, list):
            errors.append(FieldError(key, "expected a list"))
    if errors:
        return [], [], errors
    nodes: list[NodeRow] = []
    seen: dict[str, tuple[int, Label]] = {}
    for i, raw in enumerate(raw_nodes):
        row, row_errors = validate_node(raw, i)
        errors += _in("nodes", row_errors)
        if row is None:
            continue
        if row.id in seen and seen[row.id][1] is not row.label:
            first, label = seen[row.id]
            errors += _in(
                "nodes",
                [
                    FieldError(
                        "id", f"id {row.id!r} is also a {label.value} at nodes[{first}]", i, row.label.value
                    )
                ],
            )
            continue
        seen.setdefault(row.id, (i, row.label))
        nodes.append(row)
    rels: list[RelRow] = []
    for i, raw in enumerate(raw_rels):
        rel, rel_errors = validate_relationship(raw, i)
        errors += _in("relationships", rel_errors)
        if rel is not None:
            rels.append(rel)
    return nodes, rels, errors


async def import_document(
    store: GraphStore,
    document: Any,
    access: AccessScope = EVERYTHING,
    *,
    progress: Progress | None = None,
) -> ImportReport:
    """Validate the whole document; if anything is wrong, write nothing."""
    nodes, rels, errors = parse_document(document)
    if nodes or rels:
        # Check endpoints even when some rows are bad, so one run reports
        # every problem; ids of bad node rows still count as declared.
        declared = _declared_ids(document)
        try:
            await store._check_node_rows(nodes, access)
        except ValidationFailed as failed:
            errors += _in("nodes", failed.errors)
        pending = {**declared, **{row.id: row.label for row in nodes}}
        errors += _in("relationships", await store.check_relationships(rels, access, pending=pending))
    if errors:
        return ImportReport(errors=errors[:MAX_REPORTED_ERRORS])
    written_nodes = await store.upsert_nodes(nodes, access, progress=progress)
    written_rels = await store.upsert_relationships(rels, access, checked=True, progress=progress)
    return ImportReport(written_nodes, written_rels)


def _declared_ids(document: Any) -> dict[str, Label]:
    declared: dict[str, Label] = {}
    for raw in document.get("nodes", []) if isinstance(document, Mapping) else []:
        if isinstance(raw, Mapping) and isinstance(raw.get("id"), str) and isinstance(raw.get("label"), str):
            label = label_for(raw["label"])
            if label is not None:
                declared.setdefault(raw["id"], label)
    return declared
