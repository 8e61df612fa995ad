"""Types of the coverage-gap analysis and the per-account facts it reads."""

from __future__ import annotations

import enum
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import networkx as nx

from algorithms._graphs import with_labels
from algorithms._ranking import FAST_PATH_FROM
from algorithms.coverage_input import org_graph
from algorithms.influence._backend import Backend
from algorithms.influence.composite import influence_scores
from algorithms.introduction_paths import IntroductionPath, best_introduction_path, prepare_introductions
from algorithms.records import AccountCoverage, StakeholderInfo
from algorithms.relationship_health import TieModel
from algorithms.results import Factor
from graph_model.model import BuyingRole, DepartmentFunction, Label, Seniority


class GapKind(enum.StrEnum):
    UNCOVERED_DEPARTMENT = "UNCOVERED_DEPARTMENT"
    UNCOVERED_BUYING_LEVEL = "UNCOVERED_BUYING_LEVEL"
    UNCOVERED_DECISION_MAKER = "UNCOVERED_DECISION_MAKER"
    WEAK_DECISION_MAKER = "WEAK_DECISION_MAKER"
    UNCOVERED_INFLUENCER = "UNCOVERED_INFLUENCER"
    SINGLE_THREADED_STAKEHOLDER = "SINGLE_THREADED_STAKEHOLDER"
    SINGLE_THREADED_TEAM = "SINGLE_THREADED_TEAM"
    STALE_RELATIONSHIP = "STALE_RELATIONSHIP"
    COMPETITOR_LEANING = "COMPETITOR_LEANING"
    NO_EXECUTIVE_RELATIONSHIP = "NO_EXECUTIVE_RELATIONSHIP"
    NO_EXEC_SPONSOR = "NO_EXEC_SPONSOR"
    NO_CHAMPION = "NO_CHAMPION"


class Severity(enum.StrEnum):
    CRITICAL = "CRITICAL"
    HIGH = "HIGH"
    MEDIUM = "MEDIUM"
    LOW = "LOW"


@dataclass(frozen=True, slots=True)
class CoverageGap:
    """One gap: what is missing, how much it matters, why, and what to do."""

    kind: GapKind
    severity: Severity
    subject_id: str
    subject_name: str
    reason: str
    suggestion: str
    introduction: IntroductionPath | None = None
    # The buying-centre level an UNCOVERED_BUYING_LEVEL gap is about: the
    # account is its subject, once per level.
    level: DepartmentFunction | None = None

    @property
    def key(self) -> str:
        """Unique within a report, and the same for the same gap in the next one."""
        parts = [self.kind.value, self.subject_id, *([self.level.value] if self.level else [])]
        return ":".join(parts)


@dataclass(frozen=True, slots=True)
class CoverageReport:
    """Gaps, most severe first, and the coverage score (0..100) with its factors."""

    customer_id: str
    customer_name: str
    score: float
    gaps: tuple[CoverageGap, ...]
    factors: tuple[Factor, ...]


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The tuning of ``coverage_gaps``, handed to every gap rule."""

    stale_after_days: float
    weak_below: float
    strong_at: float
    competitor_at: float


Introducer = Callable[[str], IntroductionPath | None]


DECIDERS = frozenset({BuyingRole.DECISION_MAKER, BuyingRole.ECONOMIC_BUYER})
EXECUTIVES = frozenset({Seniority.C_LEVEL, Seniority.VP})
ROLE_INFLUENCERS = frozenset({BuyingRole.INFLUENCER, BuyingRole.CHAMPION})
LEVELS = (
    DepartmentFunction.PROCUREMENT,
    DepartmentFunction.TECHNICAL,
    DepartmentFunction.MANAGEMENT,
)


@dataclass
class Facts:
    """What we know about an account's coverage, indexed for the gap rules."""

    coverage: AccountCoverage
    now: datetime
    # A stated preference (PREFERS) without a strength.
    unstated_preference: float
    strength_model: TieModel
    names: dict[str, str] = field(default_factory=dict)
    best: dict[str, float] = field(default_factory=dict)
    members: dict[str, set[str]] = field(default_factory=dict)
    last_contact: dict[str, datetime | None] = field(default_factory=dict)
    best_member: dict[str, str] = field(default_factory=dict)
    influence: dict[str, float] = field(default_factory=dict)
    influencers: set[str] = field(default_factory=set)
    dept_people: dict[str, set[str]] = field(default_factory=dict)
    level_people: dict[DepartmentFunction, set[str]] = field(default_factory=dict)
    # The account's people with our team and its ties (introductions walk it).
    people: nx.DiGraph = field(default_factory=nx.DiGraph)

    @property
    def stakeholders(self) -> tuple[StakeholderInfo, ...]:
        return self.coverage.stakeholders

    def covered(self, stakeholder_id: str) -> bool:
        return self.best.get(stakeholder_id, 0.0) > 0.0

    def is_decider(self, s: StakeholderInfo) -> bool:
        return s.buying_role in DECIDERS

    def is_executive(self, s: StakeholderInfo) -> bool:
        return s.seniority in EXECUTIVES

    def name(self, node_id: str) -> str:
        return self.names.get(node_id, node_id)

    def is_key(self, s: StakeholderInfo) -> bool:
        return (
            self.is_decider(s)
            or self.is_executive(s)
            or s.buying_role in ROLE_INFLUENCERS
            or s.id in self.influencers
        )


