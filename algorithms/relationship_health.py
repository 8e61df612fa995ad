"""The relationship-strength model: how strong a tie to a stakeholder is today.

A ``RELATES_TO`` tie between one of our team members and a stakeholder is
scored from what was assessed about it, then decayed by how long ago we were
last in touch:

``score = base * recency``

- ``base`` blends the *stated strength* and the *quality*, the mean of the
  six dimensions practitioners assess (acceptance, participation, information
  flow, day-to-day guidance, project support and ``1 - competitive bias``):
  ``strength_weight * stated + (1 - strength_weight) * quality`` when both
  are known, whichever is known otherwise.  A tie with neither counts as
  ``unassessed_strength``: weak, never average.
- ``recency = 0.5 ** (days since last contact / half_life_days)``; a contact
  dated in the future counts as today, a tie with no recorded contact as
  ``undated_recency``.

Interactions are evidence of contact only: they move ``lastContactAt``
(hence recency), never the strength.  Every score lists its factors, whose
contributions add up to it.  Coverage gaps, key-person risk, the buying
committee and relationship health all weigh ties with this one model.

References: M. S. Granovetter, "The strength of weak ties", American Journal
of Sociology 78(6), 1973; R. M. Morgan and S. D. Hunt, "The commitment-trust
theory of relationship marketing", Journal of Marketing 58(3), 1994; H.
Ebbinghaus, "Memory: a contribution to experimental psychology", 1885
(exponential decay).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

from algorithms.coverage_input import AccountCoverage, RelationshipInfo
from algorithms.errors import InvalidParameter, check_range
from algorithms.ranking import Factor, ScoredNode, rank
from algorithms.values import as_utc, days_between

__all__ = ["RelationshipHealth", "account_health", "relationship_health"]

DEFAULT_HALF_LIFE_DAYS: Final = 180.0
DEFAULT_UNASSESSED_STRENGTH: Final = 0.2
DIMENSIONS: Final = (
    ("acceptance", "acceptance"),
    ("participation", "participation"),
    ("informationFlow", "information_flow"),
    ("guidance", "guidance"),
    ("projectSupport", "project_support"),
    ("competitiveBias", "competitive_bias"),
)


@dataclass(frozen=True, slots=True)
class RelationshipHealth:
    """One tie scored by the model: ``score`` in ``[0, 1]`` and why.

    ``strength`` is the stated strength (``None`` when none is stored),
    ``quality`` the mean assessed dimension (``None`` when none is).
    """

    team_member_id: str
    stakeholder_id: str
    score: float = field(
        metadata={"description": "Strength today, 0..1: the sum of the factors' contributions."}
    )
    strength: float | None = field(metadata={"description": "The stated strength; null when none is stored."})
    quality: float | None = field(
        metadata={"description": "Mean of the assessed quality dimensions (competitive bias inverted)."}
    )
    recency: float = field(metadata={"description": "0.5 per half-life since the last contact."})
    days_since_contact: float | None
    factors: tuple[Factor, ...] = field(
        default=(),
        metadata={
            "description": "statedStrength, quality or unassessed (with contributions), the dimensions as "
            "assessed, recency and daysSinceContact."
        },
    )


def quality(rel: RelationshipInfo) -> float | None:
    """Mean of the assessed quality dimensions, competitive bias inverted."""
    dims = [
        rel.acceptance,
        rel.participation,
        rel.information_flow,
        rel.guidance,
        rel.project_support,
        None if rel.competitive_bias is None else 1.0 - rel.competitive_bias,
    ]
    known = [d for d in dims if d is not None]
    return sum(known) / len(known) if known else None


def relationship_health(
    rel: RelationshipInfo,
    *,
    now: datetime | None = None,
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
    strength_weight: float = 0.5,
    unassessed_strength: float = DEFAULT_UNASSESSED_STRENGTH,
    undated_recency: float = 0.5,
) -> RelationshipHealth:
    """Score one relationship with the model of the module notes.

    Parameters
    ----------
    rel : RelationshipInfo
    now : datetime, optional
        The present; default the current UTC time.
    half_life_days : float
        Days without contact after which a tie counts half.
    strength_weight : float
        Weight of the stated strength against the quality.
    unassessed_strength : float
        Base of a tie with neither a stated strength nor a dimension.
    undated_recency : float
        Recency of a tie with no recorded contact (0.5: as if one half-life old).

    Returns
    -------
    RelationshipHealth
        Factors: ``statedStrength``, ``quality`` or ``unassessed`` (value and
        contribution to the score), the six dimensions as assessed, then
        ``recency`` and ``daysSinceContact``.

    Raises
    ------
    InvalidParameter
        For a non-positive half-life or a weight outside ``[0, 1]``.

    Examples
    --------
    >>> from datetime import datetime, timedelta, timezone
    >>> from algorithms.coverage_input import RelationshipInfo
    >>> now = datetime(2024, 6, 1, tzinfo=timezone.utc)
    >>> rel = RelationshipInfo("t", "s", strength=0.8, acceptance=1.0,
    ...                        competitive_bias=0.2, last_contact_at=now - timedelta(days=180))
    >>> tie = relationship_health(rel, now=now)
    >>> round(tie.score, 6), [(f.name, f.contribution) for f in tie.factors[:2]]
    (0.425, [('statedStrength', 0.2), ('quality', 0.225)])
    >>> round(relationship_health(RelationshipInfo("t", "s", last_contact_at=now), now=now).score, 6)
    0.2
    """
    _check(half_life_days, strength_weight, unassessed_strength, undated_recency)
    moment = as_utc(now)
    stated = None if rel.strength is None else min(max(rel.strength, 0.0), 1.0)
    q = quality(rel)
    if rel.last_contact_at is None:
        days = None
        recency = undated_recency
    else:
        # A contact dated in the future (clock skew) counts as today.
        days = max(0.0, days_between(moment, rel.last_contact_at))
        recency = math.pow(0.5, days / half_life_days)
    if stated is not None and q is not None:
        parts = [("statedStrength", stated, strength_weight), ("quality", q, 1.0 - strength_weight)]
    elif stated is not None:
        parts = [("statedStrength", stated, 1.0)]
    elif q is not None:
        parts = [("quality", q, 1.0)]
    else:
        parts = [("unassessed", unassessed_strength, 1.0)]
    blended = tuple(Factor(name, value, value * share * recency) for name, value, share in parts)
    assessed = tuple(
        Factor(name, value) for name, attr in DIMENSIONS if (value := getattr(rel, attr)) is not None
    )
    timing = (Factor("recency", recency), *([Factor("daysSinceContact", days)] if days is not None else []))
    score = sum(f.contribution or 0.0 for f in blended)
    return RelationshipHealth(
        rel.team_member_id,
        rel.stakeholder_id,
        score,
        stated,
        q,
        recency,
        days,
        (*blended, *assessed, *timing),
    )


@dataclass(frozen=True, slots=True)
class TieModel:
    """The tuning of the relationship-strength model (see :mod:`algorithms.relationship_health`)."""

    half_life_days: float = DEFAULT_HALF_LIFE_DAYS
    unassessed_strength: float = DEFAULT_UNASSESSED_STRENGTH

    def strength(self, rel: RelationshipInfo, now: datetime) -> float:
        return relationship_health(
            rel, now=now, half_life_days=self.half_life_days, unassessed_strength=self.unassessed_strength
        ).score


def _check(half_life: float, strength_weight: float, unassessed: float, undated: float) -> None:
    if not (math.isfinite(half_life) and half_life > 0):
        raise InvalidParameter(f"half_life_days must be > 0, got {half_life}")
    check_range("strength_weight", strength_weight, 0.0, 1.0)
    check_range("unassessed_strength", unassessed, 0.0, 1.0)
    check_range("undated_recency", undated, 0.0, 1.0)


def account_health(
    relationships: Iterable[RelationshipInfo],
    *,
    now: datetime | None = None,
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
    strength_weight: float = 0.5,
    unassessed_strength: float = DEFAULT_UNASSESSED_STRENGTH,
    undated_recency: float = 0.5,
    top_k: int | None = None,
) -> list[ScoredNode]:
    """Health of each account: the mean health of its relationships.

    Relationships are grouped by ``account_id`` (those without one are left
    out); parameters as for :func:`relationship_health`.

    Returns
    -------
    list of ScoredNode
        One per account, healthiest first, ties broken by id.  Factors (as
        means over the account's ties, no additive contributions since
        recency multiplies): ``strength``, ``quality`` (over assessed ties),
        ``competitiveBias`` (over assessed ties), ``recency``, then the
        counts ``relationships``, ``stakeholders`` and ``undated``.

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> from algorithms.coverage_input import RelationshipInfo
    >>> now = datetime(2024, 6, 1, tzinfo=timezone.utc)
    >>> ties = [RelationshipInfo("t", "s1", 1.0, last_contact_at=now, account_id="a"),
    ...         RelationshipInfo("t", "s2", 0.5, last_contact_at=now, account_id="a"),
    ...         RelationshipInfo("t", "s3", 0.9, account_id="b")]
    >>> [(r.id, r.score) for r in account_health(ties, now=now)]
    [('a', 0.75), ('b', 0.45)]
    """
    _check(half_life_days, strength_weight, unassessed_strength, undated_recency)
    groups: dict[str, list[tuple[RelationshipInfo, RelationshipHealth]]] = {}
    for rel in relationships:
        if rel.account_id is None:
            continue
        health = relationship_health(
            rel,
            now=now,
            half_life_days=half_life_days,
            strength_weight=strength_weight,
            unassessed_strength=unassessed_strength,
            undated_recency=undated_recency,
        )
        groups.setdefault(rel.account_id, []).append((rel, health))
    scores = {a: _mean([h.score for _, h in ties]) for a, ties in groups.items()}

    def factors(account: str) -> tuple[Factor, ...]:
        ties = groups[account]
        return (
            Factor("strength", _mean([h.strength for _, h in ties if h.strength is not None])),
            Factor("quality", _mean([h.quality for _, h in ties if h.quality is not None])),
            Factor(
                "competitiveBias",
                _mean([r.competitive_bias for r, _ in ties if r.competitive_bias is not None]),
            ),
            Factor("recency", _mean([h.recency for _, h in ties])),
            Factor("relationships", float(len(ties))),
            Factor("stakeholders", float(len({r.stakeholder_id for r, _ in ties}))),
            Factor("undated", float(sum(1 for _, h in ties if h.days_since_contact is None))),
        )

    return rank(scores, factors, top_k)


@dataclass(frozen=True)
class HealthReport:
    """One account's ties, weakest first, and their mean score (``None`` without ties)."""

    customer_id: str
    score: float | None = field(metadata={"description": "Mean health of the account's relationships, 0..1."})
    relationships: list[RelationshipHealth] = field(metadata={"description": "Weakest first."})


def health_report(coverage: AccountCoverage, *, now: datetime | None = None) -> HealthReport:
    """Every tie of one account scored by the model (default tuning), and the account's health.

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> from algorithms.coverage_input import AccountCoverage, RelationshipInfo
    >>> now = datetime(2024, 6, 1, tzinfo=timezone.utc)
    >>> acct = AccountCoverage("c1", "Acme", relationships=(
    ...     RelationshipInfo("t", "s1", 0.8, last_contact_at=now, account_id="c1"),
    ...     RelationshipInfo("t", "s2", account_id="c1", last_contact_at=now)))
    >>> report = health_report(acct, now=now)
    >>> [t.stakeholder_id for t in report.relationships], round(report.score, 6)
    (['s2', 's1'], 0.5)
    """
    rels = list(coverage.relationships)
    ties = sorted((relationship_health(r, now=now) for r in rels), key=lambda h: (h.score, h.stakeholder_id))
    overall = account_health(rels, now=now)
    score = next((s.score for s in overall if s.id == coverage.customer_id), None)
    return HealthReport(coverage.customer_id, score, ties)


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0
