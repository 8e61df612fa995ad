"""Account segmentation: value bands, RFM scores, lifecycle mix, revenue concentration.

References: A. M. Hughes, "Strategic Database Marketing", McGraw-Hill, 1994
(RFM); S. A. Rhoades, "The Herfindahl-Hirschman index", Federal Reserve
Bulletin 79, 1993; M. McDonald, B. Rogers, D. Woodburn, "Key Customers",
Butterworth-Heinemann, 2000 (value tiers; computed here as value bands).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from algorithms.errors import EmptyScope, InvalidParameter, check_range
from algorithms.projection import CustomerRecord
from algorithms.values import as_utc, days_between
from graph_model.model import ClosedSet, LifecycleStage, Tier, names

__all__ = [
    "BandAssignment",
    "RFMScore",
    "RevenueConcentration",
    "StageShare",
    "ValueBand",
    "lifecycle_distribution",
    "revenue_concentration",
    "rfm_scores",
    "value_bands",
]


class ValueBand(ClosedSet):
    """Where an account's value falls among all accounts: computed, never stored.

    Not the stored ``tier`` (STRATEGIC / KEY / STANDARD), which is a decision
    an account team records and may base on more than value; a band is
    recomputed from the numbers on every read, so the two can disagree, and
    where they do (a STANDARD account in the HIGH band) is worth a look.
    """

    HIGH, MEDIUM, LOW = names(3)


@dataclass(frozen=True, slots=True)
class BandAssignment:
    """An account's value band, beside the tier stored on it (``None`` when unset)."""

    id: str
    name: str
    value: float = field(metadata={"description": "Annual revenue plus potential value."})
    band: ValueBand
    percentile: float = field(
        metadata={"description": "Share of accounts whose value is at most this one's."}
    )
    rank: int
    stored_tier: Tier | None = field(
        default=None,
        metadata={
            "description": "The tier recorded on the account, a decision that may rest on more than value."
        },
    )


def value_bands(
    customers: Sequence[CustomerRecord],
    *,
    high_quantile: float = 0.8,
    medium_quantile: float = 0.5,
) -> list[BandAssignment]:
    """Assign value bands by quantiles of current plus potential value.

    Value is ``annual_revenue + potential_value``.  An account is in the
    HIGH band when its value is at least the ``high_quantile`` quantile of
    all values (linear interpolation, as ``numpy.quantile``), MEDIUM when at
    least the ``medium_quantile`` quantile, else LOW; an account of value 0
    is always LOW.  Equal values always share a band.

    Returns
    -------
    list of BandAssignment
        Highest value first, ties broken by id.  ``percentile`` is the share
        of accounts whose value is at most this one's; ``stored_tier`` is the
        account's own ``tier`` for comparison.

    Raises
    ------
    InvalidParameter
        Unless ``0 <= medium_quantile <= high_quantile <= 1``.

    Examples
    --------
    >>> from algorithms.projection import CustomerRecord
    >>> rows = [CustomerRecord(f"c{i}", f"C{i}", annual_revenue=float(i)) for i in range(1, 11)]
    >>> [(t.id, t.band.value) for t in value_bands(rows)][:4]
    [('c10', 'HIGH'), ('c9', 'HIGH'), ('c8', 'MEDIUM'), ('c7', 'MEDIUM')]
    """
    check_range("high_quantile", high_quantile, 0.0, 1.0)
    check_range("medium_quantile", medium_quantile, 0.0, 1.0)
    if medium_quantile > high_quantile:
        raise InvalidParameter("medium_quantile must not exceed high_quantile")
    if not customers:
        return []
    values = {c.id: max(c.annual_revenue, 0.0) + max(c.potential_value, 0.0) for c in customers}
    array = np.fromiter(values.values(), dtype=float)
    high_at, medium_at = np.quantile(array, [high_quantile, medium_quantile])
    ordered = sorted(customers, key=lambda c: (-values[c.id], c.id))
    out = []
    for position, c in enumerate(ordered, start=1):
        v = values[c.id]
        band = (
            ValueBand.LOW
            if v <= 0
            else ValueBand.HIGH
            if v >= high_at
            else ValueBand.MEDIUM
            if v >= medium_at
            else ValueBand.LOW
        )
        percentile = float(np.count_nonzero(array <= v)) / len(array)
        stored = Tier.known(c.tier)
        out.append(BandAssignment(c.id, c.name, v, band, percentile, position, stored))
    return out


