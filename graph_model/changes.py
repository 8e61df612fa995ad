"""The change log as records: one ``Change`` per entity a write changed."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graph_model.cypher import LOG_PROPERTIES, log_key


class ChangeKind(str, enum.Enum):
    NODE = "NODE"
    RELATIONSHIP = "RELATIONSHIP"


class ChangeOp(str, enum.Enum):
    CREATED = "CREATED"
    UPDATED = "UPDATED"
    DELETED = "DELETED"


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


def _side(stored: Mapping[str, Any], side: str) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name, spec in LOG_PROPERTIES.items():
        value = stored.get(log_key(side, name))
        if value is None:
            continue
        # Neo4j and FalkorDB may hand a whole float back as an int.
        found[name] = float(value) if spec.type.value == "float" and not isinstance(value, bool) else value
    return found


def change_from_row(stored: Mapping[str, Any]) -> Change:
    return Change(
        seq=int(stored["seq"]),
        at=str(stored["at"]),
        actor=str(stored["actor"]),
        kind=ChangeKind(stored["kind"]),
        op=ChangeOp(stored["op"]),
        name=str(stored["name"]),
        ids=tuple(stored["ids"]),
        accounts=tuple(stored.get("accounts") or ()),
        before=_side(stored, "before"),
        after=_side(stored, "after"),
    )
