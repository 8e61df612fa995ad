"""Validate rows against the model before anything is written.

Every check names the entity, the field and the reason, and validation never
stops at the first problem: callers get every bad row at once.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Final, Generic, TypeVar

from graph_model.errors import FieldError
from graph_model.model import (
    NODE_SPECS,
    REL_SPECS,
    Label,
    PropSpec,
    PropType,
    RelType,
    label_for,
    rel_type_for,
    row_properties,
)

MAX_ID_LENGTH = 200
# The engines' wire formats cannot carry NUL, and no name or note needs it.
NUL_REASON = "must not contain the NUL character"


@dataclass(frozen=True)
class NodeRow:
    label: Label
    id: str
    properties: dict[str, Any]


@dataclass(frozen=True)
class RelRow:
    type: RelType
    source: str
    target: str
    properties: dict[str, Any]


def normalize_datetime(value: str) -> str:
    """ISO-8601 date or date-time -> canonical UTC string (``...Z``)."""
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        parsed = datetime.combine(date.fromisoformat(text), datetime.min.time())
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    parsed = parsed.astimezone(UTC)
    # Fixed width, so stored times compare correctly as strings.
    return parsed.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def check_value(spec: PropSpec, value: Any) -> tuple[Any, str | None]:
    """Return the normalised value, or a reason it is refused."""
    if value is None:
        if spec.required:
            return None, "is required"
        return None, None
    kind = spec.type
    if kind is PropType.STRING:
        if not isinstance(value, str):
            return None, f"expected a string, got {type(value).__name__}"
        if len(value) > spec.max_length:
            return None, f"longer than {spec.max_length} characters"
        if "\x00" in value:
            return None, NUL_REASON
        if spec.required and not value.strip():
            return None, "must not be empty"
        return value, None
    if kind is PropType.BOOL:
        if not isinstance(value, bool):
            return None, f"expected true or false, got {type(value).__name__}"
        return value, None
    if kind is PropType.ENUM:
        assert spec.enum is not None
        allowed = [m.value for m in spec.enum]
        raw = value.value if hasattr(value, "value") else value
        if raw not in allowed:
            return None, f"expected one of {', '.join(allowed)}, got {value!r}"
        return raw, None
    if kind is PropType.DATETIME:
        if isinstance(value, datetime):
            value = value.isoformat()
        if not isinstance(value, str):
            return None, f"expected an ISO-8601 date-time string, got {type(value).__name__}"
        try:
            return normalize_datetime(value), None
        except ValueError:
            return None, f"expected an ISO-8601 date-time, got {value!r}"
    # numbers: bool is an int subclass in Python but never a number here
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None, f"expected a number, got {type(value).__name__}"
    if kind is PropType.INT:
        if isinstance(value, float):
            if not value.is_integer():
                return None, f"expected an integer, got {value}"
            value = int(value)
    else:
        value = float(value)
        if not math.isfinite(value):
            return None, "must be a finite number"
    if spec.minimum is not None and value < spec.minimum:
        return None, f"must be at least {spec.minimum:g}, got {value}"
    if spec.maximum is not None and value > spec.maximum:
        return None, f"must be at most {spec.maximum:g}, got {value}"
    return value, None


def check_properties(
    specs: Mapping[str, PropSpec],
    properties: Any,
    *,
    entity: str,
    index: int | None,
    partial: bool = False,
) -> tuple[dict[str, Any], list[FieldError]]:
    errors: list[FieldError] = []
    if properties is None:
        properties = {}
    if not isinstance(properties, Mapping):
        return {}, [FieldError("properties", "expected an object", index, entity)]
    clean: dict[str, Any] = {}
    for key, value in properties.items():
        spec = specs.get(key)
        if spec is None:
            errors.append(FieldError(f"properties.{key}", "unknown property", index, entity))
            continue
        normalised, reason = check_value(spec, value)
        if reason:
            errors.append(FieldError(f"properties.{key}", reason, index, entity))
        else:
            clean[key] = normalised
    if not partial:
        for key, spec in specs.items():
            if spec.required and key not in properties:
                errors.append(FieldError(f"properties.{key}", "is required", index, entity))
    return clean, errors


def check_id(value: Any, field: str, *, entity: str, index: int | None) -> FieldError | None:
    if not isinstance(value, str):
        return FieldError(field, "expected a string id", index, entity)
    if not value.strip() or value != value.strip():
        return FieldError(field, "must be non-empty without surrounding spaces", index, entity)
    if len(value) > MAX_ID_LENGTH:
        return FieldError(field, f"longer than {MAX_ID_LENGTH} characters", index, entity)
    if "\x00" in value:
        return FieldError(field, NUL_REASON, index, entity)
    return None


# An interaction is something that happened: a date beyond tomorrow (any time
# zone's today) would make a relationship look freshly contacted for years.
FUTURE_TOLERANCE: Final = timedelta(days=1)


def future_contact(at: str, *, now: datetime | None = None) -> str | None:
    """Why a normalised contact date is refused, or ``None``: more than a day ahead of now."""
    moment = now or datetime.now(UTC)
    if datetime.fromisoformat(at.replace("Z", "+00:00")) > moment + FUTURE_TOLERANCE:
        return f"is more than a day in the future ({at}); record interactions that happened"
    return None


K = TypeVar("K", Label, RelType)


@dataclass(frozen=True)
class _RowShape(Generic[K]):
    """A node or relationship row: the key naming its kind, and the ids it carries.

    A row with two ids (a relationship) must name two different nodes.
    """

    row: str
    key: str
    noun: str
    kinds: type[K]
    kind_for: Callable[[str], K | None]
    ids: tuple[str, ...]

    def check(
        self, raw: Any, index: int | None, timestamps: bool
    ) -> tuple[K | None, dict[str, Any], list[FieldError]]:
        """The row's kind, its clean properties and every problem; no kind when the whole row is refused."""
        if not isinstance(raw, Mapping):
            return None, {}, [FieldError(self.row, "expected an object", index)]
        name = raw.get(self.key)
        kind = self.kind_for(name) if isinstance(name, str) else None
        if kind is None:
            allowed = ", ".join(k.value for k in self.kinds)
            reason = f"unknown {self.noun} {name!r}; expected one of {allowed}"
            return None, {}, [FieldError(self.key, reason, index)]
        entity = kind.value
        extra = set(raw) - {self.key, *self.ids, "properties"}
        errors = [FieldError(k, "unknown field", index, entity) for k in sorted(extra)]
        for name in self.ids:
            if (err := check_id(raw.get(name), name, entity=entity, index=index)) is not None:
                errors.append(err)
        if not errors and len(self.ids) == 2 and raw[self.ids[0]] == raw[self.ids[1]]:
            errors.append(FieldError(self.ids[1], "a node cannot be linked to itself", index, entity))
        specs = row_properties(kind, timestamps=timestamps)
        props, prop_errors = check_properties(specs, raw.get("properties"), entity=entity, index=index)
        return kind, props, errors + prop_errors


