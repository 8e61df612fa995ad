"""What the mutation fields delegate to: validate, write once, read back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, cast

import strawberry
from strawberry.scalars import JSON

from api.graphql.context import Info
from api.graphql.entities import Node, to_type
from api.graphql.errors import Forbidden, NotFoundError
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
from graph_model.model import InteractionKind, Label, RelType
from graph_model.store import AccessDenied
from graph_model.validation import normalize_datetime, validate_node, validate_relationship

# Validation names fields as the model does (``properties.annualRevenue``,
# ``from``); clients need the path of the argument they sent instead.
_LINK_FIELDS = {"from": "fromId", "to": "toId"}
# recordInteraction writes three relationships; each end maps to one input field.
_INTERACTION_FIELDS = {
    (RelType.WITH.value, "from"): "id",
    (RelType.WITH.value, "to"): "stakeholderId",
    (RelType.BY.value, "from"): "id",
    (RelType.BY.value, "to"): "teamMemberId",
    (RelType.RELATES_TO.value, "from"): "teamMemberId",
    (RelType.RELATES_TO.value, "to"): "stakeholderId",
}


def _node_field(error: FieldError) -> str:
    """Node inputs carry each property as a field of its own."""
    return error.field.removeprefix("properties.")


def _link_field(error: FieldError) -> str:
    return _LINK_FIELDS.get(error.field, error.field)


def _interaction_field(error: FieldError) -> str:
    return _INTERACTION_FIELDS.get((error.entity or "", error.field), _node_field(error))


def _errors(errors: list[FieldError], field_of: Callable[[FieldError], str] = _node_field) -> list[UserError]:
    """One user error per distinct problem, named by its input path."""
    found: dict[tuple[str, str], UserError] = {}
    for error in errors:
        user_error = UserError.of(error, field=f"input.{field_of(error)}")
        found.setdefault((user_error.field, user_error.message), user_error)
    return list(found.values())


class NodeInput(Protocol):
    """Any of the upsert inputs: an id plus the properties to write."""

    @property
    def id(self) -> str: ...


async def upsert(info: Info, label: Label, value: NodeInput) -> tuple[Node | None, list[UserError]]:
    """Create or update one node by id; returns it as now stored, or the errors."""
    ctx = info.context
    ctx.require_write()
    raw = {"label": label.value, "id": str(value.id), "properties": properties_of(value)}
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
    raw: dict[str, Any] = {
        "type": RelType(value.type).value,
        "from": value.from_id,
        "to": value.to_id,
        "properties": value.properties or {},
    }
    row, errors = validate_relationship(raw)
    if row is None:
        return LinkPayload(errors=_errors(errors, _link_field))
    try:
        await ctx.store.upsert_relationships([row], ctx.access)
    except ValidationFailed as failed:
        return LinkPayload(errors=_errors(failed.errors, _link_field))
    ctx.loaders.clear()
    stored = ctx.store.canonical(row)
    edge = MapEdge(
        id=strawberry.ID(f"{stored.type.value}:{stored.source}->{stored.target}"),
        source=strawberry.ID(stored.source),
        target=strawberry.ID(stored.target),
        type=stored.type,
        properties=cast(JSON, stored.properties),
    )
    return LinkPayload(edge=edge)


async def delete_node(info: Info, node_id: str, cascade: bool) -> DeleteNodePayload:
    ctx = info.context
    ctx.require_write()
    try:
        deleted = await ctx.store.delete_node(node_id, cascade=cascade, access=ctx.access)
    except AccessDenied as exc:
        raise Forbidden(exc.errors[0].reason) from None
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
    kind = InteractionKind(value.kind).value
    props: dict[str, Any] = {
        "kind": kind,
        "at": value.at,
        "notes": value.notes,
        "name": value.name or f"{kind.title()} {value.at[:10]}",
    }
    node, errors = validate_node(
        {
            "label": Label.INTERACTION.value,
            "id": value.id,
            "properties": {k: v for k, v in props.items() if v is not None},
        }
    )
    rels = [
        validate_relationship({"type": t.value, "from": value.id, "to": to})
        for t, to in ((RelType.WITH, value.stakeholder_id), (RelType.BY, value.team_member_id))
    ]
    errors += [e for _, errs in rels for e in errs]
    if node is None or errors:
        return InteractionPayload(errors=_errors(errors, _interaction_field))
    store = ctx.store
    pending = {node.id: node.label}
    rel_rows = [r for r, _ in rels if r is not None]
    coverage = validate_relationship(
        {"type": RelType.RELATES_TO.value, "from": value.team_member_id, "to": value.stakeholder_id}
    )[0]
    assert coverage is not None
    checks = await store.check_relationships([*rel_rows, coverage], ctx.access, pending=pending)
    if checks:
        return InteractionPayload(errors=_errors(checks, _interaction_field))
    try:
        await store.upsert_nodes([node], ctx.access)
    except ValidationFailed as failed:
        return InteractionPayload(errors=_errors(failed.errors, _interaction_field))
    await store.upsert_relationships(rel_rows, ctx.access, checked=True)
    at = normalize_datetime(value.at)
    last = await store.record_contact(value.team_member_id, value.stakeholder_id, at)
    ctx.loaders.clear()
    record = await store.get_node(node.id, ctx.access)
    return InteractionPayload(
        interaction=to_type(record) if record else None,  # type: ignore[arg-type]
        last_contact_at=last,
    )


async def import_graph(info: Info, data: object) -> ImportPayload:
    ctx = info.context
    ctx.require_write()
    report = await import_document(ctx.store, data, ctx.access)
    ctx.loaders.clear()
    return ImportPayload(
        ok=report.ok,
        nodes_written=report.nodes_written,
        relationships_written=report.relationships_written,
        errors=[
            ImportRowError(
                section=e.section,
                index=e.index,
                row_id=e.row_id,
                entity=e.entity,
                field=e.field,
                message=e.reason,
            )
            for e in report.errors
        ],
    )
