"""The coverage score of :func:`algorithms.coverage_gaps.coverage_gaps`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from algorithms._coverage_model import (
    LEVELS,
    ROLE_INFLUENCERS,
    CoverageGap,
    Facts,
    GapKind,
    Thresholds,
)
from algorithms.results import Factor
from graph_model.model import ManagesRole

# Deciders and executives weigh most: losing them loses the deal.  Factors
# that describe existing relationships (freshness, competition) are 0 while
# there are none, so an account nobody covers scores 0.
SCORE_WEIGHTS: Final = {
    "decisionMakers": 0.20,
    "executives": 0.10,
    "buyingLevels": 0.15,
    "departments": 0.15,
    "influencers": 0.10,
    "execSponsor": 0.05,
    "threading": 0.10,
    "freshness": 0.10,
    "competition": 0.05,
}


def coverage_score(f: Facts, t: Thresholds, gaps: Sequence[CoverageGap]) -> tuple[float, tuple[Factor, ...]]:
    """Score in 0..100 and its factors (value in [0, 1], contribution in points)."""

    def reach(stakeholder: str) -> float:
        return min(1.0, f.best.get(stakeholder, 0.0) / t.strong_at) if t.strong_at > 0 else 1.0

    stakeholders = f.stakeholders
    deciders = [s.id for s in stakeholders if f.is_decider(s)]
    execs = [s.id for s in stakeholders if f.is_executive(s)]
    influential = {s.id for s in stakeholders if s.buying_role in ROLE_INFLUENCERS}
    influential |= f.influencers
    covered = [s.id for s in stakeholders if f.covered(s.id)]
    team = set().union(*f.members.values()) if f.members else set()
    count = {kind: sum(1 for g in gaps if g.kind == kind) for kind in GapKind}

    values: dict[str, float | None] = {
        "decisionMakers": sum(map(reach, deciders)) / len(deciders) if deciders else 0.0,
        "executives": max(map(reach, execs), default=0.0),
        "buyingLevels": sum(1 for level in LEVELS if any(f.covered(p) for p in f.level_people[level]))
        / len(LEVELS),
        "departments": (
            sum(1 for people in f.dept_people.values() if any(map(f.covered, people))) / len(f.dept_people)
            if f.dept_people
            else None
        ),
        "influencers": (
            sum(1 for p in influential if f.covered(p)) / len(influential) if influential else None
        ),
        "execSponsor": float(any(m.role == ManagesRole.EXEC_SPONSOR for m in f.coverage.managers)),
        "threading": 0.5 * min(1.0, len(team) / 2) + 0.5 * min(1.0, len(covered) / 3),
        "freshness": (1.0 - count[GapKind.STALE_RELATIONSHIP] / len(covered) if covered else 0.0),
        "competition": (1.0 - count[GapKind.COMPETITOR_LEANING] / len(stakeholders) if covered else 0.0),
    }
    applicable = {name: v for name, v in values.items() if v is not None}
    total = sum(SCORE_WEIGHTS[name] for name in applicable)
    factors = tuple(
        Factor(name, value, 100.0 * SCORE_WEIGHTS[name] * value / total) for name, value in applicable.items()
    )
    return sum(x.contribution or 0.0 for x in factors), factors
