"""Coverage gaps of one account: where our relationships are missing or thin.

Key-account practice asks for relationships across the whole buying centre:
every buying level (procurement, technical, management), every decision
maker, the influential people, at least one executive, an executive sponsor
on our side, more than one thread, recent contact, and strong ties wherever a
competitor is favoured.  Each gap says what is missing, how much it matters,
why, and what to do about it (with the best warm introduction when there is
one); the coverage score sums up the account in one number.

Reference: T. V. Bonoma, "Major sales: who really does the buying?",
Harvard Business Review 60(3), 1982; M. McDonald, B. Rogers, D. Woodburn,
"Key Customers: How to Manage Them Profitably", Butterworth-Heinemann, 2000.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

import networkx as nx

from algorithms.buying_committee import fills
from algorithms.coverage_input import AccountCoverage, StakeholderInfo, org_graph
from algorithms.errors import InvalidParameter, check_range
from algorithms.influence._backend import backend_for
from algorithms.influence.composite import influence_scores
from algorithms.introduction_paths import (
    IntroductionPath,
    TieIndex,
    best_introduction_path,
    prepare_introductions,
)
from algorithms.projection import with_labels
from algorithms.ranking import Factor
from algorithms.relationship_health import DEFAULT_HALF_LIFE_DAYS, DEFAULT_UNASSESSED_STRENGTH, TieModel
from algorithms.values import as_utc, days_between
from graph_model.model import (
    BuyingRole,
    ClosedSet,
    DepartmentFunction,
    Label,
    ManagesRole,
    Seniority,
    Stance,
    Tier,
    names,
)

__all__ = ["CoverageGap", "CoverageReport", "GapKind", "Severity", "coverage_gaps"]


class GapKind(ClosedSet):
    (
        UNCOVERED_DEPARTMENT,
        UNCOVERED_BUYING_LEVEL,
        UNCOVERED_DECISION_MAKER,
        WEAK_DECISION_MAKER,
        UNCOVERED_INFLUENCER,
        SINGLE_THREADED_STAKEHOLDER,
        SINGLE_THREADED_TEAM,
        STALE_RELATIONSHIP,
        COMPETITOR_LEANING,
        NO_EXECUTIVE_RELATIONSHIP,
        NO_EXEC_SPONSOR,
        NO_CHAMPION,
    ) = names(12)


class Severity(ClosedSet):
    CRITICAL, HIGH, MEDIUM, LOW = names(4)


@dataclass(frozen=True, slots=True)
class CoverageGap:
    """One gap: what is missing, how much it matters, why, and what to do."""

    kind: GapKind
    severity: Severity
    subject_id: str = field(
        metadata={"description": "The account, department, stakeholder or team member the gap is about."}
    )
    subject_name: str
    reason: str
    suggestion: str
    introduction: IntroductionPath | None = field(
        default=None, metadata={"description": "The best chain of ties to the subject, when one helps."}
    )
    # The account is an UNCOVERED_BUYING_LEVEL gap's subject, once per level.
    level: DepartmentFunction | None = field(
        default=None,
        metadata={
            "description": "The buying-centre level of an UNCOVERED_BUYING_LEVEL gap "
            "(its subject is the account)."
        },
    )

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
    backend = backend_for(org.number_of_nodes())
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


def introducer(people: nx.DiGraph, max_hops: int, ties: TieIndex | None = None) -> Introducer:
    """The best introduction path to each target in ``people``, searched once per target.

    The same function as the API's ``introductionPaths`` answers, so a gap
    suggests exactly the first chain that query returns on the same graph.
    ``ties`` is :func:`prepare_introductions` of ``people`` when the caller
    keeps one; otherwise one is made on the first search.
    """
    found: dict[str, IntroductionPath | None] = {}
    prepared = ties

    def find(target: str) -> IntroductionPath | None:
        nonlocal prepared
        if target not in found:
            if prepared is None:
                # Many targets on one graph: one search from our team guides them all.
                prepared = prepare_introductions(people, max_hops=max_hops)
            found[target] = (
                best_introduction_path(people, target, max_hops=max_hops, ties=prepared)
                if target in people
                else None
            )
        return found[target]

    return find


Rule = Callable[[Facts, Thresholds, Introducer], Iterator[CoverageGap]]


def _gap(
    f: Facts,
    kind: GapKind,
    severity: Severity,
    subject: str,
    reason: str,
    suggestion: str,
    intro: Introducer | None = None,
    target: str | None = None,
    level: DepartmentFunction | None = None,
) -> CoverageGap:
    path = intro(target) if intro is not None and target is not None else None
    if path is not None:
        chain = " -> ".join(f.name(n) for n in path.node_ids)
        suggestion = (
            f"{suggestion} Warm introduction: {chain} "
            f"(chain strength {path.strength:.2f}, {path.hops} hop{'s' * (path.hops != 1)})."
        )
    return CoverageGap(kind, severity, subject, f.name(subject), reason, suggestion, path, level)


def _none_known(f: Facts, kind: GapKind, severity: Severity, missing: str, suggestion: str) -> CoverageGap:
    """A gap about the account itself: ``missing`` (a sentence ending "at") and the account's name."""
    customer = f.coverage.customer_id
    return _gap(f, kind, severity, customer, f"{missing} {f.name(customer)}.", suggestion)


