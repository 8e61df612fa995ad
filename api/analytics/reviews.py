"""Account reviews and alerts: what they read from the store, handed to the pure analyses.

:func:`algorithms.account_review.review_account` and
:mod:`algorithms.account_alerts` compute from records; this module reads
those records (the log since a date, the account now, the people the log
names) with the caller's access.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from algorithms.account_alerts import (
    Alert,
    departures,
    log_alerts,
    new_decision_makers,
    review_alerts,
)
from algorithms.account_review import (
    MAX_REVIEW_CHANGES,
    AccountHistory,
    AccountReview,
    ReviewRefused,
    left_nodes,
)
from graph_model.access import AccessScope
from graph_model.analytics_export import GraphExport
from graph_model.model import Direction, RelType
from graph_model.store import GraphStore

__all__ = ["MAX_ALERT_CHANGES", "AccountHistory", "account_alerts", "account_history"]

# Alerts look at no more than this many of the newest entries in their window.
MAX_ALERT_CHANGES = 20_000


async def account_history(
    store: GraphStore, customer_id: str, since: str, access: AccessScope, present: GraphExport
) -> AccountHistory:
    """The account's entries written after ``since``, and the people and teams they name who left.

    Raises :class:`ReviewRefused` when more than ``MAX_REVIEW_CHANGES`` would be replayed.
    """
    changes = await store.changes(access, customer_id=customer_id, since=since, limit=MAX_REVIEW_CHANGES + 1)
    # The account as of ``since`` includes what was written at that very moment.
    changes = [c for c in changes if c.at > since]
    if len(changes) > MAX_REVIEW_CHANGES:
        raise ReviewRefused(f"goes back over more than {MAX_REVIEW_CHANGES} changes; choose a later date")
    known = {n.id for n in present.nodes}
    # People and teams who left the account still exist elsewhere: the
    # account as it was needs them, as they are now, rewound by the log.
    missing = sorted({i for c in changes for i in c.ids} - known)
    found = await store.get_nodes(missing, access)
    return AccountHistory(changes, left_nodes(found.values()))


async def account_alerts(
    store: GraphStore,
    access: AccessScope,
    *,
    customer_id: str | None,
    since: str,
    stale_after_days: float,
    review: Callable[[], Awaitable[AccountReview | None]] | None = None,
) -> list[Alert]:
    """Alerts about what the caller may see since ``since``, newest first.

    ``review`` gives the account's review over the same window (with
    ``customer_id``), for the account-level kinds.
    """
    changes = await store.changes(access, customer_id=customer_id, since=since, limit=MAX_ALERT_CHANGES)
    people = await store.get_nodes([c.ids[0] for c in departures(changes)], access)
    deciders = [c.ids[0] for c in new_decision_makers(changes)]
    ties = await store.neighbours(deciders, RelType.RELATES_TO, Direction.IN, access)
    alerts = log_alerts(changes, customer_id, people=people, covered={d for d in deciders if ties.get(d)})
    if customer_id is not None and review is not None:
        try:
            reviewed = await review()
        except ReviewRefused:
            # No account then (or too much to replay): nothing to compare with.
            reviewed = None
        if reviewed is not None:
            alerts += review_alerts(reviewed, changes, since, stale_after_days)
    return sorted(alerts, key=lambda a: a.at, reverse=True)
