"""What the change-log fields delegate to: argument checks, one store call, mapping."""

from __future__ import annotations

import strawberry

from api.graphql.changes.types import ChangeConnection, ChangeEdge, ChangeEntry
from api.graphql.core.connections import PageInfo, decode_position, encode_position
from api.graphql.core.context import Info
from api.graphql.core.errors import BadUserInput
from graph_model.changes import check_since

_CURSOR_PREFIX = "seq:"


def encode_change_cursor(seq: int) -> str:
    return encode_position(_CURSOR_PREFIX, seq)


def decode_change_cursor(cursor: str | None) -> int | None:
    if cursor is None:
        return None
    refusal = "not a change log cursor this API issued"
    return decode_position(cursor, _CURSOR_PREFIX, minimum=1, refusal=refusal, field="after")


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