_NODE_ROW: Final = _RowShape("node", "label", "label", Label, label_for, ("id",))
_RELATIONSHIP_ROW: Final = _RowShape(
    "relationship", "type", "relationship type", RelType, rel_type_for, ("from", "to")
)


def validate_node(
    raw: Any, index: int | None = None, *, timestamps: bool = False
) -> tuple[NodeRow | None, list[FieldError]]:
    """Check one node row; ``timestamps`` admits ``createdAt`` and ``updatedAt`` (imports only)."""
    label, props, errors = _NODE_ROW.check(raw, index, timestamps)
    at = props.get("at") if label is Label.INTERACTION else None
    if isinstance(at, str) and (reason := future_contact(at)) is not None:
        errors.append(FieldError("properties.at", reason, index, Label.INTERACTION.value))
    if label is None or errors:
        return None, errors
    return NodeRow(label, raw["id"], props), []


def validate_relationship(
    raw: Any, index: int | None = None, *, timestamps: bool = False
) -> tuple[RelRow | None, list[FieldError]]:
    """Check one relationship row; ``timestamps`` as for ``validate_node``."""
    rel_type, props, errors = _RELATIONSHIP_ROW.check(raw, index, timestamps)
    if rel_type is None or errors:
        return None, errors
    return RelRow(rel_type, raw["from"], raw["to"], props), []


def check_endpoints(row: RelRow, labels: Mapping[str, Label], index: int | None = None) -> list[FieldError]:
    """Check that both ends exist and that the model allows this pair."""
    entity = row.type.value
    errors: list[FieldError] = []
    source, target = labels.get(row.source), labels.get(row.target)
    if source is None:
        errors.append(FieldError("from", f"no node with id {row.source!r}", index, entity))
    if target is None:
        errors.append(FieldError("to", f"no node with id {row.target!r}", index, entity))
    if source is None or target is None:
        return errors
    allowed = REL_SPECS[row.type].endpoints
    if (source, target) not in allowed:
        pairs = ", ".join(sorted(f"{a.value}->{b.value}" for a, b in allowed))
        errors.append(
            FieldError(
                "to",
                f"{row.type.value} cannot link {source.value} -> {target.value}; allowed: {pairs}",
                index,
                entity,
            )
        )
    return errors


__all__ = [
    "NODE_SPECS",
    "NodeRow",
    "RelRow",
    "check_endpoints",
    "check_properties",
    "check_value",
    "normalize_datetime",
    "validate_node",
    "validate_relationship",
]
