"""The gap rules of :func:`algorithms.coverage_gaps.coverage_gaps`, one function each."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from algorithms._coverage_model import (
    DECIDERS,
    LEVELS,
    ROLE_INFLUENCERS,
    CoverageGap,
    Facts,
    GapKind,
    Introducer,
    Severity,
    Thresholds,
)
from algorithms._util import days_between
from algorithms.records import StakeholderInfo
from graph_model.model import BuyingRole, DepartmentFunction, ManagesRole, Stance, Tier

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
    customer = f.coverage.customer_id
    if not deciders:
        yield _gap(
            f,
            GapKind.UNCOVERED_DECISION_MAKER,
            Severity.HIGH,
            customer,
            f"No decision maker or economic buyer is identified at {f.name(customer)}.",
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
        yield _gap(
            f,
            GapKind.NO_EXECUTIVE_RELATIONSHIP,
            Severity.MEDIUM,
            customer,
            f"No C-level or VP stakeholder is known at {f.name(customer)}.",
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
    customer = f.coverage.customer_id
    yield _gap(
        f,
        GapKind.NO_EXEC_SPONSOR,
        Severity.HIGH if important else Severity.MEDIUM,
        customer,
        f"No executive sponsor from our side is assigned to {f.name(customer)}.",
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
)
