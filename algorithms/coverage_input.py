"""Typed, database-free inputs of the account-coverage algorithms.

:func:`coverage_input` reads one account out of a
:class:`~graph_model.export.GraphExport` into small frozen records, so
coverage gaps, key-person risk and relationship health are pure functions of
plain data and can be tested with hand-written accounts.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

import networkx as nx

from algorithms.errors import NodeNotFound
from algorithms.projection import PeopleGraphBuilder
from algorithms.values import as_float, parse_timestamp
from graph_model.export import ExportedNode, GraphExport
from graph_model.model import (
    BuyingRole,
    DepartmentFunction,
    Label,
    ManagesRole,
    RelType,
    Seniority,
    Stance,
    Tier,
)


@dataclass(frozen=True, slots=True)
class DepartmentInfo:
    id: str
    name: str
    function: DepartmentFunction | None = None
    parent_id: str | None = None


@dataclass(frozen=True, slots=True)
class StakeholderInfo:
    id: str
    name: str
    title: str | None = None
    seniority: Seniority | None = None
    buying_role: BuyingRole | None = None
    stance: Stance | None = None
    department_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TeamMemberInfo:
    id: str
    name: str
    title: str | None = None


@dataclass(frozen=True, slots=True)
class RelationshipInfo:
    """A ``RELATES_TO`` tie from one of our team members to a stakeholder.

    ``last_contact_at`` is the later of the stored ``lastContactAt`` and the
    latest interaction between the two.  Quality dimensions are in ``[0, 1]``
    or ``None`` when not assessed.
    """

    team_member_id: str
    stakeholder_id: str
    strength: float | None = None
    acceptance: float | None = None
    participation: float | None = None
    information_flow: float | None = None
    guidance: float | None = None
    project_support: float | None = None
    competitive_bias: float | None = None
    last_contact_at: datetime | None = None
    account_id: str | None = None


@dataclass(frozen=True, slots=True)
class ManagesInfo:
    team_member_id: str
    role: ManagesRole | None = None


@dataclass(frozen=True, slots=True)
class PreferenceInfo:
    """A stakeholder's ``PREFERS`` tie to a supplier (ours when ``is_us``)."""

    stakeholder_id: str
    supplier_id: str
    supplier_name: str
    is_us: bool
    strength: float | None = None


@dataclass(frozen=True, slots=True)
class OrgTie:
    """A stored ``REPORTS_TO``, ``KNOWS`` or ``INFLUENCES`` tie inside the account."""

    type: str
    source: str
    target: str
    strength: float | None = None


@dataclass(frozen=True)
class AccountCoverage:
    """One account: its organisation, our team and every tie between them."""

    customer_id: str
    customer_name: str
    tier: Tier | None = None
    departments: tuple[DepartmentInfo, ...] = ()
    stakeholders: tuple[StakeholderInfo, ...] = ()
    team_members: tuple[TeamMemberInfo, ...] = ()
    relationships: tuple[RelationshipInfo, ...] = ()
    managers: tuple[ManagesInfo, ...] = ()
    preferences: tuple[PreferenceInfo, ...] = ()
    ties: tuple[OrgTie, ...] = ()


__all__ = [
    "AccountCoverage",
    "DepartmentInfo",
    "ManagesInfo",
    "OrgTie",
    "PreferenceInfo",
    "RelationshipInfo",
    "StakeholderInfo",
    "TeamMemberInfo",
    "coverage_input",
    "org_graph",
    "relationship_records",
]

E = TypeVar("E", bound=enum.Enum)


def _enum(cls: type[E], value: Any) -> E | None:
    try:
        return cls(value)
    except ValueError:
        return None


_ORG_TYPES = (RelType.REPORTS_TO.value, RelType.KNOWS.value, RelType.INFLUENCES.value)


