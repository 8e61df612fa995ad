"""alerts over GraphQL: derived from the change log, each with its causes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import strawberry

from algorithms.account_alerts import Alert, AlertKind
from api.graphql.analytics.objects import node_object
from api.graphql.analytics.resolvers import analytics_service
from api.graphql.changes.resolvers import customer_argument, since_argument
from api.graphql.changes.types import ChangeEntry
from api.graphql.core.connections import Connection, connection_of
from api.graphql.core.context import Info
from api.graphql.core.results import maybe, result_type
from api.graphql.core.scalars import DateTime
from api.graphql.entities.fields import After, First
from api.graphql.entities.resolvers import record
from graph_model.changes import retention_cutoff
from graph_model.model import Label

strawberry.enum(AlertKind, name="AlertKind", description="What an alert is about.")
# Without a date, alerts look this far back (a review cycle).
DEFAULT_WINDOW_DAYS = 30


def _causes(root: strawberry.Parent[Alert]) -> list[ChangeEntry]:
    return [ChangeEntry.of(c) for c in root.causes]


AlertType = result_type(
    Alert,
    description="Something that changed and needs attention, why, and what to do.",
    types={"at": DateTime},
    hide=("causes",),
    extra={
        "causes": strawberry.field(resolver=_causes, description="The change log entries that caused it."),
        "subject": node_object("subject_id", description="Who or what it is about; null once deleted."),
    },
)


async def alerts(
    info: Info,
    customer_id: strawberry.ID | None = None,
    since: DateTime | None = None,
    first: First = 20,
    after: After = None,
) -> Connection[Alert]:
    ctx = info.context
    limit = ctx.page_size(first)
    now = datetime.now(UTC)
    window = min(DEFAULT_WINDOW_DAYS, ctx.store.change_retention_days)
    moment = since_argument(info, since) or retention_cutoff(window, now + timedelta(milliseconds=1))
    customer = customer_argument(customer_id)
    if customer is not None:
        await record(info, customer, Label.CUSTOMER, field="customerId")
    found = await analytics_service(info).account_alerts(ctx.access, customer_id=customer, since=moment)
    return Connection.page(found, lambda alert: alert, limit=limit, after=after)


alerts_field = strawberry.field(
    resolver=alerts,
    graphql_type=maybe(connection_of(AlertType)),
    description="Alerts derived from the change log since a date (default: the last 30 days), newest first, "
    "each with the entries that caused it and a suggested action. COVERAGE_DROPPED and "
    "RELATIONSHIP_WENT_STALE need `customerId`: they compare the account then and now. NOT_FOUND when "
    "customerId names no account you may see.",
)
