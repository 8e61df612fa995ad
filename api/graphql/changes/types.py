"""The change log over GraphQL: entries, their connection, and the checks on its arguments."""

from __future__ import annotations

from typing import cast

import strawberry
from strawberry.scalars import JSON

from api.graphql.core.connections import PageInfo
from api.graphql.core.scalars import DateTime
from graph_model.changes import Change, ChangeKind, ChangeOp
from graph_model.model import Label, RelType

strawberry.enum(ChangeKind, name="ChangeKind", description="What a change log entry is about.")
strawberry.enum(ChangeOp, name="ChangeOperation", description="What happened to it.")

_CURSOR_PREFIX = "seq:"


@strawberry.type(
    description="One entry of the change log: one entity created, updated or deleted by one write."
)
class ChangeEntry:
    sequence: int = strawberry.field(description="Its number: the graph version once its write landed.")
    at: DateTime = strawberry.field(description="When it was written (UTC).")
    actor: str = strawberry.field(description="Who wrote it: an API key's id, a token's subject, or cli.")
    kind: ChangeKind
    operation: ChangeOp
    label: Label | None = strawberry.field(description="The node's label (node entries).")
    relationship_type: RelType | None = strawberry.field(description="The type (relationship entries).")
    entity_id: strawberry.ID | None = strawberry.field(description="The node's id (node entries).")
    from_id: strawberry.ID | None = strawberry.field(
        description="The relationship's start (relationship entries)."
    )
    to_id: strawberry.ID | None = strawberry.field(
        description="The relationship's end (relationship entries)."
    )
    account_ids: list[strawberry.ID] = strawberry.field(
        description="The accounts it belongs to (none if shared)."
    )
    before: JSON = strawberry.field(
        description="Properties before: all of a deleted entity's, the changed ones of an update. "
        'Personal properties (email, phone) only as "changed".'
    )
    after: JSON = strawberry.field(
        description="Properties after: all of a created entity's, the changed ones of an update."
    )
    changed_properties: list[str]

    @classmethod
    def of(cls, change: Change) -> ChangeEntry:
        node = change.kind is ChangeKind.NODE
        return cls(
            sequence=change.seq,
            at=DateTime(change.at),
            actor=change.actor,
            kind=change.kind,
            operation=change.op,
            label=Label(change.name) if node else None,
            relationship_type=None if node else RelType(change.name),
            entity_id=_id(change.entity_id),
            from_id=_id(change.source),
            to_id=_id(change.target),
            account_ids=[strawberry.ID(a) for a in change.accounts],
            before=cast(JSON, change.before),
            after=cast(JSON, change.after),
            changed_properties=change.changed_keys,
        )


def _id(value: str | None) -> strawberry.ID | None:
    return None if value is None else strawberry.ID(value)


@strawberry.type
class ChangeEdge:
    cursor: str
    node: ChangeEntry


@strawberry.type(description="Change log entries, newest first.")
class ChangeConnection:
    edges: list[ChangeEdge]
    page_info: PageInfo
