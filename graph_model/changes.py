"""The change log as records: one ``Change`` per entity a write changed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from graph_model.cypher import LOG_PROPERTIES, log_key
from graph_model.model import ClosedSet, names
from graph_model.validation import normalize_datetime


class ChangeKind(ClosedSet):
    NODE, RELATIONSHIP = names(2)


class ChangeOp(ClosedSet):
    CREATED, UPDATED, DELETED = names(3)


@dataclass(frozen=True)
class Change:
    """One entry of the change log.

    ``before`` and ``after`` hold the model's properties: all of them for a
    created or deleted entity, those that moved for an updated one (a
    property cleared is in ``before`` only).  Personal properties hold the
    word "changed" in place of their values.
    """

    seq: int
    at: str
    actor: str
    kind: ChangeKind
    op: ChangeOp
    name: str
    ids: tuple[str, ...]
    accounts: tuple[str, ...]
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)

    @property
    def entity_id(self) -> str | None:
        return self.ids[0] if self.kind is ChangeKind.NODE else None

    @property
    def source(self) -> str | None:
        return self.ids[0] if self.kind is ChangeKind.RELATIONSHIP else None

    @property
    def target(self) -> str | None:
        return self.ids[1] if self.kind is ChangeKind.RELATIONSHIP else None

    @property
    def changed_keys(self) -> list[str]:
        return sorted(set(self.before) | set(self.after))


# Each stored key of an entry's sides: (its place in the model, side, property, is a float).
_SIDE_KEYS: Final = {
    log_key(side, name): (place, side, name, spec.type.value == "float")
    for side in ("before", "after")
    for place, (name, spec) in enumerate(LOG_PROPERTIES.items())
}


def _sides(stored: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """An entry's before and after, read from the keys it has (in the model's order of properties)."""
    found = sorted(_SIDE_KEYS[key] + (value,) for key, value in stored.items() if key in _SIDE_KEYS)
    sides: dict[str, dict[str, Any]] = {"before": {}, "after": {}}
    for _, side, name, is_float, value in found:
        if value is not None:
            # Neo4j and FalkorDB may hand a whole float back as an int.
            sides[side][name] = float(value) if is_float and not isinstance(value, bool) else value
    return sides


def change_from_row(stored: Mapping[str, Any]) -> Change:
    sides = _sides(stored)
    return Change(
        seq=int(stored["seq"]),
        at=str(stored["at"]),
        actor=str(stored["actor"]),
        kind=ChangeKind(stored["kind"]),
        op=ChangeOp(stored["op"]),
        name=str(stored["name"]),
        ids=tuple(stored["ids"]),
        accounts=tuple(stored.get("accounts") or ()),
        before=sides["before"],
        after=sides["after"],
    )


def retention_cutoff(retention_days: int, now: datetime | None = None) -> str:
    """The time before which log entries are pruned, as stored times are written."""
    moment = (now or datetime.now(UTC)) - timedelta(days=retention_days)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def check_since(text: str, retention_days: int, now: datetime | None = None) -> str:
    """``since`` as a stored time, or ``ValueError`` saying why the log cannot answer from then."""
    try:
        since = normalize_datetime(text)
    except ValueError:
        raise ValueError(f"not an ISO-8601 date or date-time: {text[:40]!r}") from None
    moment = now or datetime.now(UTC)
    if since > moment.isoformat(timespec="milliseconds").replace("+00:00", "Z"):
        raise ValueError("is in the future")
    cutoff = retention_cutoff(retention_days, moment)
    if since < cutoff:
        raise ValueError(
            f"is before {cutoff}: the change log keeps {retention_days} days (RELGRAPH_CHANGE_RETENTION_DAYS)"
        )
    return since