def coverage_input(export: GraphExport, customer_id: str) -> AccountCoverage:
    """Read one account's coverage records out of an export.

    The account's departments are those it ``HAS_DEPARTMENT`` or owns; its
    stakeholders are those it owns or who work in one of its departments; its
    team members are those who manage it or relate to one of its
    stakeholders.  Ties to people outside the account are left out.

    Raises
    ------
    NodeNotFound
        If the export holds neither the customer nor anything it owns.

    Examples
    --------
    >>> from graph_model.export import ExportedEdge, ExportedNode, GraphExport
    >>> export = GraphExport(
    ...     nodes=[ExportedNode("c1", "Customer", "Acme", "c1"),
    ...            ExportedNode("s1", "Stakeholder", "Ann", "c1",
    ...                         {"buyingRole": "DECISION_MAKER"}),
    ...            ExportedNode("t1", "TeamMember", "Tom", None)],
    ...     edges=[ExportedEdge("RELATES_TO", "t1", "s1", {"strength": 0.8})],
    ...     version=1)
    >>> acct = coverage_input(export, "c1")
    >>> acct.stakeholders[0].buying_role, acct.relationships[0].strength
    (<BuyingRole.DECISION_MAKER: 'DECISION_MAKER'>, 0.8)
    """
    nodes = {n.id: n for n in export.nodes}
    by_type: dict[str, list[Any]] = {}
    for edge in export.edges:
        by_type.setdefault(edge.type, []).append(edge)

    def edges(rel: RelType) -> list[Any]:
        return by_type.get(rel.value, [])

    customer = nodes.get(customer_id)
    owned = [n for n in export.nodes if n.account_id == customer_id and n.id != customer_id]
    if (customer is None or customer.label != Label.CUSTOMER.value) and not owned:
        raise NodeNotFound(customer_id, "customer")

    dept_ids = {n.id for n in owned if n.label == Label.DEPARTMENT.value}
    dept_ids |= {
        e.target for e in edges(RelType.HAS_DEPARTMENT) if e.source == customer_id and e.target in nodes
    }
    parents = {e.source: e.target for e in edges(RelType.PART_OF)}
    works_in: dict[str, set[str]] = {}
    for e in edges(RelType.WORKS_IN):
        if e.target in dept_ids:
            works_in.setdefault(e.source, set()).add(e.target)
    people = {n.id for n in owned if n.label == Label.STAKEHOLDER.value}
    people |= {s for s in works_in if s in nodes and nodes[s].label == Label.STAKEHOLDER.value}

    contacts = _interaction_contacts(export, nodes)
    relationships = tuple(
        _relationship(e, contacts, customer_id)
        for e in edges(RelType.RELATES_TO)
        if e.target in people and e.source in nodes
    )
    managers = tuple(
        ManagesInfo(e.source, _enum(ManagesRole, e.props.get("role")))
        for e in edges(RelType.MANAGES)
        if e.target == customer_id and e.source in nodes
    )
    team_ids = {r.team_member_id for r in relationships} | {m.team_member_id for m in managers}
    preferences = tuple(
        PreferenceInfo(
            e.source,
            e.target,
            nodes[e.target].name,
            nodes[e.target].props.get("isUs") is True,
            as_float(e.props.get("strength"), None),
        )
        for e in edges(RelType.PREFERS)
        if e.source in people and e.target in nodes
    )
    ties = tuple(
        OrgTie(e.type, e.source, e.target, as_float(e.props.get("strength"), None))
        for t in _ORG_TYPES
        for e in by_type.get(t, [])
        if e.source in people and e.target in people
    )
    return AccountCoverage(
        customer_id=customer_id,
        customer_name=customer.name if customer is not None else customer_id,
        tier=_enum(Tier, customer.props.get("tier")) if customer is not None else None,
        departments=tuple(
            DepartmentInfo(
                d,
                nodes[d].name,
                _enum(DepartmentFunction, nodes[d].props.get("function")),
                parents.get(d),
            )
            for d in sorted(dept_ids)
        ),
        stakeholders=tuple(
            _stakeholder(nodes[s], tuple(sorted(works_in.get(s, ())))) for s in sorted(people)
        ),
        team_members=tuple(
            TeamMemberInfo(t, nodes[t].name, nodes[t].props.get("title")) for t in sorted(team_ids)
        ),
        relationships=tuple(sorted(relationships, key=lambda r: (r.stakeholder_id, r.team_member_id))),
        managers=tuple(sorted(managers, key=lambda m: m.team_member_id)),
        preferences=preferences,
        ties=ties,
    )


def relationship_records(export: GraphExport) -> list[RelationshipInfo]:
    """Every ``RELATES_TO`` tie of the export, with the stakeholder's account id.

    Examples
    --------
    >>> from graph_model.export import ExportedEdge, ExportedNode, GraphExport
    >>> export = GraphExport(
    ...     nodes=[ExportedNode("s1", "Stakeholder", "Ann", "c1"),
    ...            ExportedNode("t1", "TeamMember", "Tom", None)],
    ...     edges=[ExportedEdge("RELATES_TO", "t1", "s1", {"strength": 0.8})], version=1)
    >>> [(r.team_member_id, r.account_id) for r in relationship_records(export)]
    [('t1', 'c1')]
    """
    nodes = {n.id: n for n in export.nodes}
    contacts = _interaction_contacts(export, nodes)
    return [
        _relationship(e, contacts, nodes[e.target].account_id)
        for e in export.edges
        if e.type == RelType.RELATES_TO.value and e.target in nodes
    ]


