"""Key-person risk: who our coverage of an account hangs on.

Concentration.  The account's *coverage* is the influence-weighted sum, over
its stakeholders, of our strongest tie to each (strength by the model of
:mod:`algorithms.relationship_health`; weights by :func:`importance`, so
decision makers and executives count more).  The part of it that only one
team member holds (for each stakeholder, how much weaker our strongest tie
would be without them) divided by the whole is that member's
``exclusiveCoverage``: 1 when they hold every tie, 0 when everything they
hold is held as strongly by a colleague.

Reach.  The coverage graph joins our team members to the stakeholders they
relate to and the stakeholders to each other (reporting lines, acquaintance,
influence).  Every stakeholder connected to one of our team members is
*reachable*; one with a ``RELATES_TO`` tie is *directly covered*.  A person
whose departure disconnects stakeholders from our whole team is an
articulation point of this graph (taken with a virtual node joined to all of
our team); a tie whose loss does so is a bridge.

Reference: R. E. Tarjan, "Depth-first search and linear graph algorithms",
SIAM Journal on Computing 1(2), 1972 (articulation points and bridges);
J. Hopcroft and R. E. Tarjan, "Algorithm 447: efficient algorithms for graph
manipulation", Communications of the ACM 16(6), 1973.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

import networkx as nx

from algorithms.coverage_input import AccountCoverage, StakeholderInfo
from algorithms.errors import check_top_k
from algorithms.ranking import Factor
from algorithms.relationship_health import DEFAULT_HALF_LIFE_DAYS, DEFAULT_UNASSESSED_STRENGTH, TieModel
from algorithms.values import as_utc
from graph_model.model import BuyingRole, Label, RelType, Seniority

__all__ = ["CriticalTie", "KeyPersonRisk", "critical_ties", "key_person_risk"]

_US: Final = "\x00our-team"
_ORG_TYPES: Final = (RelType.REPORTS_TO.value, RelType.KNOWS.value, RelType.INFLUENCES.value)


@dataclass(frozen=True, slots=True)
class KeyPersonRisk:
    """What coverage the account loses if one person leaves.

    ``risk`` is the larger of two shares, each in ``[0, 1]``: the
    ``exclusiveCoverage`` of a team member (see the module notes), and the
    importance-weighted share of the account's stakeholders whose coverage
    is lost (``reachLost``): fully for those left unreachable, half for
    those only losing their last direct tie.  A stakeholder's own coverage
    is not counted: the question is what else depends on them.
    """

    id: str
    name: str
    label: str
    risk: float = field(
        metadata={
            "description": "0..1, the larger of: the share of the account's influence-weighted coverage "
            "(deciders and executives count more) that only this team member holds, and the weighted "
            "share of stakeholders who lose their path or last direct tie to us."
        }
    )
    rank: int
    articulation_point: bool = field(
        metadata={"description": "Whether their departure disconnects stakeholders from our whole team."}
    )
    orphaned: tuple[str, ...] = field(metadata={"description": "Stakeholders left with no path to us."})
    lost_direct: tuple[str, ...] = field(
        metadata={"description": "Stakeholders losing their last direct tie."}
    )
    departments_uncovered: tuple[str, ...] = field(
        metadata={"description": "Departments left with nobody we have a direct tie to."}
    )
    factors: tuple[Factor, ...]


@dataclass(frozen=True, slots=True)
class CriticalTie:
    """A tie (a bridge) whose loss leaves ``orphaned`` stakeholders unreachable.

    A tie of ours is given team member first; others in id order.
    """

    source: str
    target: str
    risk: float
    orphaned: tuple[str, ...]


def importance(s: StakeholderInfo) -> float:
    """Weight of a stakeholder in risk scores: deciders 3x, executives and influencers +1."""
    weight = 1.0
    if s.buying_role in (BuyingRole.DECISION_MAKER, BuyingRole.ECONOMIC_BUYER):
        weight += 2.0
    if s.seniority in (Seniority.C_LEVEL, Seniority.VP):
        weight += 1.0
    if s.buying_role in (BuyingRole.INFLUENCER, BuyingRole.CHAMPION):
        weight += 1.0
    return weight


class _Account:
    def __init__(
        self, coverage: AccountCoverage, types: Collection[str], now: datetime, model: TieModel
    ) -> None:
        self.coverage = coverage
        self.weight = {s.id: importance(s) for s in coverage.stakeholders}
        self.total = sum(self.weight.values())
        self.team = {t.id for t in coverage.team_members}
        self.names = {s.id: s.name for s in coverage.stakeholders}
        self.names.update({t.id: t.name for t in coverage.team_members})
        self.direct: dict[str, set[str]] = {}
        # Our strongest tie to each stakeholder, per team member.
        self.held: dict[str, dict[str, float]] = {}
        for r in coverage.relationships:
            if r.stakeholder_id in self.weight:
                ties = self.held.setdefault(r.stakeholder_id, {})
                ties[r.team_member_id] = max(ties.get(r.team_member_id, 0.0), model.strength(r, now))
        self.coverage_value = sum(self.weight[s] * max(t.values()) for s, t in self.held.items())
        H = nx.Graph()
        H.add_nodes_from(self.weight)
        H.add_nodes_from(self.team)
        H.add_edges_from((_US, t) for t in self.team)
        for r in coverage.relationships:
            if (r.strength is None or r.strength > 0) and r.stakeholder_id in self.weight:
                H.add_edge(r.team_member_id, r.stakeholder_id)
                self.direct.setdefault(r.stakeholder_id, set()).add(r.team_member_id)
        H.add_edges_from((t.source, t.target) for t in coverage.ties if t.type in types)
        self.graph = H
        self.reachable = self._reachable(H)
        self.departments = _department_people(coverage)

    def _reachable(self, H: Any) -> set[str]:
        if _US not in H:
            return set()
        return {n for n in nx.node_connected_component(H, _US) if n in self.weight}

    def covered_departments(self, gone: str | None) -> set[str]:
        def covered(s: str) -> bool:
            return s != gone and bool(self.direct.get(s, set()) - {gone})

        return {d for d, people in self.departments.items() if any(map(covered, people))}

    def exclusive(self, member: str) -> float:
        """Share of the account's weighted coverage that only ``member`` holds."""
        if self.coverage_value <= 0:
            return 0.0
        alone = 0.0
        for s, ties in self.held.items():
            if member in ties:
                without = max((v for m, v in ties.items() if m != member), default=0.0)
                alone += self.weight[s] * max(0.0, ties[member] - without)
        return alone / self.coverage_value

    def loss(self, lost: Iterable[str], half_lost: Iterable[str]) -> float:
        if self.total == 0:
            return 0.0
        full = sum(self.weight[s] for s in lost)
        return (full + 0.5 * sum(self.weight[s] for s in half_lost)) / self.total


