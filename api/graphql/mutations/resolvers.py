"""What the mutation fields delegate to: validate, write once, read back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, cast

import strawberry
from strawberry.scalars import JSON

from api.graphql.core.context import Info
from api.graphql.core.errors import BadUserInput, Forbidden, NotFoundError
from api.graphql.core.scalars import DateTime
from api.graphql.entities.types import Interaction, Node, to_type
from api.graphql.maps.types import MapEdge
from api.graphql.mutations.inputs import InteractionInput, LinkInput, properties_of
from api.graphql.mutations.payloads import (
    Contact,
    DeleteNodePayload,
    ImportPayload,
    ImportRowError,
    InteractionPayload,
    LinkPayload,
    UnlinkPayload,
    UserError,
    UserErrorCode,
    refusals_in,
)
from graph_model.errors import FieldError, HasDependants, NotFound, ValidationFailed
from graph_model.importer import import_document
from graph_model.model import Direction, InteractionKind, Label, RelType
from graph_model.store import AccessDenied
from graph_model.validation import (
    RelRow,
    future_contact,
    normalize_datetime,
    validate_node,
    validate_relationship,
)

# Validation names fields as the model does (``properties.annualRevenue``,
# ``from``); clients need the path of the argument they sent instead.
_LINK_FIELDS = {"from": "fromId", "to": "toId"}


def _node_field(error: FieldError) -> str:
    """Node inputs carry each property as a field of its own."""
    return error.field.removeprefix("properties.")


def _link_field(error: FieldError) -> str:
    return _LINK_FIELDS.get(error.field, error.field)


def _errors(errors: list[FieldError], field_of: Callable[[FieldError], str] = _node_field) -> list[UserError]:
    """One user error per distinct problem, named by its input path."""
    found: dict[tuple[str | None, str], UserError] = {}
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


@refusals_in(LinkPayload)
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
    if row.type in (RelType.WITH, RelType.BY):
        await _refresh_contacts(info, row)
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


@refusals_in(UnlinkPayload)
async def unlink(info: Info, rel_type: RelType, from_id: str, to_id: str) -> UnlinkPayload:
    ctx = info.context
    ctx.require_write()
    deleted = await ctx.store.unlink(RelType(rel_type), from_id, to_id, ctx.access)
    ctx.loaders.clear()
    return UnlinkPayload(deleted=deleted)


@refusals_in(DeleteNodePayload)
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
        refusal = UserError(field="cascade", message=str(exc), code=UserErrorCode.HAS_DEPENDANTS)
        return DeleteNodePayload(errors=[refusal])
    ctx.loaders.clear()
    return DeleteNodePayload(deleted_ids=[strawberry.ID(i) for i in deleted])


MAX_PARTICIPANTS = 50


def _participants(one: str | None, many: list[strawberry.ID] | None, field: str) -> dict[str, str]:
    """Participant id -> the input path it came from; first mention wins."""
    found: dict[str, str] = {}
    if one is not None:
        found[str(one)] = field
    for i, given in enumerate(many or []):
        found.setdefault(str(given), f"{field}s[{i}]")
    if not found:
        raise BadUserInput(f"name at least one participant in {field} or {field}s", field=f"input.{field}s")
    if len(found) > MAX_PARTICIPANTS:
        raise BadUserInput(
            f"at most {MAX_PARTICIPANTS} participants, got {len(found)}", field=f"input.{field}s"
        )
    return found


def _contact_date(at: str) -> str | None:
    """The normalised date; raises BAD_USER_INPUT for a date in the future, None if unreadable."""
    try:
        normalised = normalize_datetime(at)
    except ValueError:
        return None  # validation names the field and the reason
    if (reason := future_contact(normalised)) is not None:
        raise BadUserInput(f"at {reason}", field="input.at")
    return normalised


@refusals_in(InteractionPayload)
async def record_interaction(info: Info, value: InteractionInput) -> InteractionPayload:
    """Store the interaction, link it to every participant, refresh each pair's lastContactAt."""
    ctx = info.context
    ctx.require_write()
    at = _contact_date(value.at)
    stakeholders = _participants(value.stakeholder_id, value.stakeholder_ids, "stakeholderId")
    team = _participants(value.team_member_id, value.team_member_ids, "teamMemberId")
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
    # Every row with the input paths of its two ends, so errors name what was sent.
    interaction_id = str(value.id)
    wanted = [(RelType.WITH, interaction_id, s, ("id", f)) for s, f in stakeholders.items()]
    wanted += [(RelType.BY, interaction_id, t, ("id", f)) for t, f in team.items()]
    wanted += [
        (RelType.RELATES_TO, t, s, (tf, sf)) for t, tf in team.items() for s, sf in stakeholders.items()
    ]
    rows: list[RelRow] = []
    for i, (rel_type, source, target, _) in enumerate(wanted):
        row, row_errors = validate_relationship({"type": rel_type.value, "from": source, "to": target})
        errors += [_at_row(e, i) for e in row_errors]
        if row is not None:
            rows.append(row)
    paths = [ends for *_, ends in wanted]
    if node is None or errors or at is None:
        return InteractionPayload(errors=_errors(errors, _ends_of(paths)))
    store = ctx.store
    checks = await store.check_relationships(rows, ctx.access, pending={node.id: node.label})
    if checks:
        return InteractionPayload(errors=_errors(checks, _ends_of(paths)))
    try:
        await store.upsert_nodes([node], ctx.access)
    except ValidationFailed as failed:
        return InteractionPayload(errors=_errors(failed.errors, _ends_of(paths)))
    await store.upsert_relationships(
        [r for r in rows if r.type is not RelType.RELATES_TO], ctx.access, checked=True
    )
    pairs = [(r.source, r.target) for r in rows if r.type is RelType.RELATES_TO]
    contacts = await store.record_contacts(pairs, at, actor=ctx.access.actor)
    ctx.loaders.clear()
    record = await store.get_node(node.id, ctx.access)
    return InteractionPayload(
        interaction=Interaction(record=record) if record else None,
        last_contact_at=_moment(contacts[pairs[0]]),
        contacts=[_contact(pair, last) for pair, last in contacts.items()],
    )


