"""Helpers shared by the algorithm modules: ranking, validation, time."""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime

from algorithms.errors import InvalidParameter
from algorithms.results import Factor, ScoredNode

# Scores are compared at 12 significant digits: values that differ only by
# floating-point summation order count as tied, and ties go to the smaller id,
# so every backend and every run yields the same order.
_TIE_DIGITS = 12


def tie_key(score: float) -> float:
    if score == 0.0 or not math.isfinite(score):
        return score
    return float(f"{score:.{_TIE_DIGITS}g}")


def ranked_ids(scores: Mapping[str, float], top_k: int | None = None) -> list[str]:
    """Ids ordered best first, ties broken by id; only the first ``top_k``."""

    def key(node: str) -> tuple[float, str]:
        return (-tie_key(scores[node]), node)

    if top_k is not None and top_k < len(scores):
        return heapq.nsmallest(top_k, scores, key=key)
    return sorted(scores, key=key)


def rank(
    scores: Mapping[str, float],
    factors: Callable[[str], tuple[Factor, ...]] | None = None,
    top_k: int | None = None,
) -> list[ScoredNode]:
    """Turn a score mapping into ranked results, best first."""
    check_top_k(top_k)
    return [
        ScoredNode(node, float(scores[node]), position, factors(node) if factors else ())
        for position, node in enumerate(ranked_ids(scores, top_k), start=1)
    ]


def normalise_max(values: Mapping[str, float]) -> dict[str, float]:
    """Scale non-negative values so the largest is 1 (all zero stays zero)."""
    top = max(values.values(), default=0.0)
    if top <= 0.0:
        return dict.fromkeys(values, 0.0)
    return {k: v / top for k, v in values.items()}


def check_top_k(top_k: int | None) -> None:
    if top_k is not None and top_k < 0:
        raise InvalidParameter(f"top_k must be >= 0, got {top_k}")


def check_range(name: str, value: float, low: float, high: float, *, low_open: bool = False) -> None:
    """Raise InvalidParameter unless ``low <(=) value <= high``."""
    ok = math.isfinite(value) and (low < value if low_open else low <= value) and value <= high
    if not ok:
        bracket = "(" if low_open else "["
        raise InvalidParameter(f"{name} must be in {bracket}{low}, {high}], got {value}")


def check_weights(weights: Mapping[str, float], allowed: Iterable[str]) -> dict[str, float]:
    """Validate blend weights: known names, non-negative, not all zero."""
    allowed = set(allowed)
    unknown = set(weights) - allowed
    if unknown:
        raise InvalidParameter(f"unknown weight(s) {sorted(unknown)}; expected some of {sorted(allowed)}")
    out = {k: float(v) for k, v in weights.items()}
    if any(not math.isfinite(v) or v < 0 for v in out.values()):
        raise InvalidParameter("weights must be finite and non-negative")
    if sum(out.values()) <= 0:
        raise InvalidParameter("at least one weight must be positive")
    return out


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
