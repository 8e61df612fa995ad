"""Result types shared by the ranking algorithms."""

from __future__ import annotations

from dataclasses import dataclass


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
