"""Alerts derived from the change log: each with the entries that caused it and what to do.

Log-driven kinds (a champion or sponsor leaving, a stance worsening, a new
decision maker with no tie to us) are read from the entries in the window
(:func:`log_alerts`); the account-level kinds (coverage dropped, ties gone
stale) come from the account review over the same window
(:func:`review_alerts`), so they need one account.  Pure: the caller reads
the log and the people it names (:mod:`api.analytics.reviews`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from algorithms.account_review import AccountReview, TieChangeKind
from graph_model.changes import Change, ChangeKind, ChangeOp
from graph_model.model import OWNERSHIP_TYPES, ClosedSet, Label, ManagesRole, RelType, Stance, names
from graph_model.records import NodeRecord

# The coverage score (0..100) may fall this much before it is an alert.
COVERAGE_DROP_POINTS = 10.0
_STANCE_ORDER = [
    s.value for s in (Stance.BLOCKER, Stance.SKEPTIC, Stance.NEUTRAL, Stance.SUPPORTER, Stance.CHAMPION)
]
_SPONSOR_ROLES = {ManagesRole.EXEC_SPONSOR.value, ManagesRole.OWNER.value}
_DECIDERS = {"DECISION_MAKER", "ECONOMIC_BUYER"}
_OWNERSHIP = {t.value for t in OWNERSHIP_TYPES}


class AlertKind(ClosedSet):
    (
        CHAMPION_LEFT,
        SPONSOR_LEFT,
        STANCE_WORSENED,
        RELATIONSHIP_WENT_STALE,
        COVERAGE_DROPPED,
        NEW_DECISION_MAKER_UNCOVERED,
    ) = names(6)


SUGGESTIONS: dict[AlertKind, str] = {
    AlertKind.CHAMPION_LEFT: (
        "Find who takes over their influence and build a tie to them; keep the tie with them where they went."
    ),
    AlertKind.SPONSOR_LEFT: "Name a new owner or executive sponsor; introduce them to the decision makers.",
    AlertKind.STANCE_WORSENED: "Meet them to learn what changed, with the team member they trust most.",
    AlertKind.RELATIONSHIP_WENT_STALE: "Log a meeting or call to bring the relationship back up to date.",
    AlertKind.COVERAGE_DROPPED: "Work through the gaps opened since then, most severe first (accountReview).",
    AlertKind.NEW_DECISION_MAKER_UNCOVERED: "Ask the team member closest to them for a warm introduction.",
}


@dataclass(frozen=True)
class Alert:
    kind: AlertKind
    at: str = field(metadata={"description": "When the newest change behind it was written."})
    subject_id: str | None
    reason: str
    suggestion: str
    causes: tuple[Change, ...] = field(metadata={"description": "The change log entries that caused it."})


def _is_champion(props: dict[str, object]) -> bool:
    stance, role = props.get("stance"), props.get("buyingRole")
    return (
        stance == Stance.CHAMPION.value
        or role == "CHAMPION"
        or (stance == Stance.SUPPORTER.value and role in _DECIDERS)
    )


def _worse(before: object, after: object) -> bool:
    if before not in _STANCE_ORDER or after not in _STANCE_ORDER:
        return False
    return _STANCE_ORDER.index(str(after)) < _STANCE_ORDER.index(str(before))


def departures(changes: Iterable[Change]) -> list[Change]:
    """Entries of people leaving a department or account (whose person the caller reads)."""
    return [
        c
        for c in changes
        if c.kind is ChangeKind.RELATIONSHIP and c.op is ChangeOp.DELETED and c.name in _OWNERSHIP
    ]


def new_decision_makers(changes: Iterable[Change]) -> list[Change]:
    """Entries making someone a decision maker (whose ties to our team the caller reads)."""
    return [
        c
        for c in changes
        if c.kind is ChangeKind.NODE
        and c.name == Label.STAKEHOLDER.value
        and c.after.get("buyingRole") in _DECIDERS
    ]


def log_alerts(
    changes: Sequence[Change],
    customer_id: str | None,
    *,
    people: Mapping[str, NodeRecord],
    covered: Collection[str],
) -> list[Alert]:
    """Alerts read from log entries alone, in the entries' order.

    ``people`` are the people of :func:`departures` as they are now
    (missing: deleted since), ``covered`` the :func:`new_decision_makers`
    who have a tie to our team now.
    """
    alerts: list[Alert] = []
    departed = departures(changes)
    new_deciders = new_decision_makers(changes)
    for change in changes:
        who = change.ids[0]
        if change.kind is ChangeKind.NODE and change.name == Label.STAKEHOLDER.value:
            if change.op is ChangeOp.DELETED and _is_champion(change.before):
                alerts.append(
                    _alert(
                        AlertKind.CHAMPION_LEFT,
                        change,
                        f"{change.before.get('name', who)}, a champion, was removed from the graph",
                    )
                )
            elif change.op is ChangeOp.UPDATED and _worse(
                change.before.get("stance"), change.after.get("stance")
            ):
                alerts.append(
                    _alert(
                        AlertKind.STANCE_WORSENED,
                        change,
                        f"stance moved from {change.before['stance']} to {change.after['stance']}",
                    )
                )
            if change in new_deciders and who not in covered:
                alerts.append(
                    _alert(
                        AlertKind.NEW_DECISION_MAKER_UNCOVERED,
                        change,
                        "a decision maker with no tie to our team",
                    )
                )
        elif change in departed:
            person = people.get(who)
            gone = person is None or (customer_id is not None and person.account_id != customer_id)
            if person is not None and gone and _is_champion(person.properties):
                alerts.append(
                    _alert(
                        AlertKind.CHAMPION_LEFT,
                        change,
                        f"{person.name}, a champion, left {change.ids[1]}",
                    )
                )
        elif change.kind is ChangeKind.RELATIONSHIP and change.name == RelType.MANAGES.value:
            was, now_role = change.before.get("role"), change.after.get("role")
            left = change.op is ChangeOp.DELETED or (
                change.op is ChangeOp.UPDATED and now_role not in _SPONSOR_ROLES
            )
            if was in _SPONSOR_ROLES and left:
                alerts.append(
                    _alert(
                        AlertKind.SPONSOR_LEFT,
                        change,
                        f"our {str(was).lower().replace('_', ' ')} {who} no longer manages the account",
                    )
                )
    return alerts


def _alert(kind: AlertKind, change: Change, reason: str) -> Alert:
    return Alert(kind, change.at, change.ids[0], reason, SUGGESTIONS[kind], (change,))


def review_alerts(
    review: AccountReview, changes: Sequence[Change], since: str, stale_after_days: float
) -> list[Alert]:
    """The account-level alerts of a review over the same window: coverage dropped, ties gone stale."""
    at = changes[0].at if changes else since
    alerts: list[Alert] = []
    drop = review.coverage_then.score - review.coverage_now.score
    if drop >= COVERAGE_DROP_POINTS:
        alerts.append(
            Alert(
                AlertKind.COVERAGE_DROPPED,
                at,
                review.customer_id,
                f"coverage fell from {review.coverage_then.score:.0f} to {review.coverage_now.score:.0f}",
                SUGGESTIONS[AlertKind.COVERAGE_DROPPED],
                tuple(changes[:20]),
            )
        )
    for tie in review.ties:
        if tie.kind is TieChangeKind.WENT_STALE:
            about = tuple(c for c in changes if c.ids == (tie.team_member_id, tie.stakeholder_id))
            alerts.append(
                Alert(
                    AlertKind.RELATIONSHIP_WENT_STALE,
                    about[0].at if about else at,
                    tie.stakeholder_id,
                    f"{tie.team_member_id} - {tie.stakeholder_id}: no contact in {stale_after_days:.0f} days",
                    SUGGESTIONS[AlertKind.RELATIONSHIP_WENT_STALE],
                    about,
                )
            )
    return alerts
