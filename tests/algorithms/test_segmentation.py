"""Value bands, RFM, lifecycle mix and revenue concentration."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from algorithms.errors import EmptyScope, InvalidParameter
from algorithms.projection import CustomerRecord
from algorithms.segmentation import (
    ValueBand,
    lifecycle_distribution,
    revenue_concentration,
    rfm_scores,
    value_bands,
)
from graph_model.model import LifecycleStage, Tier

NOW = datetime(2024, 6, 1, tzinfo=UTC)


def ten() -> list[CustomerRecord]:
    # Values 1..10 split between revenue and potential.
    return [
        CustomerRecord(f"c{i:02d}", f"C{i}", annual_revenue=i - 0.5, potential_value=0.5)
        for i in range(1, 11)
    ]


def test_bands_by_quantile() -> None:
    # Linear quantiles of 1..10: 80% -> 8.2, 50% -> 5.5.
    bands = {t.id: t.band for t in value_bands(ten())}
    assert [i for i, t in bands.items() if t is ValueBand.HIGH] == ["c10", "c09"]
    assert [i for i, t in bands.items() if t is ValueBand.MEDIUM] == ["c08", "c07", "c06"]
    assert sum(t is ValueBand.LOW for t in bands.values()) == 5
    first = value_bands(ten())[0]
    assert (first.id, first.value, first.percentile, first.rank) == ("c10", 10.0, 1.0, 1)


def test_a_band_is_shown_beside_the_stored_tier_it_may_disagree_with() -> None:
    rows = [
        CustomerRecord("big", "Big", annual_revenue=9.0, tier="STANDARD"),
        CustomerRecord("small", "Small", annual_revenue=1.0, tier="STRATEGIC"),
        CustomerRecord("odd", "Odd", annual_revenue=5.0, tier="GOLD"),
    ]
    found = {b.id: (b.band, b.stored_tier) for b in value_bands(rows)}
    assert found == {
        "big": (ValueBand.HIGH, Tier.STANDARD),
        "odd": (ValueBand.MEDIUM, None),
        "small": (ValueBand.LOW, Tier.STRATEGIC),
    }


def test_bands_configurable_ties_and_zero_value() -> None:
    bands = value_bands(ten(), high_quantile=0.5, medium_quantile=0.2)
    assert sum(t.band is ValueBand.HIGH for t in bands) == 5
    same = [CustomerRecord(x, x, annual_revenue=5.0) for x in "abc"]
    assert {t.band for t in value_bands(same)} == {ValueBand.HIGH}
    zero = [CustomerRecord(x, x) for x in "ab"]
    assert {t.band for t in value_bands(zero)} == {ValueBand.LOW}
    assert value_bands([]) == []
    with pytest.raises(InvalidParameter):
        value_bands(ten(), high_quantile=0.4, medium_quantile=0.6)
    with pytest.raises(InvalidParameter):
        value_bands(ten(), high_quantile=1.2)


def test_rfm_quintiles_by_hand() -> None:
    # Ten accounts: the i-th bought i days ago, i times, for revenue i.
    rows = [
        CustomerRecord(
            f"c{i:02d}",
            f"C{i}",
            annual_revenue=float(i),
            purchase_count=i,
            last_purchase_at=NOW - timedelta(days=i),
        )
        for i in range(1, 11)
    ]
    scores = {r.id: r for r in rfm_scores(rows, now=NOW)}
    # Score = 1 + floor(5 * accounts strictly worse / 10).
    assert (scores["c01"].recency, scores["c01"].frequency, scores["c01"].monetary) == (5, 1, 1)
    assert (scores["c10"].recency, scores["c10"].frequency, scores["c10"].monetary) == (1, 5, 5)
    assert (scores["c05"].recency, scores["c05"].frequency, scores["c05"].monetary) == (3, 3, 3)
    assert scores["c05"].code == "333"
    assert scores["c05"].score == 9
    assert scores["c03"].days_since_purchase == pytest.approx(3.0)
    ordered = [r.id for r in rfm_scores(rows, now=NOW)]
    # c09 and c10 both total 11 (1 + 5 + 5): ids break the tie.
    assert ordered[:2] == ["c09", "c10"]


def test_rfm_ties_and_missing_purchases() -> None:
    rows = [
        CustomerRecord("never", "N", purchase_count=0),
        CustomerRecord("a", "A", purchase_count=2, last_purchase_at=NOW - timedelta(days=1)),
        CustomerRecord("b", "B", purchase_count=2, last_purchase_at=NOW - timedelta(days=1)),
    ]
    scores = {r.id: r for r in rfm_scores(rows, now=NOW)}
    assert scores["never"].recency == 1
    assert scores["never"].days_since_purchase is None
    assert scores["a"].recency == scores["b"].recency == 1 + (5 * 1) // 3
    assert scores["a"].frequency == scores["b"].frequency == 2
    assert [r.id for r in rfm_scores(rows, now=NOW)] == ["a", "b", "never"]
    assert rfm_scores([], now=NOW) == []
    with pytest.raises(InvalidParameter):
        rfm_scores(rows, bins=0)


def test_lifecycle_distribution() -> None:
    rows = [
        CustomerRecord("a", "A", annual_revenue=6.0, lifecycle_stage=LifecycleStage.ACTIVE),
        CustomerRecord("b", "B", annual_revenue=2.0, lifecycle_stage=LifecycleStage.ACTIVE),
        CustomerRecord("c", "C", annual_revenue=2.0, lifecycle_stage=LifecycleStage.AT_RISK),
        CustomerRecord("d", "D"),
    ]
    mix = {s.stage: (s.count, s.share, s.revenue_share) for s in lifecycle_distribution(rows)}
    assert list(mix) == ["PROSPECT", "NEW", "ACTIVE", "AT_RISK", "CHURNED", None]
    assert mix["ACTIVE"] == (2, 0.5, 0.8)
    assert mix["AT_RISK"] == (1, 0.25, 0.2)
    assert mix["PROSPECT"] == (0, 0.0, 0.0)
    assert mix[None] == (1, 0.25, 0.0)
    assert [s.stage for s in lifecycle_distribution([])] == [
        "PROSPECT",
        "NEW",
        "ACTIVE",
        "AT_RISK",
        "CHURNED",
    ]


def test_revenue_concentration_by_hand() -> None:
    rows = [CustomerRecord(x, x, annual_revenue=r) for x, r in (("a", 50.0), ("b", 30.0), ("c", 20.0))]
    c = revenue_concentration(rows, top_n=2)
    assert c.total_revenue == 100.0
    assert c.top_share == pytest.approx(0.8)
    assert c.hhi == pytest.approx(0.25 + 0.09 + 0.04)
    assert c.effective_accounts == pytest.approx(1 / 0.38)
    assert c.top_accounts == ("a", "b")
    even = revenue_concentration([CustomerRecord(x, x, annual_revenue=1.0) for x in "abcd"])
    assert even.hhi == pytest.approx(0.25)
    assert even.effective_accounts == pytest.approx(4.0)
    assert even.top_share == 1.0  # top 5 of 4


def test_revenue_concentration_edge_cases() -> None:
    with pytest.raises(EmptyScope):
        revenue_concentration([])
    with pytest.raises(InvalidParameter):
        revenue_concentration(ten(), top_n=0)
    zero = revenue_concentration([CustomerRecord("a", "A")])
    assert (zero.total_revenue, zero.hhi, zero.top_share) == (0.0, 0.0, 0.0)
