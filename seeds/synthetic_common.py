"""Shared state and helpers of the synthetic generator.

The generator is one pass over the customers with a single seeded random
number generator, so everything that survives from one customer to the next
lives in :class:`World`: the shared nodes (suppliers, our team) and, per
industry, an "urn" of stakeholder numbers in which each stakeholder appears
once plus once per cross-company tie.  Drawing uniformly from the urn is
preferential attachment: well-connected people attract more ties, which is
how industry opinion leaders emerge.  The urns are compact integer arrays
(a few bytes per stakeholder), the only state that grows with the graph.
"""

from __future__ import annotations

import bisect
import functools
import random
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Final, TypeVar

from graph_model.model import Label, RelType
from graph_model.validation import NodeRow, RelRow

# Every date is placed relative to this instant, so a seed always yields the
# same timestamps whatever day it is generated on.
REFERENCE: Final = datetime(2026, 11, 1, tzinfo=UTC)
OUR_DOMAIN: Final = "meridian-systems.example"

T = TypeVar("T")


@dataclass(slots=True)
class Batch:
    """Rows to write together; relationships only reference nodes of this or an earlier batch."""

    nodes: list[NodeRow] = field(default_factory=list)
    relationships: list[RelRow] = field(default_factory=list)

    def node(self, label: Label, node_id: str, props: dict[str, Any]) -> None:
        self.nodes.append(NodeRow(label, node_id, props))

    def rel(self, rel_type: RelType, source: str, target: str, props: dict[str, Any] | None = None) -> None:
        self.relationships.append(RelRow(rel_type, source, target, props if props is not None else {}))


@dataclass
class World:
    """What outlives a single customer while generating."""

    rng: random.Random
    us: str
    competitors: list[list[str]]  # competitor supplier ids, per industry
    executives: list[str]
    specialists: list[str]
    owners: list[str]
    urns: list[array[int]]  # per industry, see the module notes
    next_stakeholder: int = 0
    next_interaction: int = 0


def stakeholder_id(number: int) -> str:
    return f"s-{number:07d}"


def interaction_id(number: int) -> str:
    return f"ix-{number:07d}"


def days_ago(days: float) -> str:
    """ISO-8601 UTC timestamp of midnight, whole ``days`` before the reference instant."""
    return _midnight(int(days))


@functools.lru_cache(maxsize=8_192)
def _midnight(days: int) -> str:
    return (REFERENCE - timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def unit(value: float) -> float:
    """Clamp to 0..1 and round to two decimals (scores, strengths, shares)."""
    return round(min(1.0, max(0.0, value)), 2)


class Weighted:
    """A fixed weighted choice, with cumulative weights computed once."""

    __slots__ = ("cum", "items")

    def __init__(self, pairs: Sequence[tuple[Any, float]]) -> None:
        self.items = [item for item, _ in pairs]
        total = 0.0
        self.cum: list[float] = []
        for _, weight in pairs:
            total += weight
            self.cum.append(total)

    def pick(self, rng: random.Random) -> Any:
        return self.items[bisect.bisect(self.cum, rng.random() * self.cum[-1])]


def pick(rng: random.Random, items: Sequence[T]) -> T:
    # random() is one C call; randrange() is several Python frames, and this runs millions of times.
    return items[int(rng.random() * len(items))]


def person_name(rng: random.Random, first_names: Sequence[str], last_names: Sequence[str]) -> tuple[str, str]:
    return pick(rng, first_names), pick(rng, last_names)


def email(first: str, last: str, domain: str) -> str:
    return f"{first}.{last}@{domain}".lower().replace(" ", "").replace("'", "")


def slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-")