def _moment(stored: str | None) -> DateTime | None:
    return None if stored is None else DateTime(stored)


def _at_row(error: FieldError, index: int) -> FieldError:
    return FieldError(error.field, error.reason, index, error.entity, error.section)


def _ends_of(paths: list[tuple[str, str]]) -> Callable[[FieldError], str]:
    """Names a relationship row's error by the input path of the end it is about."""

    def field_of(error: FieldError) -> str:
        if error.index is not None and error.field in ("from", "to"):
            return paths[error.index][error.field == "to"]
        return _node_field(error)

    return field_of


def _contact(pair: tuple[str, str], last: str | None) -> Contact:
    return Contact(
        team_member_id=strawberry.ID(pair[0]),
        stakeholder_id=strawberry.ID(pair[1]),
        last_contact_at=_moment(last),
    )


async def _refresh_contacts(info: Info, row: RelRow) -> None:
    """A participant linked to an interaction afterwards has met its other participants then."""
    ctx = info.context
    interaction = await ctx.store.get_node(row.source, ctx.access)
    at = interaction.properties.get("at") if interaction is not None else None
    if not isinstance(at, str):
        return
    other = RelType.BY if row.type is RelType.WITH else RelType.WITH
    found = await ctx.store.neighbours(
        [row.source], other, Direction.OUT, ctx.access, limit_per_key=MAX_PARTICIPANTS
    )
    others = [n.id for n, _ in found[row.source]]
    pairs = [(o, row.target) if row.type is RelType.WITH else (row.target, o) for o in others]
    coverage = [RelRow(RelType.RELATES_TO, t, s, {}) for t, s in pairs]
    refused = {e.index for e in await ctx.store.check_relationships(coverage, ctx.access)}
    await ctx.store.record_contacts(
        [p for i, p in enumerate(pairs) if i not in refused], at, actor=ctx.access.actor
    )


@refusals_in(ImportPayload, ImportRowError.refused)
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