def _describe(s: StakeholderInfo) -> str:
    parts = [p for p in (s.title, _words(s.buying_role.value) if s.buying_role else None) if p]
    return f"{s.name} ({', '.join(parts)})" if parts else s.name


def _words(enum_value: str) -> str:
    return enum_value.lower().replace("_", " ")


def _is_champion(s: StakeholderInfo) -> bool:
    return s.buying_role == BuyingRole.CHAMPION or s.stance == Stance.CHAMPION


def _most_influential(f: Facts, people: set[str]) -> str | None:
    return min(people, key=lambda p: (-f.influence.get(p, 0.0), p), default=None)


def decision_makers(f: Facts, t: Thresholds, intro: Introducer) -> Iterator[CoverageGap]:
    deciders = [s for s in f.stakeholders if s.buying_role in DECIDERS]
    if not deciders:
        yield _none_known(
            f,
            GapKind.UNCOVERED_DECISION_MAKER,
            Severity.HIGH,
            "No decision maker or economic buyer is identified at",
            "Map the buying centre: find out who makes the decision and who owns the budget.",
        )
    for s in deciders:
        if not f.covered(s.id):
            yield _gap(
                f,
                GapKind.UNCOVERED_DECISION_MAKER,
                Severity.CRITICAL,
                s.id,
                f"{_describe(s)} has no relationship with our team.",
                f"Build a relationship with {s.name}.",
                intro,
                s.id,
            )
        elif f.best[s.id] < t.weak_below:
            member = f.name(f.best_member[s.id])
            yield _gap(
                f,
                GapKind.WEAK_DECISION_MAKER,
                Severity.HIGH,
                s.id,
                f"Our strongest tie to {_describe(s)} is {f.best[s.id]:.2f} ({member}), "
                f"below {t.weak_below:.2f}.",
                f"Deepen the relationship: regular meetings between {member} and {s.name}, "
                "and a senior sponsor from our side.",
            )


def influencers(f: Facts, t: Thresholds, intro: Introducer) -> Iterator[CoverageGap]:
    for s in f.stakeholders:
        if s.buying_role in DECIDERS or f.covered(s.id):
            continue
        if s.id in f.influencers:
            customer = f.name(f.coverage.customer_id)
            reason = f"{_describe(s)} is among the most influential people at {customer} but has "
        elif s.buying_role in ROLE_INFLUENCERS:
            # The role already says why it matters: "Bo (influencer) has ...".
            reason = f"{_describe(s)} has "
        else:
            continue
        yield _gap(
            f,
            GapKind.UNCOVERED_INFLUENCER,
            Severity.HIGH,
            s.id,
            reason + "no relationship with our team.",
            f"Build a relationship with {s.name}.",
            intro,
            s.id,
        )


def executives(f: Facts, t: Thresholds, intro: Introducer) -> Iterator[CoverageGap]:
    execs = {s.id for s in f.stakeholders if f.is_executive(s)}
    customer = f.coverage.customer_id
    if not execs:
        yield _none_known(
            f,
            GapKind.NO_EXECUTIVE_RELATIONSHIP,
            Severity.MEDIUM,
            "No C-level or VP stakeholder is known at",
            "Identify the executives who sponsor this purchase.",
        )
    elif all(f.best.get(e, 0.0) < t.weak_below for e in execs):
        target = _most_influential(f, execs)
        yield _gap(
            f,
            GapKind.NO_EXECUTIVE_RELATIONSHIP,
            Severity.HIGH,
            customer,
            f"None of the {len(execs)} known executives of {f.name(customer)} has a tie "
            f"of at least {t.weak_below:.2f} with our team.",
            f"Build an executive relationship, starting with {f.name(target or customer)}.",
            intro,
            target,
        )


