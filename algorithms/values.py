"""Stored values as the analytics read them: numbers, ISO-8601 timestamps, days between them.

The store keeps what its writers gave it; a value that does not parse reads
as missing here rather than failing an analysis.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime


def as_utc(moment: datetime | None) -> datetime:
    """``moment`` as an aware UTC datetime; naive values are taken as UTC."""
    if moment is None:
        return datetime.now(UTC)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def parse_timestamp(value: object) -> datetime | None:
    """Parse a stored ISO-8601 timestamp; ``None`` for missing or malformed."""
    if isinstance(value, datetime):
        return as_utc(value)
    if not isinstance(value, str) or not value:
        return None
    try:
        return as_utc(datetime.fromisoformat(value))
    except ValueError:
        return None


def days_between(later: datetime, earlier: datetime) -> float:
    return (later - earlier).total_seconds() / 86400.0


def as_float(value: object, default: float | None) -> float | None:
    """A stored numeric property as float; ``default`` when absent or invalid."""
    if value is None or isinstance(value, bool):
        return default
    if isinstance(value, int | float):
        result = float(value)
    elif isinstance(value, str):
        try:
            result = float(value)
        except ValueError:
            return default
    else:
        return default
    return result if math.isfinite(result) else default
