"""What changed in an account since a date: the account rebuilt as it was then from the
change log, set against today, with the same coverage analysis run on both.

Pure: the caller reads the account, the log and those who left
(:mod:`api.analytics.reviews`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from algorithms.coverage_gaps import CoverageGap, CoverageReport, coverage_gaps
from algorithms.coverage_input import AccountCoverage, coverage_input
from algorithms.errors import NodeNotFound
from algorithms.introduction_paths import IntroductionPath
from graph_model.analytics_export import ExportedNode, GraphExport
from graph_model.changes import Change
from graph_model.history import rewind
from graph_model.model import ClosedSet, Label, RelType, names
from graph_model.records import NodeRecord

# A review rebuilds the account from at most this many log entries.
MAX_REVIEW_CHANGES = 50_000
_PERSON_FIELDS = {
    "title": "TITLE",
    "seniority": "SENIORITY",
    "buying_role": "BUYING_ROLE",
    "stance": "STANCE",
}


class ReviewRefused(ValueError):
    """No review from that date: the account did not exist then, or changed too often since."""


class PersonChangeKind(ClosedSet):
    JOINED, LEFT, MOVED_DEPARTMENT, NEW_MANAGER, TITLE, SENIORITY, BUYING_ROLE, STANCE = names(8)


class TieChangeKind(ClosedSet):
    ADDED, REMOVED, STRENGTHENED, WEAKENED, WENT_STALE = names(5)


@dataclass(frozen=True)
class PersonChange:
    stakeholder_id: str
    name: str
    kind: PersonChangeKind
    before: str | None = field(
        metadata={"description": "The value then (a title, department ids, a manager's id)."}
    )
    after: str | None = field(metadata={"description": "The value now."})


@dataclass(frozen=True)
class TieChange:
    team_member_id: str
    stakeholder_id: str
    kind: TieChangeKind
    strength_before: float | None
    strength_after: float | None


@dataclass(frozen=True)
class SupplierChange:
    supplier_id: str
    name: str
    share_before: float | None
    share_after: float | None


@dataclass(frozen=True)
class AccountReview:
    customer_id: str
    since: str
    changes_replayed: int = field(metadata={"description": "Log entries undone to rebuild the account then."})
    people: list[PersonChange]
    ties: list[TieChange]
    suppliers: list[SupplierChange]
    coverage_then: CoverageReport = field(
        metadata={"description": "The account's coverage as it was (its gaps suggest no introductions)."}
    )
    coverage_now: CoverageReport

    @property
    def gaps_opened(self) -> list[CoverageGap]:
        then = {g.key for g in self.coverage_then.gaps}
        return [g for g in self.coverage_now.gaps if g.key not in then]

    @property
    def gaps_closed(self) -> list[CoverageGap]:
        now = {g.key for g in self.coverage_now.gaps}
        return [g for g in self.coverage_then.gaps if g.key not in now]


def _node(record_id: str, label: Label, props: dict[str, Any], account: str | None) -> ExportedNode:
    kept = {k: v for k, v in props.items() if k not in ("id", "name", "createdAt", "updatedAt", "accountId")}
    return ExportedNode(record_id, label.value, str(props.get("name", "")), account, kept)


@dataclass(frozen=True)
class AccountHistory:
    """What the log says of an account since a date: its entries, and the people and teams
    they name who are no longer in it (as they are now)."""

    changes: list[Change]
    left: list[ExportedNode]


def review_account(
    customer_id: str,
    since: str,
    present: GraphExport,
    history: AccountHistory,
    *,
    now: datetime,
    stale_after_days: float = 90,
    today: AccountCoverage | None = None,
    coverage_now: CoverageReport | None = None,
) -> AccountReview:
    """The review of ``customer_id`` since ``since``, from the account now and the log since.

    ``present`` is the account's export now, ``history`` its entries
    written after ``since`` and those they name who left.  The account as
    it was is ``present`` rewound by the entries; the same coverage
    analysis runs on both.  ``today`` and ``coverage_now``, when the caller already has
    them, are the analysis of ``present`` and are used as they are.

    Raises
    ------
    ReviewRefused
        When the account did not exist at ``since``.  (A history of more
        than ``MAX_REVIEW_CHANGES`` entries is refused when it is read:
        :func:`api.analytics.reviews.account_history`.)
    """
    changes = history.changes
    widened = GraphExport([*present.nodes, *history.left], present.edges, present.version)
    then_moment = datetime.fromisoformat(since.replace("Z", "+00:00"))
    past = rewind(widened, changes)
    try:
        then = coverage_input(past, customer_id)
    except NodeNotFound:
        raise ReviewRefused("is before the account existed") from None
    today = today or coverage_input(present, customer_id)
    return AccountReview(
        customer_id=customer_id,
        since=since,
        changes_replayed=len(changes),
        people=_people(then, today, past, present),
        ties=_ties(then, today, then_moment, now, stale_after_days),
        suppliers=_suppliers(past, present, customer_id),
        # A gap of then needs no introduction: open now, it is in coverage_now with
        # one; closed, nobody needs to be introduced any more.
        coverage_then=coverage_gaps(
            then, now=then_moment, stale_after_days=stale_after_days, introductions=_no_introduction
        ),
        coverage_now=coverage_now or coverage_gaps(today, now=now, stale_after_days=stale_after_days),
    )


def left_nodes(found: Iterable[NodeRecord]) -> list[ExportedNode]:
    """Stored nodes as the rewind reads them (``GraphStore.get_nodes`` of those who left)."""
    return [_node(r.id, r.label, r.properties, r.account_id) for r in found]


def _no_introduction(target: str) -> IntroductionPath | None:
    return None


def _managers(export: GraphExport) -> dict[str, str]:
    return {e.source: e.target for e in export.edges if e.type == RelType.REPORTS_TO.value}


def _text(value: object) -> str | None:
    if value is None:
        return None
    return str(getattr(value, "value", value))


def _people(
    then: AccountCoverage, today: AccountCoverage, past: GraphExport, present: GraphExport
) -> list[PersonChange]:
    before = {s.id: s for s in then.stakeholders}
    after = {s.id: s for s in today.stakeholders}
    managers_then, managers_now = _managers(past), _managers(present)
    found: list[PersonChange] = []
    for sid in sorted(after.keys() - before.keys()):
        found.append(PersonChange(sid, after[sid].name, PersonChangeKind.JOINED, None, after[sid].title))
    for sid in sorted(before.keys() - after.keys()):
        found.append(PersonChange(sid, before[sid].name, PersonChangeKind.LEFT, before[sid].title, None))
    for sid in sorted(before.keys() & after.keys()):
        old, new = before[sid], after[sid]
        if set(old.department_ids) != set(new.department_ids):
            found.append(
                PersonChange(
                    sid,
                    new.name,
                    PersonChangeKind.MOVED_DEPARTMENT,
                    ", ".join(sorted(old.department_ids)) or None,
                    ", ".join(sorted(new.department_ids)) or None,
                )
            )
        if managers_then.get(sid) != managers_now.get(sid):
            found.append(
                PersonChange(
                    sid, new.name, PersonChangeKind.NEW_MANAGER, managers_then.get(sid), managers_now.get(sid)
                )
            )
        for attribute, kind in _PERSON_FIELDS.items():
            was, now = _text(getattr(old, attribute)), _text(getattr(new, attribute))
            if was != now:
                found.append(PersonChange(sid, new.name, PersonChangeKind(kind), was, now))
    return found


def _ties(
    then: AccountCoverage, today: AccountCoverage, then_moment: datetime, now: datetime, stale_days: float
) -> list[TieChange]:
    before = {(r.team_member_id, r.stakeholder_id): r for r in then.relationships}
    after = {(r.team_member_id, r.stakeholder_id): r for r in today.relationships}
    stale = timedelta(days=stale_days)
    found: list[TieChange] = []
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key), after.get(key)
        if old is None and new is not None:
            found.append(TieChange(*key, TieChangeKind.ADDED, None, new.strength))
        elif new is None and old is not None:
            found.append(TieChange(*key, TieChangeKind.REMOVED, old.strength, None))
        elif old is not None and new is not None:
            if (old.strength or 0.0) < (new.strength or 0.0):
                found.append(TieChange(*key, TieChangeKind.STRENGTHENED, old.strength, new.strength))
            elif (old.strength or 0.0) > (new.strength or 0.0):
                found.append(TieChange(*key, TieChangeKind.WEAKENED, old.strength, new.strength))
            fresh_then = old.last_contact_at is not None and then_moment - old.last_contact_at <= stale
            stale_now = new.last_contact_at is None or now - new.last_contact_at > stale
            if fresh_then and stale_now:
                found.append(TieChange(*key, TieChangeKind.WENT_STALE, old.strength, new.strength))
    return found


def _shares(export: GraphExport, customer_id: str) -> dict[str, float | None]:
    return {
        e.source: e.props.get("shareOfWallet")
        for e in export.edges
        if e.type == RelType.SUPPLIES.value and e.target == customer_id
    }


def _suppliers(past: GraphExport, present: GraphExport, customer_id: str) -> list[SupplierChange]:
    before, after = _shares(past, customer_id), _shares(present, customer_id)
    names = {n.id: n.name for n in (*past.nodes, *present.nodes)}
    return [
        SupplierChange(sid, names.get(sid, sid), before.get(sid), after.get(sid))
        for sid in sorted(before.keys() | after.keys())
        if sid not in before or sid not in after or before[sid] != after[sid]
    ]