@dataclass(frozen=True, slots=True)
class RFMScore:
    """Recency, frequency and monetary scores (1 worst .. ``bins`` best)."""

    id: str
    name: str
    recency: int
    frequency: int
    monetary: int
    score: int
    code: str
    days_since_purchase: float | None


def _binned(values: Sequence[float], bins: int) -> list[int]:
    # Score = 1 + floor(bins * share of accounts strictly below): equal values
    # share a score, the lowest value scores 1, and with n distinct values the
    # top n/bins score ``bins``.
    ordered = np.sort(np.asarray(values, dtype=float))
    n = len(values)
    below = np.searchsorted(ordered, values, side="left")
    return [1 + (bins * int(b)) // n for b in below]


def rfm_scores(
    customers: Sequence[CustomerRecord], *, now: datetime | None = None, bins: int = 5
) -> list[RFMScore]:
    """Score accounts on recency, frequency and monetary value, in quantile bins.

    Recency is the time since ``last_purchase_at`` (more recent scores
    higher; never purchased scores 1), frequency ``purchase_count``, monetary
    ``annual_revenue``.  Each is scored ``1 + floor(bins * b / n)`` where
    ``b`` is the number of accounts with a strictly worse value, so with the
    default 5 bins the scores are quintiles.

    Returns
    -------
    list of RFMScore
        Best total first, then by code, then by id.

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> from algorithms.projection import CustomerRecord
    >>> now = datetime(2024, 1, 1, tzinfo=timezone.utc)
    >>> rows = [CustomerRecord("a", "A", annual_revenue=9.0, purchase_count=3,
    ...                        last_purchase_at=datetime(2023, 12, 1, tzinfo=timezone.utc)),
    ...         CustomerRecord("b", "B", annual_revenue=1.0, purchase_count=1)]
    >>> [(r.id, r.code) for r in rfm_scores(rows, now=now)]
    [('a', '333'), ('b', '111')]
    """
    if bins < 1:
        raise InvalidParameter(f"bins must be >= 1, got {bins}")
    if not customers:
        return []
    moment = as_utc(now)
    days = [
        days_between(moment, c.last_purchase_at) if c.last_purchase_at is not None else None
        for c in customers
    ]
    recency = _binned([-d if d is not None else -np.inf for d in days], bins)
    frequency = _binned([float(c.purchase_count) for c in customers], bins)
    monetary = _binned([c.annual_revenue for c in customers], bins)
    out = [
        RFMScore(c.id, c.name, r, f, m, r + f + m, f"{r}{f}{m}", d)
        for c, r, f, m, d in zip(customers, recency, frequency, monetary, days, strict=True)
    ]
    out.sort(key=lambda x: (-x.score, -x.recency, -x.frequency, -x.monetary, x.id))
    return out


@dataclass(frozen=True, slots=True)
class StageShare:
    stage: LifecycleStage | None = field(
        metadata={"description": "Null for accounts without a recorded stage."}
    )
    count: int
    share: float
    revenue: float
    revenue_share: float


def lifecycle_distribution(customers: Sequence[CustomerRecord]) -> list[StageShare]:
    """Accounts and revenue per lifecycle stage, in lifecycle order.

    Every stage appears (with zeros if empty); accounts without a stage are
    counted under stage ``None``, listed last and only when there are any.

    Examples
    --------
    >>> from algorithms.projection import CustomerRecord
    >>> from graph_model.model import LifecycleStage
    >>> rows = [CustomerRecord("a", "A", annual_revenue=3.0,
    ...                        lifecycle_stage=LifecycleStage.ACTIVE),
    ...         CustomerRecord("b", "B", annual_revenue=1.0)]
    >>> [(s.stage and s.stage.value, s.count, s.revenue_share) for s in lifecycle_distribution(rows)][2:]
    [('ACTIVE', 1, 0.75), ('AT_RISK', 0, 0.0), ('CHURNED', 0, 0.0), (None, 1, 0.25)]
    """
    counts: dict[LifecycleStage | None, int] = dict.fromkeys(LifecycleStage, 0)
    revenue: dict[LifecycleStage | None, float] = dict.fromkeys(LifecycleStage, 0.0)
    for c in customers:
        stage = c.lifecycle_stage
        counts[stage] = counts.get(stage, 0) + 1
        revenue[stage] = revenue.get(stage, 0.0) + max(c.annual_revenue, 0.0)
    n = len(customers)
    total = sum(revenue.values())
    return [
        StageShare(
            stage,
            counts[stage],
            counts[stage] / n if n else 0.0,
            revenue[stage],
            revenue[stage] / total if total > 0 else 0.0,
        )
        for stage in counts
    ]


@dataclass(frozen=True, slots=True)
class RevenueConcentration:
    """How much revenue depends on few accounts.

    ``hhi`` is the Herfindahl-Hirschman index on revenue shares, in
    ``[1/n, 1]`` (multiply by 10,000 for the antitrust convention);
    ``effective_accounts`` is ``1 / hhi``, the number of equal accounts that
    would give the same concentration.
    """

    total_revenue: float
    accounts: int
    top_n: int
    top_share: float = field(metadata={"description": "Share of revenue of the top N accounts."})
    hhi: float = field(metadata={"description": "Herfindahl-Hirschman index of revenue shares, 1/n..1."})
    effective_accounts: float = field(
        metadata={"description": "1 / hhi: how many equal accounts would give the same concentration."}
    )
    top_accounts: tuple[str, ...] = field(metadata={"description": "The top N accounts, largest first."})


def revenue_concentration(customers: Sequence[CustomerRecord], *, top_n: int = 5) -> RevenueConcentration:
    """Share of the top ``top_n`` accounts and the HHI of annual revenue.

    Raises
    ------
    EmptyScope
        When there are no accounts.
    InvalidParameter
        For ``top_n < 1``.

    Examples
    --------
    >>> from algorithms.projection import CustomerRecord
    >>> rows = [CustomerRecord("a", "A", annual_revenue=6.0),
    ...         CustomerRecord("b", "B", annual_revenue=2.0),
    ...         CustomerRecord("c", "C", annual_revenue=2.0)]
    >>> r = revenue_concentration(rows, top_n=1)
    >>> r.top_share, round(r.hhi, 2), r.top_accounts
    (0.6, 0.44, ('a',))

    With no revenue at all, every share, the HHI and ``effective_accounts``
    are 0.
    """
    if top_n < 1:
        raise InvalidParameter(f"top_n must be >= 1, got {top_n}")
    if not customers:
        raise EmptyScope("revenue concentration needs at least one account")
    revenue = sorted(((max(c.annual_revenue, 0.0), c.id) for c in customers), key=lambda x: (-x[0], x[1]))
    total = sum(r for r, _ in revenue)
    top = revenue[:top_n]
    if total <= 0:
        ids = tuple(i for _, i in top)
        return RevenueConcentration(0.0, len(revenue), top_n, 0.0, 0.0, 0.0, ids)
    hhi = sum((r / total) ** 2 for r, _ in revenue)
    return RevenueConcentration(
        total_revenue=total,
        accounts=len(revenue),
        top_n=top_n,
        top_share=sum(r for r, _ in top) / total,
        hhi=hhi,
        effective_accounts=1.0 / hhi,
        top_accounts=tuple(i for _, i in top),
    )
