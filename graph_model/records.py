"""Plain records the store returns: nodes, maps, org charts, search hits."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

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


@dataclass(frozen=True, slots=True)
class EdgeRecord:
    type: str
    source: str
    target: str
    properties: dict[str, Any]

    @property
    def id(self) -> str:
        # One relationship per (type, source, target): the store MERGEs on it.
        return f"{self.type}:{self.source}->{self.target}"


@dataclass(frozen=True, slots=True)
class MapNode:
    node: NodeRecord
    depth: int


@dataclass(frozen=True)
class GraphMap:
    root_id: str
    nodes: list[MapNode]
    edges: list[EdgeRecord]
    truncated: bool

    def cytoscape_elements(self) -> dict[str, list[dict[str, Any]]]:
        """The map in Cytoscape.js ``elements`` form, ready to draw."""
        return {
            "nodes": [
                {
                    "data": {
                        "id": m.node.id,
                        "label": m.node.label.value,
                        "name": m.node.name,
                        "depth": m.depth,
                        **{k: v for k, v in m.node.properties.items() if k not in ("id", "name")},
                    }
                }
                for m in self.nodes
            ],
            "edges": [
                {
                    "data": {
                        "id": e.id,
                        "source": e.source,
                        "target": e.target,
                        "type": e.type,
                        **e.properties,
                    }
                }
                for e in self.edges
            ],
        }


@dataclass(frozen=True)
class OrgUnit:
    department: NodeRecord
    parent_id: str | None
    children: list[OrgUnit] = field(default_factory=list)
    members: list[OrgMember] = field(default_factory=list)


@dataclass(frozen=True)
class OrgMember:
    stakeholder: NodeRecord
    department_id: str | None
    manager_id: str | None


@dataclass(frozen=True)
class OrgChart:
    customer: NodeRecord
    roots: list[OrgUnit]
    unassigned: list[OrgMember]
    truncated: bool


@dataclass(frozen=True, slots=True)
class SearchHit:
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
