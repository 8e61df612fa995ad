"""Health of relationships and of accounts: quality, strength and recency.

A relationship is healthy when it is strong, scores well on the quality
dimensions practitioners assess (acceptance, participation, information
flow, guidance, project support, and *low* competitive bias) and has been
kept current.  Contact decays exponentially: after ``half_life_days``
without contact a relationship counts half.

References: R. M. Morgan and S. D. Hunt, "The commitment-trust theory of
relationship marketing", Journal of Marketing 58(3), 1994; H. Ebbinghaus,
"Memory: a contribution to experimental psychology", 1885 (exponential
decay).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from algorithms._util import as_utc, check_range, days_between, rank
from algorithms.errors import InvalidParameter
from algorithms.records import RelationshipInfo
from algorithms.results import Factor, ScoredNode


@dataclass(frozen=True, slots=True)
class RelationshipHealth:
    """Health of one tie: ``(w * strength + (1 - w) * quality) * recency``."""

    team_member_id: str
    stakeholder_id: str
    score: float
    strength: float
    quality: float | None
    recency: float
    days_since_contact: float | None


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
    half_life_days: float = 90.0,
    strength_weight: float = 0.5,
    default_strength: float = 0.5,
    undated_recency: float = 0.0,
) -> RelationshipHealth:
    """Health of one relationship in ``[0, 1]``.

    Parameters
    ----------
    rel : RelationshipInfo
    now : datetime, optional
        The present; default the current UTC time.
    half_life_days : float
        Days without contact after which the tie counts half.
    strength_weight : float
        Weight ``w`` of strength against quality; when no quality dimension
        is assessed the strength stands alone.
    default_strength : float
        Strength of a tie stored without one.
    undated_recency : float
        Recency of a tie with no recorded contact (0: no current health).

    Examples
    --------
    >>> from datetime import datetime, timedelta, timezone
    >>> from algorithms.coverage_input import RelationshipInfo
    >>> now = datetime(2024, 6, 1, tzinfo=timezone.utc)
    >>> rel = RelationshipInfo("t", "s", strength=0.8, acceptance=1.0,
    ...                        competitive_bias=0.2, last_contact_at=now - timedelta(days=90))
    >>> round(relationship_health(rel, now=now).score, 6)
    0.425
    """
    _check(half_life_days, strength_weight, default_strength, undated_recency)
    moment = as_utc(now)
    strength = default_strength if rel.strength is None else min(max(rel.strength, 0.0), 1.0)
    q = quality(rel)
    base = strength if q is None else strength_weight * strength + (1 - strength_weight) * q
    if rel.last_contact_at is None:
        days = None
        recency = undated_recency
    else:
        # A contact dated in the future (clock skew) counts as today.
        days = max(0.0, days_between(moment, rel.last_contact_at))
        recency = math.pow(0.5, days / half_life_days)
    return RelationshipHealth(
        rel.team_member_id, rel.stakeholder_id, base * recency, strength, q, recency, days
    )


def _check(half_life: float, strength_weight: float, default: float, undated: float) -> None:
    if not (math.isfinite(half_life) and half_life > 0):
        raise InvalidParameter(f"half_life_days must be > 0, got {half_life}")
    check_range("strength_weight", strength_weight, 0.0, 1.0)
    check_range("default_strength", default, 0.0, 1.0)
    check_range("undated_recency", undated, 0.0, 1.0)


def account_health(
    relationships: Iterable[RelationshipInfo],
    *,
    now: datetime | None = None,
    half_life_days: float = 90.0,
    strength_weight: float = 0.5,
    default_strength: float = 0.5,
    undated_recency: float = 0.0,
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
    [('a', 0.75), ('b', 0.0)]
    """
    _check(half_life_days, strength_weight, default_strength, undated_recency)
    groups: dict[str, list[tuple[RelationshipInfo, RelationshipHealth]]] = {}
    for rel in relationships:
        if rel.account_id is None:
            continue
        health = relationship_health(
            rel,
            now=now,
            half_life_days=half_life_days,
            strength_weight=strength_weight,
            default_strength=default_strength,
            undated_recency=undated_recency,
        )
        groups.setdefault(rel.account_id, []).append((rel, health))
    scores = {a: _mean([h.score for _, h in ties]) for a, ties in groups.items()}

    def factors(account: str) -> tuple[Factor, ...]:
        ties = groups[account]
        return (
            Factor("strength", _mean([h.strength for _, h in ties])),
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


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0