def _department_people(coverage: AccountCoverage) -> dict[str, set[str]]:
    """Stakeholders of each department, its sub-departments included."""
    people: dict[str, set[str]] = {d.id: set() for d in coverage.departments}
    parent = {d.id: d.parent_id for d in coverage.departments}
    for s in coverage.stakeholders:
        for dept in s.department_ids:
            seen: set[str] = set()
            current: str | None = dept
            while current is not None and current not in seen:
                seen.add(current)
                people.setdefault(current, set()).add(s.id)
                current = parent.get(current)
    return people


def key_person_risk(
    coverage: AccountCoverage,
    *,
    types: Collection[str] = _ORG_TYPES,
    top_k: int | None = None,
    now: datetime | None = None,
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
    unassessed_strength: float = DEFAULT_UNASSESSED_STRENGTH,
) -> list[KeyPersonRisk]:
    """The people whose departure would cost coverage of the account, worst first.

    Parameters
    ----------
    coverage : AccountCoverage
        The account (see :func:`algorithms.coverage_input.coverage_input`).
    types : collection of str
        Organisational tie types that let one stakeholder be reached through
        another (default ``REPORTS_TO``, ``KNOWS``, ``INFLUENCES``).
    top_k : int, optional
        Return only the ``top_k`` riskiest people.
    now : datetime, optional
        The present, for the recency of ties; default the current UTC time.
    half_life_days, unassessed_strength
        Tuning of the relationship-strength model.

    Returns
    -------
    list of KeyPersonRisk
        Only people whose departure loses something (exclusive coverage,
        unreachable stakeholders, last direct ties, covered departments),
        ordered by risk, then by number of departments lost, then by id.
        Factors: ``exclusiveCoverage`` and ``reachLost`` (the two shares),
        then the counts ``orphanedStakeholders``, ``lostDirectCoverage``,
        ``departmentsUncovered`` and ``articulationPoint`` (0 or 1).

    Examples
    --------
    >>> from algorithms.coverage_input import (AccountCoverage, OrgTie,
    ...     RelationshipInfo, StakeholderInfo, TeamMemberInfo)
    >>> acct = AccountCoverage("c1", "Acme",
    ...     stakeholders=(StakeholderInfo("a", "Ann"), StakeholderInfo("b", "Bob")),
    ...     team_members=(TeamMemberInfo("t", "Tom"),),
    ...     relationships=(RelationshipInfo("t", "a", 0.8),),
    ...     ties=(OrgTie("KNOWS", "a", "b", 0.6),))
    >>> [(r.id, r.risk, r.orphaned) for r in key_person_risk(acct)]
    [('t', 1.0, ('a', 'b')), ('a', 0.5, ('b',))]
    """
    check_top_k(top_k)
    model = TieModel(half_life_days, unassessed_strength)
    acct = _Account(coverage, frozenset(types), as_utc(now), model)
    H = acct.graph
    cut = set(nx.articulation_points(H)) - {_US} if len(H) > 2 else set()
    before = acct.covered_departments(None)
    results = []
    for person in sorted(set(acct.weight) | acct.team):
        orphaned: set[str] = set()
        if person in cut:
            rest = H.subgraph(n for n in H if n != person)
            orphaned = acct.reachable - acct._reachable(rest) - {person}
        lost_direct = {s for s, who in acct.direct.items() if who == {person}} - {person}
        departments = before - acct.covered_departments(person)
        exclusive = acct.exclusive(person) if person in acct.team else 0.0
        if not (orphaned or lost_direct or departments or exclusive > 0):
            continue
        reach_lost = acct.loss(orphaned, lost_direct - orphaned)
        risk = max(exclusive, reach_lost)
        label = Label.TEAM_MEMBER.value if person in acct.team else Label.STAKEHOLDER.value
        factors = (
            Factor("exclusiveCoverage", exclusive),
            Factor("reachLost", reach_lost),
            Factor("orphanedStakeholders", float(len(orphaned))),
            Factor("lostDirectCoverage", float(len(lost_direct))),
            Factor("departmentsUncovered", float(len(departments))),
            Factor("articulationPoint", 1.0 if person in cut else 0.0),
        )
        results.append((risk, len(departments), person, label, orphaned, lost_direct, departments, factors))
    results.sort(key=lambda r: (-r[0], -r[1], r[2]))
    if top_k is not None:
        results = results[:top_k]
    return [
        KeyPersonRisk(
            id=person,
            name=acct.names.get(person, person),
            label=label,
            risk=risk,
            rank=position,
            articulation_point=person in cut,
            orphaned=tuple(sorted(orphaned)),
            lost_direct=tuple(sorted(lost_direct)),
            departments_uncovered=tuple(sorted(departments)),
            factors=factors,
        )
        for position, (risk, _, person, label, orphaned, lost_direct, departments, factors) in enumerate(
            results, start=1
        )
    ]