def exec_sponsor(f: Facts, t: Thresholds, intro: Introducer) -> Iterator[CoverageGap]:
    if any(m.role == ManagesRole.EXEC_SPONSOR for m in f.coverage.managers):
        return
    important = f.coverage.tier in (Tier.STRATEGIC, Tier.KEY)
    yield _none_known(
        f,
        GapKind.NO_EXEC_SPONSOR,
        Severity.HIGH if important else Severity.MEDIUM,
        "No executive sponsor from our side is assigned to",
        "Assign an executive sponsor (MANAGES with role EXEC_SPONSOR).",
    )


def buying_levels(f: Facts, t: Thresholds, intro: Introducer) -> Iterator[CoverageGap]:
    customer = f.coverage.customer_id
    for level in LEVELS:
        people = f.level_people[level]
        if any(f.covered(p) for p in people):
            continue
        name = _words(level.value)
        known = f"{len(people)} known there" if people else "nobody known there"
        target = _most_influential(f, people)
        start = f", starting with {f.name(target)}" if target else ""
        yield _gap(
            f,
            GapKind.UNCOVERED_BUYING_LEVEL,
            Severity.HIGH,
            customer,
            f"Nobody at the {name} level of {f.name(customer)} has a relationship with our team ({known}).",
            f"Build a relationship at the {name} level{start}.",
            intro,
            target,
            level,
        )


_BUYING_FUNCTIONS = frozenset(LEVELS) | {DepartmentFunction.FINANCE}


def departments(f: Facts, t: Thresholds, intro: Introducer) -> Iterator[CoverageGap]:
    for d in f.coverage.departments:
        people = f.dept_people.get(d.id, set())
        if any(f.covered(p) for p in people):
            continue
        if not people:
            yield _gap(
                f,
                GapKind.UNCOVERED_DEPARTMENT,
                Severity.LOW,
                d.id,
                f"No stakeholder of {d.name} is known.",
                f"Find out who works in {d.name}.",
            )
            continue
        target = _most_influential(f, people)
        yield _gap(
            f,
            GapKind.UNCOVERED_DEPARTMENT,
            Severity.MEDIUM if d.function in _BUYING_FUNCTIONS else Severity.LOW,
            d.id,
            f"None of the {len(people)} known stakeholders of {d.name} has a relationship with our team.",
            f"Build a relationship in {d.name}, starting with {f.name(target or d.id)}.",
            intro,
            target,
        )


def single_threads(f: Facts, t: Thresholds, intro: Introducer) -> Iterator[CoverageGap]:
    for s in f.stakeholders:
        holders = f.members.get(s.id, set())
        if len(holders) == 1 and f.is_key(s):
            member = f.name(next(iter(holders)))
            yield _gap(
                f,
                GapKind.SINGLE_THREADED_STAKEHOLDER,
                Severity.HIGH if f.is_decider(s) else Severity.MEDIUM,
                s.id,
                f"{_describe(s)} is reached only through {member}.",
                f"Add a second relationship: introduce another team member to {s.name}.",
            )
    team = set().union(*f.members.values()) if f.members else set()
    customer = f.name(f.coverage.customer_id)
    if len(team) == 1:
        member = next(iter(team))
        yield _gap(
            f,
            GapKind.SINGLE_THREADED_TEAM,
            Severity.HIGH,
            member,
            f"Every relationship at {customer} is held by {f.name(member)}.",
            f"Involve more of our team at {customer} so the account survives a departure.",
        )
    if len(f.members) == 1:
        only = next(iter(f.members))
        yield _gap(
            f,
            GapKind.SINGLE_THREADED_TEAM,
            Severity.HIGH,
            only,
            f"Every relationship at {customer} runs through {f.name(only)}.",
            f"Build relationships beyond {f.name(only)} at {customer}.",
        )


