"""What the mutation fields delegate to: validate, write once, read back."""

from __future__ import annotations

from typing import Any

from api.graphql.context import Info
from api.graphql.entities import Node, to_type
from api.graphql.errors import NotFoundError
from api.graphql.inputs import InteractionInput, LinkInput, properties_of
from api.graphql.maps import MapEdge
from api.graphql.payloads import (
    DeleteNodePayload,
    ImportPayload,
    ImportRowError,
    InteractionPayload,
    LinkPayload,
    UserError,
)
from graph_model.errors import FieldError, HasDependants, NotFound, ValidationFailed
from graph_model.importer import import_document
from graph_model.model import Label, RelType
from graph_model.validation import normalize_datetime, validate_node, validate_relationship


def _errors(errors: list[FieldError]) -> list[UserError]:
    return [UserError.of(e) for e in errors]


async def upsert(info: Info, label: Label, value: object) -> tuple[Node | None, list[UserError]]:
    """Create or update one node by id; returns it as now stored, or the errors."""
    ctx = info.context
    ctx.require_write()
    raw = {"label": label.value, "id": str(getattr(value, "id")), "properties": properties_of(value)}
    row, errors = validate_node(raw)
    if row is None:
        return None, _errors(errors)
    try:
        await ctx.store.upsert_nodes([row], ctx.access)
    except ValidationFailed as failed:
        return None, _errors(failed.errors)
    ctx.loaders.clear()
    record = await ctx.store.get_node(row.id, ctx.access)
    return (to_type(record) if record else None), []


async def link(info: Info, value: LinkInput) -> LinkPayload:
    ctx = info.context
    ctx.require_write()
    raw = {"type": RelType(value.type).value, "from": value.from_id, "to": value.to_id,
           "properties": value.properties or {}}
    row, errors = validate_relationship(raw)
    if row is None:
        return LinkPayload(errors=_errors(errors))
    try:
        await ctx.store.upsert_relationships([row], ctx.access)
    except ValidationFailed as failed:
        return LinkPayload(errors=_errors(failed.errors))
    ctx.loaders.clear()
    stored = ctx.store.canonical(row)
    edge = MapEdge(id=f"{stored.type.value}:{stored.source}->{stored.target}", source=stored.source,  # type: ignore[arg-type]
                   target=stored.target, type=stored.type, properties=stored.properties)  # type: ignore[arg-type]
    return LinkPayload(edge=edge)


async def delete_node(info: Info, node_id: str, cascade: bool) -> DeleteNodePayload:
    ctx = info.context
    ctx.require_write()
    try:
        deleted = await ctx.store.delete_node(node_id, cascade=cascade, access=ctx.access)
    except NotFound:
        raise NotFoundError(f"no node with id {node_id!r}", field="id") from None
    except HasDependants as exc:
        return DeleteNodePayload(errors=[UserError(field="cascade", message=str(exc), code="HAS_DEPENDANTS")])
    ctx.loaders.clear()
    return DeleteNodePayload(deleted_ids=deleted)  # type: ignore[arg-type]


async def record_interaction(info: Info, value: InteractionInput) -> InteractionPayload:
    """Store the interaction, link it to both people, refresh lastContactAt."""
    ctx = info.context
    ctx.require_write()
    props: dict[str, Any] = {"kind": value.kind.value, "at": value.at, "notes": value.notes,
                             "name": value.name or f"{value.kind.value.title()} {value.at[:10]}"}
    node, errors = validate_node({"label": Label.INTERACTION.value, "id": value.id,
                                  "properties": {k: v for k, v in props.items() if v is not None}})
    rels = [validate_relationship({"type": t.value, "from": value.id, "to": to}) for t, to in
            ((RelType.WITH, value.stakeholder_id), (RelType.BY, value.team_member_id))]
    errors += [e for _, errs in rels for e in errs]
    if node is None or errors:
        return InteractionPayload(errors=_errors(errors))
    store = ctx.store
    pending = {node.id: node.label}
    rel_rows = [r for r, _ in rels if r is not None]
    coverage = validate_relationship(
        {"type": RelType.RELATES_TO.value, "from": value.team_member_id, "to": value.stakeholder_id})[0]
    assert coverage is not None
    checks = await store.check_relationships([*rel_rows, coverage], ctx.access, pending=pending)
    if checks:
        return InteractionPayload(errors=_errors(checks))
    try:
        await store.upsert_nodes([node], ctx.access)
    except ValidationFailed as failed:
        return InteractionPayload(errors=_errors(failed.errors))
    await store.upsert_relationships(rel_rows, ctx.access, checked=True)
    last = await store.record_contact(value.team_member_id, value.stakeholder_id, normalize_datetime(value.at))
    ctx.loaders.clear()
    record = await store.get_node(node.id, ctx.access)
    return InteractionPayload(interaction=to_type(record) if record else None,  # type: ignore[arg-type]
                              last_contact_at=last)


async def import_graph(info: Info, data: object) -> ImportPayload:
    ctx = info.context
    ctx.require_write()
    report = await import_document(ctx.store, data, ctx.access)
    ctx.loaders.clear()
    return ImportPayload(
        ok=report.ok,
        nodes_written=report.nodes_written,
        relationships_written=report.relationships_written,
        errors=[ImportRowError(section=e.section, index=e.index, entity=e.entity, field=e.field, message=e.reason)
                for e in report.errors],
    )