def collect(
    coverage: AccountCoverage,
    *,
    now: datetime,
    unstated_preference: float,
    strength_model: TieModel,
    influencer_share: float,
) -> Facts:
    f = Facts(coverage, now, unstated_preference, strength_model)
    f.names = {s.id: s.name for s in coverage.stakeholders}
    f.names.update({t.id: t.name for t in coverage.team_members})
    f.names.update({d.id: d.name for d in coverage.departments})
    f.names.setdefault(coverage.customer_id, coverage.customer_name)
    for r in coverage.relationships:
        strength = strength_model.strength(r, now)
        if strength <= 0.0:
            continue
        sid = r.stakeholder_id
        f.members.setdefault(sid, set()).add(r.team_member_id)
        if strength > f.best.get(sid, 0.0) or (
            strength == f.best.get(sid) and r.team_member_id < f.best_member[sid]
        ):
            f.best[sid] = strength
            f.best_member[sid] = r.team_member_id
        last = f.last_contact.get(sid)
        if r.last_contact_at is not None and (last is None or r.last_contact_at > last):
            f.last_contact[sid] = r.last_contact_at
        else:
            f.last_contact.setdefault(sid, last)
    # Built once: the stakeholders' own graph is the same graph without our
    # team, since our ties only ever join a team member to a stakeholder.
    f.people = org_graph(coverage, include_team=True)
    org = with_labels(f.people, (Label.STAKEHOLDER.value,))
    # Same rule as the influence rankings: the igraph path (tested against
    # networkx) once the account is large enough for networkx to be slow.
    backend: Backend = "igraph" if org.number_of_nodes() >= FAST_PATH_FROM else "networkx"
    ranked = influence_scores(org, labels=None, seed=0, backend=backend)
    f.influence = {r.id: r.score for r in ranked}
    top = max(1, math.ceil(influencer_share * len(ranked))) if ranked else 0
    f.influencers = {r.id for r in ranked[:top] if r.score > 0}
    _index_departments(f)
    return f


def _index_departments(f: Facts) -> None:
    children: dict[str, list[str]] = {}
    for d in f.coverage.departments:
        if d.parent_id is not None:
            children.setdefault(d.parent_id, []).append(d.id)
    direct: dict[str, set[str]] = {}
    for s in f.stakeholders:
        for dept_id in s.department_ids:
            direct.setdefault(dept_id, set()).add(s.id)

    def everyone(dept: str, seen: frozenset[str]) -> set[str]:
        # A department counts the people of its sub-departments too.
        people = set(direct.get(dept, ()))
        for child in children.get(dept, ()):
            if child not in seen:
                people |= everyone(child, seen | {child})
        return people

    functions = {d.id: d.function for d in f.coverage.departments}
    f.dept_people = {d.id: everyone(d.id, frozenset({d.id})) for d in f.coverage.departments}
    f.level_people = {level: set() for level in LEVELS}
    for s in f.stakeholders:
        for dept_id in s.department_ids:
            fn = functions.get(dept_id)
            if fn is not None and fn in f.level_people:
                f.level_people[fn].add(s.id)
        if s.buying_role == BuyingRole.TECHNICAL_EVALUATOR:
            f.level_people[DepartmentFunction.TECHNICAL].add(s.id)
        if s.seniority == Seniority.C_LEVEL:
            f.level_people[DepartmentFunction.MANAGEMENT].add(s.id)


def introducer(people: nx.DiGraph, max_hops: int) -> Introducer:
    """The best introduction path to each target in ``people``, searched once per target.

    The same function as the API's ``introductionPaths`` answers, so a gap
    suggests exactly the first chain that query returns on the same graph.
    """
    found: dict[str, IntroductionPath | None] = {}

    def find(target: str) -> IntroductionPath | None:
        if not found:
            # Many targets on one graph: one search from our team guides them all.
            prepare_introductions(people, max_hops=max_hops)
        if target not in found:
            found[target] = (
                best_introduction_path(people, target, max_hops=max_hops) if target in people else None
            )
        return found[target]

    return find