def staleness(f: Facts, t: Thresholds, intro: Introducer) -> Iterator[CoverageGap]:
    for s in f.stakeholders:
        if not f.covered(s.id):
            continue
        last = f.last_contact.get(s.id)
        if last is not None:
            days = days_between(f.now, last)
            if days <= t.stale_after_days:
                continue
            reason = f"No contact with {s.name} for {int(days)} days (last on {last.date()})."
        else:
            reason = f"No contact with {s.name} is recorded."
        severity = Severity.HIGH if f.is_decider(s) else Severity.MEDIUM if f.is_key(s) else Severity.LOW
        yield _gap(
            f,
            GapKind.STALE_RELATIONSHIP,
            severity,
            s.id,
            reason,
            f"{f.name(f.best_member[s.id])} should get back in touch with {s.name}.",
        )


def competitors(f: Facts, t: Thresholds, intro: Introducer) -> Iterator[CoverageGap]:
    rivals: dict[str, tuple[float, str]] = {}
    ours: dict[str, float] = {}
    for p in f.coverage.preferences:
        strength = f.unstated_preference if p.strength is None else p.strength
        if p.is_us:
            ours[p.stakeholder_id] = max(ours.get(p.stakeholder_id, 0.0), strength)
        elif strength > rivals.get(p.stakeholder_id, (-1.0, ""))[0]:
            rivals[p.stakeholder_id] = (strength, p.supplier_name)
    bias: dict[str, float] = {}
    for r in f.coverage.relationships:
        if r.competitive_bias is not None:
            bias[r.stakeholder_id] = max(bias.get(r.stakeholder_id, 0.0), r.competitive_bias)
    for s in f.stakeholders:
        best = f.best.get(s.id, 0.0)
        if best >= t.strong_at:
            continue
        rival, supplier = rivals.get(s.id, (0.0, ""))
        if rival >= t.competitor_at and rival > ours.get(s.id, 0.0):
            why = f"{s.name} prefers {supplier} (preference {rival:.2f})"
        elif bias.get(s.id, 0.0) >= t.competitor_at:
            why = f"{s.name} shows a competitive bias of {bias[s.id]:.2f}"
        else:
            continue
        tie = f"our strongest tie is {best:.2f}" if best > 0 else "nobody on our team is tied"
        yield _gap(
            f,
            GapKind.COMPETITOR_LEANING,
            Severity.HIGH if f.is_decider(s) or _is_champion(s) else Severity.MEDIUM,
            s.id,
            f"{why} and {tie}.",
            f"Win {s.name} over with a strong relationship (at least {t.strong_at:.2f})"
            + (f" through {f.name(f.best_member[s.id])}." if best > 0 else "."),
            None if best > 0 else intro,
            s.id,
        )


def champion(f: Facts, t: Thresholds, intro: Introducer) -> Iterator[CoverageGap]:
    """Nobody sells the purchase inside the account: a missing role of the buying committee."""
    if any(fills(s, BuyingRole.CHAMPION) for s in f.stakeholders):
        return
    customer = f.coverage.customer_id
    important = f.coverage.tier in (Tier.STRATEGIC, Tier.KEY)
    yield CoverageGap(
        GapKind.NO_CHAMPION,
        Severity.HIGH if important else Severity.MEDIUM,
        customer,
        f.name(customer),
        f"Nobody at {f.name(customer)} is known to champion the purchase.",
        "Find and develop a champion: someone who gains from the purchase and sells it internally.",
    )


RULES: tuple[Rule, ...] = (
    decision_makers,
    influencers,
    executives,
    exec_sponsor,
    buying_levels,
    departments,
    single_threads,
    staleness,
    competitors,
    champion,
)


# Deciders and executives weigh most: losing them loses the deal.  Factors
# that describe existing relationships (freshness, competition) are 0 while
# there are none, so an account nobody covers scores 0.
SCORE_WEIGHTS: Final = {
    "decisionMakers": 0.20,
    "executives": 0.10,
    "buyingLevels": 0.15,
    "departments": 0.15,
    "influencers": 0.10,
    "execSponsor": 0.05,
    "threading": 0.10,
    "freshness": 0.10,
    "competition": 0.05,
}


