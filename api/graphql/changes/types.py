"""The change log over GraphQL: entries, their connection, and the checks on its arguments."""

from __future__ import annotations

import base64
from collections.abc import AsyncGenerator
from typing import Final, cast

import strawberry
from strawberry.scalars import JSON

from api.graphql.core.connections import PageInfo
from api.graphql.core.context import Info
from api.graphql.core.errors import BadUserInput
from graph_model.changes import Change, ChangeKind, ChangeOp, check_since
from graph_model.model import Label, RelType

strawberry.enum(ChangeKind, name="ChangeKind", description="What a change log entry is about.")
strawberry.enum(ChangeOp, name="ChangeOperation", description="What happened to it.")

_CURSOR_PREFIX = "seq:"


@strawberry.type(
    description="One entry of the change log: one entity created, updated or deleted by one write."
)
class ChangeEntry:
    sequence: int = strawberry.field(description="Its number: the graph version once its write landed.")
    at: str = strawberry.field(description="When it was written (UTC).")
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
            at=change.at,
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
    customer_id: strawberry.Private[str | None]
    since: strawberry.Private[str | None]

    @strawberry.field(
        description="How many entries there are on all pages together (counted only when asked for)."
    )
    async def total_count(self, info: Info) -> int:
        ctx = info.context
        return await ctx.store.count_changes(ctx.access, customer_id=self.customer_id, since=self.since)


def encode_change_cursor(seq: int) -> str:
    return base64.urlsafe_b64encode(f"{_CURSOR_PREFIX}{seq}".encode()).decode()


def decode_change_cursor(cursor: str | None) -> int | None:
    if cursor is None:
        return None
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
        if not text.startswith(_CURSOR_PREFIX):
            raise ValueError(text)
        seq = int(text[len(_CURSOR_PREFIX) :])
    except ValueError:
        raise BadUserInput("not a change log cursor this API issued", field="after") from None
    if seq < 1:
        raise BadUserInput("not a change log cursor this API issued", field="after")
    return seq


def since_argument(info: Info, since: str | None, *, field: str = "since") -> str | None:
    if since is None:
        return None
    try:
        return check_since(since, info.context.store.change_retention_days)
    except ValueError as exc:
        raise BadUserInput(f"{field} {exc}", field=field) from None


def customer_argument(customer_id: strawberry.ID | None) -> str | None:
    if customer_id is None:
        return None
    if not str(customer_id).strip() or len(str(customer_id)) > 200:
        raise BadUserInput("customerId must be a non-empty id of at most 200 characters", field="customerId")
    return str(customer_id)


async def changes(
    info: Info, customer_id: strawberry.ID | None, since: str | None, first: int, after: str | None
) -> ChangeConnection:
    ctx = info.context
    limit = ctx.page_size(first)
    before_seq = decode_change_cursor(after)
    customer, moment = customer_argument(customer_id), since_argument(info, since)
    found = await ctx.store.changes(
        ctx.access, customer_id=customer, since=moment, before_seq=before_seq, limit=limit + 1
    )
    page = found[:limit]
    edges = [ChangeEdge(cursor=encode_change_cursor(c.seq), node=ChangeEntry.of(c)) for c in page]
    return ChangeConnection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=len(found) > limit,
            has_previous_page=before_seq is not None,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        customer_id=customer,
        since=moment,
    )


# How often a subscription looks for new entries: well inside the 2 s in
# which a change must reach its subscribers.
POLL_S: Final = 0.5


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description=(
            "Each change log entry as it is written, by this server or any other process on the same "
            "database (within about a second), about what the caller may see; `customerId` keeps one "
            "account's."
        )
    )
    async def graph_changed(
        self, info: Info, customer_id: strawberry.ID | None = None
    ) -> AsyncGenerator[ChangeEntry, None]:
        ctx = info.context
        wanted = customer_argument(customer_id)
        async for change in ctx.store.follow_changes(ctx.access, customer_id=wanted, poll_s=POLL_S):
            yield ChangeEntry.of(change)