def _stakeholder(node: ExportedNode, departments: tuple[str, ...]) -> StakeholderInfo:
    p = node.props
    return StakeholderInfo(
        id=node.id,
        name=node.name,
        title=p.get("title"),
        seniority=_enum(Seniority, p.get("seniority")),
        buying_role=_enum(BuyingRole, p.get("buyingRole")),
        stance=_enum(Stance, p.get("stance")),
        department_ids=departments,
    )


def _relationship(
    edge: Any, contacts: dict[tuple[str, str], datetime], account_id: str | None
) -> RelationshipInfo:
    p = edge.props
    stored = parse_timestamp(p.get("lastContactAt"))
    met = contacts.get((edge.source, edge.target))
    last = max((t for t in (stored, met) if t is not None), default=None)
    return RelationshipInfo(
        team_member_id=edge.source,
        stakeholder_id=edge.target,
        strength=as_float(p.get("strength"), None),
        acceptance=as_float(p.get("acceptance"), None),
        participation=as_float(p.get("participation"), None),
        information_flow=as_float(p.get("informationFlow"), None),
        guidance=as_float(p.get("guidance"), None),
        project_support=as_float(p.get("projectSupport"), None),
        competitive_bias=as_float(p.get("competitiveBias"), None),
        last_contact_at=last,
        account_id=account_id,
    )


def _interaction_contacts(
    export: GraphExport, nodes: dict[str, ExportedNode]
) -> dict[tuple[str, str], datetime]:
    """Latest interaction time per (team member, stakeholder) pair."""
    with_: dict[str, list[str]] = {}
    by: dict[str, list[str]] = {}
    for e in export.edges:
        if e.type == RelType.WITH.value:
            with_.setdefault(e.source, []).append(e.target)
        elif e.type == RelType.BY.value:
            by.setdefault(e.source, []).append(e.target)
    latest: dict[tuple[str, str], datetime] = {}
    for interaction, stakeholders in with_.items():
        node = nodes.get(interaction)
        at = parse_timestamp(node.props.get("at")) if node is not None else None
        if at is None:
            continue
        for member in by.get(interaction, ()):
            for stakeholder in stakeholders:
                key = (member, stakeholder)
                if key not in latest or latest[key] < at:
                    latest[key] = at
    return latest


def org_graph(
    coverage: AccountCoverage,
    *,
    include_team: bool = True,
    types: Iterable[str] | None = None,
    default_strength: float = 0.5,
) -> nx.DiGraph:
    """The account as a people graph (same conventions as ``people_graph``).

    With ``include_team`` our team members and their ``RELATES_TO`` ties are
    part of it; ``types`` restricts the organisational ties taken.

    Examples
    --------
    >>> from algorithms.coverage_input import (AccountCoverage, OrgTie, RelationshipInfo,
    ...     StakeholderInfo, TeamMemberInfo)
    >>> acct = AccountCoverage("c1", "Acme",
    ...     stakeholders=(StakeholderInfo("a", "Ann"), StakeholderInfo("b", "Bob")),
    ...     team_members=(TeamMemberInfo("t", "Tom"),),
    ...     relationships=(RelationshipInfo("t", "a", 0.8),),
    ...     ties=(OrgTie("REPORTS_TO", "b", "a"),))
    >>> sorted(org_graph(acct).edges(data="weight"))
    [('a', 't', 0.8), ('b', 'a', 1.0), ('t', 'a', 0.8)]
    """
    builder = PeopleGraphBuilder(default_strength=default_strength)
    for s in coverage.stakeholders:
        props = {
            "title": s.title,
            "seniority": s.seniority.value if s.seniority else None,
            "buyingRole": s.buying_role.value if s.buying_role else None,
            "stance": s.stance.value if s.stance else None,
        }
        builder.add_person(
            s.id,
            label=Label.STAKEHOLDER.value,
            name=s.name,
            account_id=coverage.customer_id,
            props=props,
            departments=s.department_ids,
        )
    wanted = set(_ORG_TYPES if types is None else types)
    for tie in coverage.ties:
        if tie.type in wanted:
            builder.add_tie(tie.type, tie.source, tie.target, tie.strength)
    if include_team:
        for t in coverage.team_members:
            builder.add_person(
                t.id,
                label=Label.TEAM_MEMBER.value,
                name=t.name,
                account_id=None,
                props={"title": t.title},
            )
        for r in coverage.relationships:
            builder.add_tie(RelType.RELATES_TO.value, r.team_member_id, r.stakeholder_id, r.strength)
    return builder.graph