def coverage_score(f: Facts, t: Thresholds, gaps: Sequence[CoverageGap]) -> tuple[float, tuple[Factor, ...]]:
    """Score in 0..100 and its factors (value in [0, 1], contribution in points)."""

    def reach(stakeholder: str) -> float:
        return min(1.0, f.best.get(stakeholder, 0.0) / t.strong_at) if t.strong_at > 0 else 1.0

    stakeholders = f.stakeholders
    deciders = [s.id for s in stakeholders if f.is_decider(s)]
    execs = [s.id for s in stakeholders if f.is_executive(s)]
    influential = {s.id for s in stakeholders if s.buying_role in ROLE_INFLUENCERS}
    influential |= f.influencers
    covered = [s.id for s in stakeholders if f.covered(s.id)]
    team = set().union(*f.members.values()) if f.members else set()
    count = {kind: sum(1 for g in gaps if g.kind == kind) for kind in GapKind}

    values: dict[str, float | None] = {
        "decisionMakers": sum(map(reach, deciders)) / len(deciders) if deciders else 0.0,
        "executives": max(map(reach, execs), default=0.0),
        "buyingLevels": sum(1 for level in LEVELS if any(f.covered(p) for p in f.level_people[level]))
        / len(LEVELS),
        "departments": (
            sum(1 for people in f.dept_people.values() if any(map(f.covered, people))) / len(f.dept_people)
            if f.dept_people
            else None
        ),
        "influencers": (
            sum(1 for p in influential if f.covered(p)) / len(influential) if influential else None
        ),
        "execSponsor": float(any(m.role == ManagesRole.EXEC_SPONSOR for m in f.coverage.managers)),
        "threading": 0.5 * min(1.0, len(team) / 2) + 0.5 * min(1.0, len(covered) / 3),
        "freshness": (1.0 - count[GapKind.STALE_RELATIONSHIP] / len(covered) if covered else 0.0),
        "competition": (1.0 - count[GapKind.COMPETITOR_LEANING] / len(stakeholders) if covered else 0.0),
    }
    applicable = {name: v for name, v in values.items() if v is not None}
    total = sum(SCORE_WEIGHTS[name] for name in applicable)
    factors = tuple(
        Factor(name, value, 100.0 * SCORE_WEIGHTS[name] * value / total) for name, value in applicable.items()
    )
    return sum(x.contribution or 0.0 for x in factors), factors


_SEVERITY_ORDER = {s: i for i, s in enumerate(Severity)}
_KIND_ORDER = {k: i for i, k in enumerate(GapKind)}


