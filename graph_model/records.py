"""Plain records the store returns: nodes, search hits, import reports.

Maps and org charts have their own records, in ``graph_model.maps``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from graph_model.access import AccessScope
from graph_model.model import ACCOUNT_PROPERTY, ENTITY_LABEL, Label, pii_properties

_PII = pii_properties()
_INTERNAL = frozenset({ACCOUNT_PROPERTY})


@dataclass(frozen=True, slots=True)
class NodeRecord:
    id: str
    label: Label
    properties: dict[str, Any]
    account_id: str | None = None

    @property
    def name(self) -> str:
        return str(self.properties.get("name", ""))


_LABELS = {label.value: label for label in Label}


def label_of(labels: list[str]) -> Label:
    for name in labels:
        if name != ENTITY_LABEL:
            # A plain lookup: maps call this for every node they hold.
            label = _LABELS.get(name)
            if label is None:
                raise ValueError(f"node with a label the model does not know: {labels}")
            return label
    raise ValueError(f"node without a model label: {labels}")


def clean_properties(props: Mapping[str, Any], access: AccessScope) -> dict[str, Any]:
    """Drop internal bookkeeping, and personal fields the caller may not see."""
    hidden = _INTERNAL if access.pii else _INTERNAL | _PII
    return {k: v for k, v in props.items() if k not in hidden}


def node_from_row(
    node_id: str, labels: list[str], props: Mapping[str, Any], access: AccessScope
) -> NodeRecord:
    return NodeRecord(
        node_id,
        label_of(labels),
        clean_properties(props, access),
        props.get(ACCOUNT_PROPERTY),
    )


def node_from_properties(
    node_id: str, label: Label, stored: Mapping[str, Any], account: str | None, access: AccessScope
) -> NodeRecord:
    """A node from the properties a map reads by label (which hold no internal keys).

    They are filtered only for a caller who may not see personal fields.
    """
    if not access.pii:
        stored = clean_properties(stored, access)
    return NodeRecord(node_id, label, {"id": node_id, **stored}, account)


class SearchHit(NamedTuple):
    """A node a search found, with the engine's score (higher is closer).

    A named pair: callers take hits apart as ``node, score``.
    """

    node: NodeRecord
    score: float


@dataclass
class ImportReport:
    """What an import did, or why it did nothing."""

    nodes_written: int = 0
    relationships_written: int = 0
    errors: list[Any] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors
