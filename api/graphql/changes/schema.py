"""Change-log reads: entries, an account's review, alerts, and the live feed."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Final

import strawberry

from api.graphql.changes import resolvers
from api.graphql.changes.alerts import alerts_field
from api.graphql.changes.review import account_review_field
from api.graphql.changes.types import ChangeConnection, ChangeEntry
from api.graphql.core.context import Info
from api.graphql.core.scalars import DateTime
from api.graphql.entities.fields import After, First


@strawberry.type
class ChangeQuery:
    @strawberry.field(
        description=(
            "The change log, newest first: one entry per entity each write created, updated or deleted. "
            "Only entries about what the caller may see; `customerId` keeps one account's (the log "
            "outlives the account: a deleted account's entries stay readable by its id)."
        )
    )
    async def changes(
        self,
        info: Info,
        customer_id: strawberry.ID | None = None,
        since: DateTime | None = None,
        first: First = 20,
        after: After = None,
    ) -> ChangeConnection:
        return await resolvers.changes(info, customer_id, since, first, after)

    # Declared beside their result types: the review and the alerts are the
    # analyses' own results, exposed as they are.
    account_review = account_review_field
    alerts = alerts_field


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
        wanted = resolvers.customer_argument(customer_id)
        async for change in ctx.store.follow_changes(ctx.access, customer_id=wanted, poll_s=POLL_S):
            yield ChangeEntry.of(change)
