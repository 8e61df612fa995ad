"""Projection of a stored graph scope into networkx graphs and records.

The store hands analytics a :class:`~graph_model.analytics_export.GraphExport`; this
module turns it into the shapes the algorithms work on, without touching a
database, so every algorithm can be tested on hand-made graphs.

Edge direction in the people graph
----------------------------------
An edge ``u -> v`` means *u defers to v*: v's word carries weight with u.
Link-analysis scores (PageRank, eigenvector, HITS authorities) flow along
edges, so they pile up at the people others defer to, which is what
"influential" means for a buying centre.  Hence:

- ``REPORTS_TO`` keeps its stored direction, subordinate -> manager;
- ``INFLUENCES`` (stored influencer -> influenced) is reversed, so the edge
  points at the influencer;
- ``KNOWS`` (symmetric, stored once) and ``RELATES_TO`` (our team member and
  a stakeholder) are added in both directions.

Several relationships between the same ordered pair collapse into one edge
whose ``weight`` is the largest of their strengths and whose ``types`` is the
frozenset of their type names; ``strengths`` keeps each type's own stated
strength (``None`` when none is stored, and always for ``REPORTS_TO``), so an
algorithm can weigh a formal line apart from a personal tie.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

import networkx as nx

from algorithms.errors import InvalidParameter
from algorithms.values import as_float, parse_timestamp
from graph_model.analytics_export import GraphExport
from graph_model.model import Label, LifecycleStage, RelType, pii_properties

__all__ = ["CustomerRecord", "customer_records", "people_graph"]

PEOPLE_LABELS: Final[frozenset[str]] = frozenset({Label.STAKEHOLDER.value, Label.TEAM_MEMBER.value})
PEOPLE_TYPES: Final[frozenset[str]] = frozenset(
    {
        RelType.REPORTS_TO.value,
        RelType.INFLUENCES.value,
        RelType.KNOWS.value,
        RelType.RELATES_TO.value,
    }
)
# Contact details are never needed by analytics; leaving them out keeps
# cached projections free of personal data whatever the caller may see.
_DROPPED_PROPS: Final[frozenset[str]] = pii_properties() | {"createdAt", "updatedAt"}


class PeopleGraphBuilder:
    """Accumulates people and ties into a people graph (see module notes)."""

    def __init__(self, *, default_strength: float = 0.5, reports_to_weight: float = 1.0) -> None:
        for name, value in (
            ("default_strength", default_strength),
            ("reports_to_weight", reports_to_weight),
        ):
            if not 0.0 < value <= 1.0:
                raise InvalidParameter(f"{name} must be in (0, 1], got {value}")
        self.default_strength = default_strength
        self.reports_to_weight = reports_to_weight
        self.graph: nx.DiGraph = nx.DiGraph()

    def add_person(
        self,
        node_id: str,
        *,
        label: str,
        name: str,
        account_id: str | None,
        props: Mapping[str, Any] | None = None,
        departments: Iterable[str] = (),
    ) -> None:
        attrs = {k: v for k, v in (props or {}).items() if k not in _DROPPED_PROPS}
        attrs.update(label=label, name=name, accountId=account_id, departments=tuple(sorted(departments)))
        self.graph.add_node(node_id, **attrs)

    def add_tie(self, rel_type: str, source: str, target: str, strength: float | None) -> None:
        """Add one stored relationship; both endpoints must already be people."""
        if source == target or source not in self.graph or target not in self.graph:
            return
        if rel_type == RelType.REPORTS_TO.value:
            self._add_edge(source, target, rel_type, self.reports_to_weight, None)
            return
        stated = None if strength is None else min(max(strength, 0.0), 1.0)
        weight = self.default_strength if stated is None else stated
        if rel_type == RelType.INFLUENCES.value:
            self._add_edge(target, source, rel_type, weight, stated)
        elif rel_type in (RelType.KNOWS.value, RelType.RELATES_TO.value):
            self._add_edge(source, target, rel_type, weight, stated)
            self._add_edge(target, source, rel_type, weight, stated)

    def _add_edge(self, u: str, v: str, rel_type: str, weight: float, stated: float | None) -> None:
        data = self.graph.get_edge_data(u, v)
        if data is None:
            self.graph.add_edge(
                u, v, weight=weight, types=frozenset({rel_type}), strengths={rel_type: stated}
            )
            return
        data["weight"] = max(data["weight"], weight)
        data["types"] = data["types"] | {rel_type}
        known = data["strengths"].get(rel_type)
        if stated is not None and (known is None or stated > known):
            data["strengths"][rel_type] = stated
        else:
            data["strengths"].setdefault(rel_type, None)


def people_graph(
    export: GraphExport,
    *,
    types: Collection[str] | None = None,
    labels: Collection[str] | None = None,
    default_strength: float = 0.5,
    reports_to_weight: float = 1.0,
) -> nx.DiGraph:
    """Project the people of an export and their ties into a weighted digraph.

    Parameters
    ----------
    export : GraphExport
        The scope as read from the store.
    types : collection of str, optional
        Relationship types to project; default all of ``REPORTS_TO``,
        ``INFLUENCES``, ``KNOWS`` and ``RELATES_TO``.
    labels : collection of str, optional
        Node labels to project; default ``Stakeholder`` and ``TeamMember``.
    default_strength : float
        Weight of a tie stored without a strength.
    reports_to_weight : float
        Weight of a reporting line (it carries no strength of its own).

    Returns
    -------
    networkx.DiGraph
        Nodes carry ``label``, ``name``, ``accountId``, ``departments`` (ids
        from ``WORKS_IN``) and the stored non-personal properties (``title``,
        ``seniority``, ``buyingRole``, ``stance``...).  Edges carry ``weight``
        and ``types``; see the module notes for their direction.  The graph
        attribute ``version`` is the export's graph version.

    Raises
    ------
    InvalidParameter
        For an unknown type or label, or a weight outside ``(0, 1]``.

    Examples
    --------
    >>> from graph_model.analytics_export import ExportedEdge, ExportedNode, GraphExport
    >>> export = GraphExport(
    ...     nodes=[ExportedNode("s1", "Stakeholder", "Ann", "c1", {"seniority": "VP"}),
    ...            ExportedNode("s2", "Stakeholder", "Bob", "c1")],
    ...     edges=[ExportedEdge("REPORTS_TO", "s2", "s1")],
    ...     version=7)
    >>> G = people_graph(export)
    >>> list(G.edges(data="weight")), G.nodes["s1"]["seniority"], G.graph["version"]
    ([('s2', 's1', 1.0)], 'VP', 7)
    """
    wanted_types = _checked(types, PEOPLE_TYPES, "relationship type")
    wanted_labels = _checked(labels, PEOPLE_LABELS, "label")
    builder = PeopleGraphBuilder(default_strength=default_strength, reports_to_weight=reports_to_weight)
    builder.graph.graph["version"] = export.version
    departments: dict[str, list[str]] = {}
    for edge in export.edges:
        if edge.type == RelType.WORKS_IN.value:
            departments.setdefault(edge.source, []).append(edge.target)
    for node in export.nodes:
        if node.label in wanted_labels:
            builder.add_person(
                node.id,
                label=node.label,
                name=node.name,
                account_id=node.account_id,
                props=node.props,
                departments=departments.get(node.id, ()),
            )
    for edge in export.edges:
        if edge.type in wanted_types:
            strength = as_float(edge.props.get("strength"), None)
            builder.add_tie(edge.type, edge.source, edge.target, strength)
    return builder.graph


def _checked(values: Collection[str] | None, allowed: frozenset[str], what: str) -> frozenset[str]:
    if values is None:
        return allowed
    chosen = frozenset(values)
    unknown = chosen - allowed
    if unknown:
        raise InvalidParameter(f"unknown {what}(s) {sorted(unknown)}; allowed {sorted(allowed)}")
    return chosen


@dataclass(frozen=True, slots=True)
class CustomerRecord:
    """The value and purchase facts of one account, as segmentation needs them."""

    id: str
    name: str
    annual_revenue: float = 0.0
    potential_value: float = 0.0
    last_purchase_at: datetime | None = None
    purchase_count: int = 0
    lifecycle_stage: LifecycleStage | None = None
    tier: str | None = None
    customer_type: str | None = None


def customer_records(export: GraphExport) -> list[CustomerRecord]:
    """The export's ``Customer`` nodes as records, ordered by id.

    Missing revenue, potential value and purchase count read as zero; an
    unknown lifecycle stage reads as ``None``.

    Examples
    --------
    >>> from graph_model.analytics_export import ExportedNode, GraphExport
    >>> export = GraphExport([ExportedNode("c1", "Customer", "Acme", "c1",
    ...     {"annualRevenue": 5.0, "lifecycleStage": "ACTIVE"})], [], 1)
    >>> customer_records(export)[0].lifecycle_stage
    <LifecycleStage.ACTIVE: 'ACTIVE'>
    """
    records = []
    for node in export.nodes:
        if node.label != Label.CUSTOMER.value:
            continue
        p = node.props
        stage = p.get("lifecycleStage")
        records.append(
            CustomerRecord(
                id=node.id,
                name=node.name,
                annual_revenue=as_float(p.get("annualRevenue"), 0.0) or 0.0,
                potential_value=as_float(p.get("potentialValue"), 0.0) or 0.0,
                last_purchase_at=parse_timestamp(p.get("lastPurchaseAt")),
                purchase_count=int(as_float(p.get("purchaseCount"), 0.0) or 0),
                lifecycle_stage=LifecycleStage.known(stage),
                tier=p.get("tier"),
                customer_type=p.get("customerType"),
            )
        )
    records.sort(key=lambda r: r.id)
    return records


REPORTS_TO = RelType.REPORTS_TO.value


def with_labels(G: Any, labels: Collection[str] | None) -> Any:
    """``G`` itself, or the subgraph of the nodes whose ``label`` is in ``labels``.

    The subgraph is a copy, not a view: the algorithms walk it several times
    and a filtered view is several times slower to walk.
    """
    if labels is None:
        return G
    wanted = frozenset(labels)
    keep = [n for n, data in G.nodes(data=True) if data.get("label") in wanted]
    if len(keep) == len(G):
        return G
    kept = set(keep)
    H = G.__class__()
    H.graph.update(G.graph)
    nodes, adjacency = G.nodes, G.adj
    H.add_nodes_from((n, nodes[n]) for n in keep)
    H.add_edges_from((u, v, data) for u in keep for v, data in adjacency[u].items() if v in kept)
    return H


def has_type(data: dict[str, Any], rel_type: str) -> bool:
    return rel_type in data.get("types", ())


def reports_counts(G: Any) -> dict[str, tuple[int, int]]:
    """(direct, direct and indirect) reports of every node along REPORTS_TO edges.

    Edges carrying ``REPORTS_TO`` point from subordinate to manager (see
    :mod:`algorithms.projection`).  Someone reporting to two managers counts
    once for each; cycles (bad data) are tolerated.
    """
    lines = nx.DiGraph()
    lines.add_nodes_from(G)
    lines.add_edges_from((u, v) for u, v, data in G.edges(data=True) if has_type(data, REPORTS_TO))
    direct = {n: lines.in_degree(n) for n in lines}
    total: dict[str, int] = {}
    is_forest = nx.is_directed_acyclic_graph(lines) and all(d <= 1 for _, d in lines.out_degree())
    if is_forest:
        # In a tree every report is counted once by summing up from the leaves.
        for node in nx.topological_sort(lines):
            total[node] = total.get(node, 0)
            for manager in lines.successors(node):
                total[manager] = total.get(manager, 0) + total[node] + 1
    else:
        reverse = lines.reverse(copy=False)
        total = {n: len(nx.descendants(reverse, n)) for n in lines}
    return {n: (direct[n], total[n]) for n in lines}
