"""Scored results and their ranking: what every ranking algorithm returns.

Scores are compared at 12 significant digits: values that differ only by
floating-point summation order count as tied, and ties go to the smaller id,
so every backend and every run yields the same order.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from algorithms.errors import check_top_k

__all__ = ["Factor", "ScoredNode"]

_TIE_DIGITS = 12


@dataclass(frozen=True, slots=True)
class Factor:
    """One ingredient of a score.

    ``value`` is the ingredient as measured (a PageRank probability, a count,
    a seniority level in ``[0, 1]``).  ``contribution`` is the part of the
    score it accounts for, when the score is a weighted blend: the
    contributions of a blended score add up to the score.  It is ``None`` for
    factors that explain but do not enter the score.
    """

    name: str
    value: float
    contribution: float | None = None


@dataclass(frozen=True, slots=True)
class ScoredNode:
    """A node with its score, its 1-based rank and the factors behind it."""

    id: str
    score: float
    rank: int
    factors: tuple[Factor, ...] = ()


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
