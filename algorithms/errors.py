"""Named errors raised by the analytics layer, and the parameter checks that raise them.

Every error derives from :class:`AlgorithmError`, so callers (the API layer)
can map the whole family to one client-facing error code, while tests and
callers that care can catch the precise kind.

Conventions shared by all algorithms:

- functions that return one item per node, account or gap return an empty
  list for an empty input;
- functions that return a single aggregate raise :class:`EmptyScope` when the
  aggregate is undefined for an empty input;
- a node named by the caller that is not in the graph raises
  :class:`NodeNotFound`;
- a tuning parameter out of its range raises :class:`InvalidParameter`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

__all__ = ["AlgorithmError", "EmptyScope", "InvalidParameter", "NodeNotFound", "NotConverged"]


class AlgorithmError(Exception):
    """Base class of every error raised by :mod:`algorithms`."""


class NodeNotFound(AlgorithmError, LookupError):
    """A node the caller named is not part of the graph or scope."""

    def __init__(self, node_id: str, what: str = "node") -> None:
        super().__init__(f"{what} {node_id!r} is not in the graph")
        self.node_id = node_id


class EmptyScope(AlgorithmError, ValueError):
    """The scope holds nothing to compute an aggregate over."""


class InvalidParameter(AlgorithmError, ValueError):
    """A tuning parameter is outside its allowed range."""


class NotConverged(AlgorithmError, RuntimeError):
    """An iterative method did not reach its tolerance within its budget."""


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
