"""Relationship and account health: quality, strength and half-life decay."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from algorithms.coverage_input import RelationshipInfo
from algorithms.errors import InvalidParameter
from algorithms.relationship_health import account_health, quality, relationship_health

NOW = datetime(2024, 6, 1, tzinfo=UTC)


def rel(days: float | None, **kwargs: float | str | None) -> RelationshipInfo:
    contact = None if days is None else NOW - timedelta(days=days)
    return RelationshipInfo("t", "s", last_contact_at=contact, **kwargs)  # type: ignore[arg-type]


def test_quality_inverts_competitive_bias() -> None:
    assert quality(rel(0, acceptance=1.0, participation=0.5, competitive_bias=0.9)) == pytest.approx(
        (1.0 + 0.5 + 0.1) / 3
    )
    assert quality(rel(0)) is None


def test_health_by_hand() -> None:
    r = rel(45, strength=0.6, guidance=1.0, competitive_bias=0.0)
    health = relationship_health(r, now=NOW, half_life_days=90)
    # quality 1.0, base 0.5 * 0.6 + 0.5 * 1.0 = 0.8, recency 2^(-45/90).
    assert health.quality == 1.0
    assert health.recency == pytest.approx(2**-0.5)
    assert health.score == pytest.approx(0.8 * 2**-0.5)
    assert health.days_since_contact == pytest.approx(45)


def test_half_life_and_weights() -> None:
    r = rel(180, strength=1.0)
    assert relationship_health(r, now=NOW).score == pytest.approx(0.5)
    assert relationship_health(r, now=NOW, half_life_days=60).score == pytest.approx(0.125)
    mixed = rel(0, strength=1.0, acceptance=0.0)
    assert relationship_health(mixed, now=NOW, strength_weight=0.75).score == pytest.approx(0.75)
    # Without quality dimensions the strength stands alone.
    assert relationship_health(rel(0, strength=0.3), now=NOW).score == pytest.approx(0.3)


def test_undated_and_future_contacts() -> None:
    assert relationship_health(rel(None, strength=1.0), now=NOW).score == 0.5
    assert relationship_health(rel(None, strength=1.0), now=NOW, undated_recency=0.0).score == 0.0
    future = relationship_health(rel(-3, strength=1.0), now=NOW)
    assert future.recency == 1.0
    assert future.days_since_contact == 0.0


def test_a_tie_with_nothing_assessed_is_weak_never_average() -> None:
    tie = relationship_health(rel(0), now=NOW)
    assert tie.strength is None and tie.quality is None
    assert tie.score == pytest.approx(0.2)
    assert [(f.name, f.value, f.contribution) for f in tie.factors] == [
        ("unassessed", 0.2, pytest.approx(0.2)),
        ("recency", 1.0, None),
        ("daysSinceContact", 0.0, None),
    ]
    assert relationship_health(rel(0), now=NOW, unassessed_strength=0.1).score == pytest.approx(0.1)


def test_every_score_lists_its_factors_and_they_add_up() -> None:
    tie = relationship_health(rel(180, strength=0.6, acceptance=0.8, competitive_bias=0.4), now=NOW)
    factors = {f.name: f for f in tie.factors}
    # quality (0.8 + 0.6) / 2 = 0.7; base 0.5 * 0.6 + 0.5 * 0.7 = 0.65; half a life gone.
    assert tie.score == pytest.approx(0.65 * 0.5)
    assert factors["statedStrength"].contribution == pytest.approx(0.3 * 0.5)
    assert factors["quality"].contribution == pytest.approx(0.35 * 0.5)
    assert factors["acceptance"].value == 0.8 and factors["competitiveBias"].value == 0.4
    assert factors["recency"].value == pytest.approx(0.5)
    assert factors["daysSinceContact"].value == pytest.approx(180)
    assert sum(f.contribution or 0.0 for f in tie.factors) == pytest.approx(tie.score)
    # Dimensions without a stated strength stand alone.
    alone = relationship_health(rel(0, guidance=0.9), now=NOW)
    assert [f.name for f in alone.factors][:1] == ["quality"] and alone.score == pytest.approx(0.9)


def test_account_health_ranks_accounts() -> None:
    ties = [
        RelationshipInfo("t", "s1", 1.0, last_contact_at=NOW, account_id="a"),
        RelationshipInfo("u", "s1", 0.6, competitive_bias=0.5, last_contact_at=NOW, account_id="a"),
        RelationshipInfo("t", "s2", 0.8, last_contact_at=NOW - timedelta(days=90), account_id="b"),
        RelationshipInfo("t", "s3", 0.9, account_id="c"),
        RelationshipInfo("t", "s4", 0.9, last_contact_at=NOW, account_id=None),
    ]
    result = account_health(ties, now=NOW)
    # a: (1.0 + (0.5 * 0.6 + 0.5 * 0.5)) / 2; b: 0.8 * 2 ** -0.5; c: undated, 0.9 / 2.
    assert [(r.id, r.rank) for r in result] == [("a", 1), ("b", 2), ("c", 3)]
    assert result[0].score == pytest.approx((1.0 + 0.55) / 2)
    assert result[1].score == pytest.approx(0.8 * 2**-0.5)
    assert result[2].score == pytest.approx(0.45)
    factors = {f.name: f.value for f in result[0].factors}
    assert factors["strength"] == pytest.approx(0.8)
    assert factors["competitiveBias"] == pytest.approx(0.5)
    assert factors["relationships"] == 2.0
    assert factors["stakeholders"] == 1.0
    assert {f.name: f.value for f in result[2].factors}["undated"] == 1.0
    assert account_health([], now=NOW) == []


@pytest.mark.parametrize(
    "kwargs",
    [{"half_life_days": 0}, {"strength_weight": 1.5}, {"undated_recency": -0.1}, {"unassessed_strength": 2}],
)
def test_bad_parameters(kwargs: dict[str, Any]) -> None:
    with pytest.raises(InvalidParameter):
        relationship_health(rel(0), now=NOW, **kwargs)
    with pytest.raises(InvalidParameter):
        account_health([rel(0)], now=NOW, **kwargs)