def critical_ties(coverage: AccountCoverage, *, types: Collection[str] = _ORG_TYPES) -> list[CriticalTie]:
    """Ties whose loss leaves stakeholders unreachable from our team, worst first.

    Ties between our team and the virtual team node are not ties: losing
    one is a team member leaving, which :func:`key_person_risk` reports.

    Examples
    --------
    Tom's one tie is critical; no tie of the triangle behind it is, since
    each has a way around it:

    >>> from algorithms.coverage_input import (AccountCoverage, OrgTie,
    ...     RelationshipInfo, StakeholderInfo, TeamMemberInfo)
    >>> triangle = tuple(OrgTie("KNOWS", a, b) for a, b in ("ab", "bc", "ca"))
    >>> acct = AccountCoverage("c1", "Acme", ties=triangle,
    ...     stakeholders=tuple(StakeholderInfo(p, p) for p in "abc"),
    ...     team_members=(TeamMemberInfo("t", "Tom"),), relationships=(RelationshipInfo("t", "a", 0.8),))
    >>> [(c.source, c.target, c.orphaned) for c in critical_ties(acct)]
    [('t', 'a', ('a', 'b', 'c'))]
    """
    acct = _Account(coverage, frozenset(types), as_utc(None), TieModel())
    H = acct.graph
    out = []
    for u, v in nx.bridges(H) if len(H) > 1 else ():
        if _US in (u, v):
            continue
        rest = nx.restricted_view(H, [], [(u, v)])
        orphaned = acct.reachable - acct._reachable(rest)
        if orphaned:
            a, b = (v, u) if v in acct.team else (u, v) if u in acct.team else sorted((u, v))
            out.append(CriticalTie(a, b, acct.loss(orphaned, ()), tuple(sorted(orphaned))))
    out.sort(key=lambda c: (-c.risk, c.source, c.target))
    return out
