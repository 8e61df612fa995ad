"""alerts over GraphQL: derived from the change log, each with its causes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import strawberry

from algorithms.account_alerts import Alert as AlertResult
from algorithms.account_alerts import AlertKind, account_alerts
from api.graphql.changes.resolvers import customer_argument, since_argument
from api.graphql.changes.types import ChangeEntry
from api.graphql.core.context import Info
from graph_model.changes import retention_cutoff

strawberry.enum(AlertKind, name="AlertKind", description="What an alert is about.")
# Without a date, alerts look this far back (a review cycle).
DEFAULT_WINDOW_DAYS = 30
MAX_ALERTS = 200


@strawberry.type(description="Something that changed and needs attention, why, and what to do.")
class Alert:
    kind: AlertKind
    at: str = strawberry.field(description="When the newest change behind it was written.")
    subject_id: strawberry.ID | None
    reason: str
    suggestion: str
    causes: list[ChangeEntry] = strawberry.field(description="The change log entries that caused it.")

    @classmethod
    def of(cls, alert: AlertResult) -> Alert:
        return cls(
            kind=alert.kind,
            at=alert.at,
            subject_id=strawberry.ID(alert.subject_id) if alert.subject_id else None,
            reason=alert.reason,
            suggestion=alert.suggestion,
            causes=[ChangeEntry.of(c) for c in alert.causes],
        )


async def alerts(info: Info, customer_id: strawberry.ID | None, since: str | None) -> list[Alert]:
    ctx = info.context
    now = datetime.now(UTC)
    window = min(DEFAULT_WINDOW_DAYS, ctx.store.change_retention_days)
    moment = since_argument(info, since) or retention_cutoff(window, now + timedelta(milliseconds=1))
    found = await account_alerts(
        ctx.store, ctx.access, customer_id=customer_argument(customer_id), since=moment, now=now
    )
    return [Alert.of(a) for a in found[:MAX_ALERTS]]
