"""Import a graph document: validate every row, then write all of it as one unit, or nothing.

The document format (also what ``relgraph export`` writes)::

    {"nodes": [{"label": "Customer", "id": "c1", "properties": {...}}],
     "relationships": [{"type": "HAS_DEPARTMENT", "from": "c1", "to": "d1",
                        "properties": {...}}]}
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from graph_model.access import EVERYTHING, AccessScope
from graph_model.errors import FieldError, ValidationFailed
from graph_model.model import REL_SPECS, SINGLE_TARGET_TYPES, Label, label_for
from graph_model.records import ImportReport
from graph_model.store import GraphStore
from graph_model.validation import NodeRow, RelRow, validate_node, validate_relationship

MAX_REPORTED_ERRORS = 1_000
Progress = Callable[[int], None]


def _row_id(section: str, raw: Any) -> str | None:
    """How a row names itself in an error: its id, or a relationship's type and ends."""
    if not isinstance(raw, Mapping):
        return None
    if section == "nodes":
        return raw["id"] if isinstance(raw.get("id"), str) else None
    parts = [raw.get(key) for key in ("type", "from", "to")]
    if not all(isinstance(part, str) for part in parts):
        return None
    return f"{parts[0]} {parts[1]}->{parts[2]}"


def _in(section: str, errors: list[FieldError], rows: Sequence[Any] = ()) -> list[FieldError]:
    """The errors placed in a section, each naming the id of its row."""
    placed = []
    for error in errors:
        row_id = error.row_id
        if row_id is None and error.index is not None and error.index < len(rows):
            row_id = _row_id(section, rows[error.index])
        placed.append(dataclasses.replace(error, section=section, row_id=row_id))
    return placed


def _relationship_key(row: RelRow) -> tuple[str, ...]:
    """What two rows of one document may not share: the relationship, or a single-target type's source."""
    if row.type in SINGLE_TARGET_TYPES:
        return (row.type.value, row.source)
    if REL_SPECS[row.type].symmetric:
        return (row.type.value, *sorted((row.source, row.target)))
    return (row.type.value, row.source, row.target)


@dataclasses.dataclass
class ParsedDocument:
    """The valid rows of a document, where each sits in it, and the problems found."""

    nodes: list[NodeRow] = dataclasses.field(default_factory=list)
    relationships: list[RelRow] = dataclasses.field(default_factory=list)
    errors: list[FieldError] = dataclasses.field(default_factory=list)
    # The document index of each valid row (store checks number the valid rows only).
    node_positions: list[int] = dataclasses.field(default_factory=list)
    relationship_positions: list[int] = dataclasses.field(default_factory=list)


def parse_document(document: Any) -> ParsedDocument:
    """Check the shape and every row of a document, without touching the store."""
    parsed = ParsedDocument()
    if not isinstance(document, Mapping):
        parsed.errors.append(FieldError("document", "expected an object with nodes and relationships"))
        return parsed
    parsed.errors += [
        FieldError(key, "unknown top-level field; expected nodes and relationships")
        for key in sorted(set(document) - {"nodes", "relationships"})
    ]
    raw_nodes, raw_rels = document.get("nodes", []), document.get("relationships", [])
    for key, value in (("nodes", raw_nodes), ("relationships", raw_rels)):
        if not isinstance(value, list):
            parsed.errors.append(FieldError(key, "expected a list"))
    if parsed.errors:
        return parsed
    seen: dict[str, int] = {}
    for i, raw in enumerate(raw_nodes):
        row, row_errors = validate_node(raw, i, timestamps=True)
        parsed.errors += _in("nodes", row_errors, raw_nodes)
        if row is None:
            continue
        if row.id in seen:
            reason = f"id {row.id!r} is also at nodes[{seen[row.id]}]: one row per node"
            parsed.errors += _in("nodes", [FieldError("id", reason, i, row.label.value)], raw_nodes)
            continue
        seen[row.id] = i
        parsed.nodes.append(row)
        parsed.node_positions.append(i)
    seen_rels: dict[tuple[str, ...], int] = {}
    for i, raw in enumerate(raw_rels):
        rel, rel_errors = validate_relationship(raw, i, timestamps=True)
        parsed.errors += _in("relationships", rel_errors, raw_rels)
        if rel is None:
            continue
        rel_key = _relationship_key(rel)
        if rel_key in seen_rels:
            first = seen_rels[rel_key]
            reason = (
                f"{rel.source!r} has one {rel.type.value}, also given at relationships[{first}]"
                if rel.type in SINGLE_TARGET_TYPES
                else f"the same relationship is also at relationships[{first}]: one row per relationship"
            )
            parsed.errors += _in("relationships", [FieldError("to", reason, i, rel.type.value)], raw_rels)
            continue
        seen_rels[rel_key] = i
        parsed.relationships.append(rel)
        parsed.relationship_positions.append(i)
    return parsed


def _placed(
    section: str, errors: list[FieldError], positions: list[int], raw_rows: list[Any]
) -> list[FieldError]:
    """Errors a store check numbered by valid row, renumbered by document row."""
    moved = [dataclasses.replace(e, index=positions[e.index]) if e.index is not None else e for e in errors]
    return _in(section, moved, raw_rows)


async def import_document(
    store: GraphStore,
    document: Any,
    access: AccessScope = EVERYTHING,
    *,
    progress: Progress | None = None,
    check_only: bool = False,
) -> ImportReport:
    """Validate the whole document; if anything is wrong, write nothing, else write it all as one unit.

    ``check_only`` reports the problems and writes nothing in any case: for a
    document whose reader already refused part of it.
    """
    parsed = parse_document(document)
    nodes, rels, errors = parsed.nodes, parsed.relationships, parsed.errors
    existing: dict[str, Label] = {}
    if nodes or rels:
        # Check endpoints even when some rows are bad, so one run reports
        # every problem; ids of bad node rows still count as declared.
        raw_nodes, raw_rels = document.get("nodes", []), document.get("relationships", [])
        try:
            existing = await store.check_nodes(nodes, access)
        except ValidationFailed as failed:
            errors += _placed("nodes", failed.errors, parsed.node_positions, raw_nodes)
        pending = {**_declared_ids(document), **{row.id: row.label for row in nodes}}
        rel_errors = await store.check_relationships(rels, access, pending=pending)
        errors += _placed("relationships", rel_errors, parsed.relationship_positions, raw_rels)
    if errors or check_only:
        errors.sort(key=lambda e: (e.section != "nodes", e.index if e.index is not None else -1))
        return ImportReport(errors=errors[:MAX_REPORTED_ERRORS])
    written = await store.write_graph(nodes, rels, access, checked=existing, progress=progress)
    return ImportReport(*written)


def _declared_ids(document: Any) -> dict[str, Label]:
    declared: dict[str, Label] = {}
    for raw in document.get("nodes", []) if isinstance(document, Mapping) else []:
        if isinstance(raw, Mapping) and isinstance(raw.get("id"), str) and isinstance(raw.get("label"), str):
            label = label_for(raw["label"])
            if label is not None:
                declared.setdefault(raw["id"], label)
    return declared