def coverage_gaps(
    coverage: AccountCoverage,
    *,
    now: datetime | None = None,
    stale_after_days: float = 90,
    weak_below: float = 0.4,
    strong_at: float = 0.7,
    competitor_at: float = 0.6,
    influencer_share: float = 0.2,
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
    unassessed_strength: float = DEFAULT_UNASSESSED_STRENGTH,
    unstated_preference: float = 0.5,
    introductions: Introducer | None = None,
    max_hops: int = 4,
) -> CoverageReport:
    """Find the coverage gaps of one account and score its coverage.

    A stakeholder is *covered* when one of our team members has a
    ``RELATES_TO`` tie of positive strength with them.  Strength is the
    relationship-strength model of :mod:`algorithms.relationship_health`
    (stated strength and the six quality dimensions, decayed by recency): a
    tie with neither strength nor dimensions, such as one made by recording
    a single interaction, counts as weak, so it covers the stakeholder but
    leaves a ``WEAK_DECISION_MAKER`` gap for a decider.

    Gap rules (severity in brackets):

    - ``UNCOVERED_DECISION_MAKER``: a decision maker or economic buyer with
      no tie [CRITICAL]; or none is known at all [HIGH].
    - ``WEAK_DECISION_MAKER``: one whose strongest tie is below
      ``weak_below`` [HIGH].
    - ``UNCOVERED_INFLUENCER``: an uncovered stakeholder among the top
      ``influencer_share`` by :func:`~algorithms.influence.influence_scores`
      within the account, or with buying role INFLUENCER or CHAMPION [HIGH].
    - ``NO_EXECUTIVE_RELATIONSHIP``: no tie of at least ``weak_below`` with a
      C-level or VP stakeholder [HIGH]; none known [MEDIUM].
    - ``NO_EXEC_SPONSOR``: no team member ``MANAGES`` the account as
      EXEC_SPONSOR [HIGH for STRATEGIC and KEY accounts, else MEDIUM].
    - ``UNCOVERED_BUYING_LEVEL``: nobody covered at the procurement,
      technical or management level [HIGH].  Levels come from department
      functions; technical evaluators also count as technical and C-level
      people as management.
    - ``UNCOVERED_DEPARTMENT``: a department (with its sub-departments)
      without a covered stakeholder [MEDIUM for buying-level and finance
      departments, else LOW; LOW when nobody there is known].
    - ``SINGLE_THREADED_STAKEHOLDER``: a key stakeholder (decider, executive,
      influencer) tied to exactly one team member [HIGH for deciders, else
      MEDIUM].
    - ``SINGLE_THREADED_TEAM``: every tie held by one team member, or every
      tie going to one stakeholder [HIGH].
    - ``STALE_RELATIONSHIP``: a covered stakeholder without contact for more
      than ``stale_after_days`` (or none recorded) [HIGH for deciders,
      MEDIUM for key stakeholders, else LOW].
    - ``NO_CHAMPION``: nobody at the account fills the champion role of the
      buying committee (see :mod:`algorithms.buying_committee`) [HIGH for
      STRATEGIC and KEY accounts, else MEDIUM].
    - ``COMPETITOR_LEANING``: a stakeholder who ``PREFERS`` a competitor at
      ``competitor_at`` or more (and more than us), or with a tie whose
      ``competitiveBias`` is at least ``competitor_at``, while our strongest
      tie is below ``strong_at`` [HIGH for deciders and champions (by buying
      role or stance), else MEDIUM].

    The score is the weighted mean of coverage factors in ``[0, 1]`` (see
    the ``factors`` of the report: value and contribution in points), times
    100.  The departments factor is left out when no department is known.

    Parameters
    ----------
    coverage : AccountCoverage
        The account (see :func:`algorithms.coverage_input.coverage_input`).
    now : datetime, optional
        The present, for staleness; default the current UTC time.
    stale_after_days, weak_below, strong_at, competitor_at, influencer_share
        Thresholds, as above.
    half_life_days, unassessed_strength
        Tuning of the relationship-strength model.
    unstated_preference : float
        Strength of a ``PREFERS`` stored without one.
    introductions : callable, optional
        ``target id -> IntroductionPath | None``, e.g. a search over the
        whole graph; default a search inside the account.
    max_hops : int
        Longest introduction path of the default search.

    Returns
    -------
    CoverageReport
        Gaps ordered by severity, then kind, then subject name and id.

    Raises
    ------
    InvalidParameter
        For thresholds outside ``[0, 1]``, ``weak_below > strong_at`` or a
        negative ``stale_after_days``.

    Examples
    --------
    >>> from algorithms.coverage_input import AccountCoverage, StakeholderInfo
    >>> from graph_model.model import BuyingRole
    >>> acct = AccountCoverage("c1", "Acme", stakeholders=(
    ...     StakeholderInfo("s1", "Ann", buying_role=BuyingRole.DECISION_MAKER),))
    >>> report = coverage_gaps(acct)
    >>> report.gaps[0].kind.value, report.gaps[0].severity.value, report.score
    ('UNCOVERED_DECISION_MAKER', 'CRITICAL', 0.0)
    """
    for name, value in (
        ("weak_below", weak_below),
        ("strong_at", strong_at),
        ("competitor_at", competitor_at),
        ("influencer_share", influencer_share),
        ("unassessed_strength", unassessed_strength),
        ("unstated_preference", unstated_preference),
    ):
        check_range(name, value, 0.0, 1.0)
    check_range("half_life_days", half_life_days, 0.0, float("inf"), low_open=True)
    if weak_below > strong_at:
        raise InvalidParameter("weak_below must not exceed strong_at")
    if not stale_after_days >= 0:
        raise InvalidParameter(f"stale_after_days must be >= 0, got {stale_after_days}")
    if max_hops < 1:
        raise InvalidParameter(f"max_hops must be >= 1, got {max_hops}")
    facts = collect(
        coverage,
        now=as_utc(now),
        unstated_preference=unstated_preference,
        strength_model=TieModel(half_life_days, unassessed_strength),
        influencer_share=influencer_share,
    )
    limits = Thresholds(stale_after_days, weak_below, strong_at, competitor_at)
    intro = introductions or introducer(facts.people, max_hops)
    gaps = [gap for rule in RULES for gap in rule(facts, limits, intro)]
    gaps.sort(key=lambda g: (_SEVERITY_ORDER[g.severity], _KIND_ORDER[g.kind], g.subject_name, g.subject_id))
    value, factors = coverage_score(facts, limits, gaps)
    return CoverageReport(coverage.customer_id, coverage.customer_name, value, tuple(gaps), factors)
