"""The shape in which the store hands a scope of the graph to analytics."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class ScopeKind(str, enum.Enum):
    CUSTOMER = "customer"
    INDUSTRY = "industry"
    ALL = "all"


@dataclass(frozen=True)
class ExportScope:
    """Which part of the graph to export: one account, one industry, or all."""

    kind: ScopeKind
    id: str | None = None

    @classmethod
    def customer(cls, customer_id: str) -> ExportScope:
        return cls(ScopeKind.CUSTOMER, customer_id)

    @classmethod
    def industry(cls, industry_id: str) -> ExportScope:
        return cls(ScopeKind.INDUSTRY, industry_id)

    @classmethod
    def everything(cls) -> ExportScope:
        return cls(ScopeKind.ALL)


# Not frozen: a whole-graph export builds hundreds of thousands of these, and
# a frozen dataclass is three times slower to construct.
@dataclass(slots=True)
class ExportedNode:
    id: str
    label: str
    name: str
    account_id: str | None
    props: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class ExportedEdge:
    type: str
    source: str
    target: str
    props: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class GraphExport:
    """Nodes and edges of a scope, plus the graph version they were read at."""

    nodes: list[ExportedNode]
    edges: list[ExportedEdge]
    version: int


@dataclass(frozen=True)
class ColumnExport:
    """Some labels' nodes and some types' edges of the whole graph, column by column.

    ``nodes`` maps a label to its nodes' ids and owning accounts; ``edges``
    a relationship type to its sources, targets and strengths (``None``
    for a type without one).  No object per row: a whole-graph read of
    hundreds of thousands of rows stays a handful of lists.
    """

    version: int
    nodes: dict[str, tuple[list[str], list[str | None]]]
    edges: dict[str, tuple[list[str], list[str], list[float | None] | None]]
