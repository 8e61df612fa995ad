"""One customer's organisation: department tree, people, formal and informal ties."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from graph_model.model import BuyingRole as R
from graph_model.model import DepartmentFunction as F
from graph_model.model import Label, RelType, Seniority, Stance
from seeds import vocab
from seeds.synthetic_common import (
    Batch,
    Weighted,
    World,
    days_ago,
    email,
    person_name,
    pick,
    stakeholder_id,
    unit,
)

C, V, D, M, S = Seniority.C_LEVEL, Seniority.VP, Seniority.DIRECTOR, Seniority.MANAGER, Seniority.STAFF


@dataclass(slots=True)
class Dept:
    id: str
    name: str
    function: F
    parent: int | None
    level: int
    head: int | None = None  # local index of the person heading it


@dataclass(slots=True)
class Person:
    number: int  # global stakeholder number
    id: str
    name: str
    seniority: Seniority
    role: R
    stance: Stance
    dept: int
    manager: int | None  # local index


def _group(function: F) -> str:
    if function in (F.TECHNICAL, F.RESEARCH):
        return "tech"
    if function in (F.PROCUREMENT, F.FINANCE):
        return str(function.value).lower()
    return "other"


# Buying-role mix by seniority and kind of department.
_ROLES: Final[dict[tuple[Seniority, str], Weighted]] = {
    (C, "tech"): Weighted([(R.DECISION_MAKER, 0.6), (R.TECHNICAL_EVALUATOR, 0.2), (R.INFLUENCER, 0.2)]),
    (C, "procurement"): Weighted([(R.ECONOMIC_BUYER, 0.5), (R.GATEKEEPER, 0.3), (R.DECISION_MAKER, 0.2)]),
    (C, "finance"): Weighted([(R.ECONOMIC_BUYER, 0.8), (R.DECISION_MAKER, 0.2)]),
    (C, "other"): Weighted([(R.DECISION_MAKER, 0.5), (R.INFLUENCER, 0.5)]),
    (V, "tech"): Weighted([(R.DECISION_MAKER, 0.4), (R.TECHNICAL_EVALUATOR, 0.3), (R.INFLUENCER, 0.3)]),
    (V, "procurement"): Weighted([(R.GATEKEEPER, 0.6), (R.ECONOMIC_BUYER, 0.4)]),
    (V, "finance"): Weighted([(R.ECONOMIC_BUYER, 0.7), (R.INFLUENCER, 0.3)]),
    (V, "other"): Weighted([(R.INFLUENCER, 0.5), (R.DECISION_MAKER, 0.3), (R.USER, 0.2)]),
    (D, "tech"): Weighted(
        [(R.TECHNICAL_EVALUATOR, 0.55), (R.INFLUENCER, 0.25), (R.DECISION_MAKER, 0.1), (R.CHAMPION, 0.1)]
    ),
    (D, "procurement"): Weighted([(R.GATEKEEPER, 0.7), (R.ECONOMIC_BUYER, 0.3)]),
    (D, "finance"): Weighted([(R.INFLUENCER, 0.6), (R.ECONOMIC_BUYER, 0.4)]),
    (D, "other"): Weighted([(R.INFLUENCER, 0.5), (R.USER, 0.4), (R.CHAMPION, 0.1)]),
    (M, "tech"): Weighted(
        [(R.TECHNICAL_EVALUATOR, 0.5), (R.USER, 0.3), (R.INFLUENCER, 0.15), (R.CHAMPION, 0.05)]
    ),
    (M, "procurement"): Weighted([(R.GATEKEEPER, 0.8), (R.USER, 0.2)]),
    (M, "finance"): Weighted([(R.INFLUENCER, 0.5), (R.USER, 0.5)]),
    (M, "other"): Weighted([(R.USER, 0.6), (R.INFLUENCER, 0.3), (R.CHAMPION, 0.1)]),
    (S, "tech"): Weighted([(R.USER, 0.85), (R.TECHNICAL_EVALUATOR, 0.1), (R.CHAMPION, 0.05)]),
    (S, "procurement"): Weighted([(R.GATEKEEPER, 0.5), (R.USER, 0.5)]),
    (S, "finance"): Weighted([(R.USER, 0.9), (R.INFLUENCER, 0.1)]),
    (S, "other"): Weighted([(R.USER, 0.9), (R.INFLUENCER, 0.06), (R.CHAMPION, 0.04)]),
}
_STANCE: Final = Weighted(
    [
        (Stance.CHAMPION, 0.06),
        (Stance.SUPPORTER, 0.27),
        (Stance.NEUTRAL, 0.45),
        (Stance.SKEPTIC, 0.17),
        (Stance.BLOCKER, 0.05),
    ]
)
_CHAMPION_STANCE: Final = Weighted([(Stance.CHAMPION, 0.5), (Stance.SUPPORTER, 0.4), (Stance.NEUTRAL, 0.1)])
# Expected number of ties to people at other companies, by seniority.
_CROSS_MEAN: Final = {C: 1.2, V: 1.0, D: 0.7, M: 0.4, S: 0.2}
# Weight in the account's own influence urn: senior people are influenced more often.
_URN_WEIGHT: Final = {C: 4, V: 3, D: 2, M: 1, S: 1}


def departments(world: World, customer: str, size: int) -> list[Dept]:
    """A 1-3 level department tree; bigger customers get more and deeper departments."""
    rng = world.rng
    n_top = min(1 + len(vocab.TOP_FUNCTIONS), 2 + size // 50)
    functions = [F.MANAGEMENT, *rng.sample(vocab.TOP_FUNCTIONS, n_top - 1)]
    depts = [Dept("", vocab.DEPARTMENT_NAMES[f][0], f, None, 1) for f in functions]
    if size >= 40:
        for parent in range(1, n_top):
            for _ in range(rng.randint(1, min(6, 1 + size // 100))):
                depts.append(_sub(world, depts, parent))
    if size >= 300:
        for parent in range(n_top, len(depts)):
            if rng.random() < 0.5:
                for _ in range(rng.randint(1, 2)):
                    depts.append(_sub(world, depts, parent))
    for i, dept in enumerate(depts):
        dept.id = f"d-{customer[2:]}-{i:03d}"
    return depts


def _sub(world: World, depts: list[Dept], parent: int) -> Dept:
    rng = world.rng
    above = depts[parent]
    function = above.function if rng.random() < 0.8 else pick(rng, vocab.TOP_FUNCTIONS)
    names = vocab.DEPARTMENT_NAMES[function]
    return Dept("", pick(rng, names[1:] or names), function, parent, above.level + 1)


def _title(world: World, seniority: Seniority, dept: Dept) -> str:
    if seniority is C:
        return vocab.CHIEF_TITLES[dept.function]
    if seniority is V:
        return f"VP {dept.name}"
    if seniority is D:
        return f"Director {dept.name}"
    if seniority is M:
        return f"{dept.name} Manager"
    return pick(world.rng, vocab.STAFF_TITLES[dept.function])


def people(world: World, batch: Batch, depts: list[Dept], size: int, domain: str) -> list[Person]:
    """Heads first (CEO, top, then lower departments), then the rest by department."""
    rng = world.rng
    staff: list[Person] = []
    managers: dict[int, list[int]] = {}

    def add(seniority: Seniority, dept_index: int, manager: int | None) -> int:
        dept = depts[dept_index]
        first, last = person_name(rng, vocab.FIRST_NAMES, vocab.LAST_NAMES)
        number = world.next_stakeholder
        world.next_stakeholder += 1
        role = _ROLES[(seniority, _group(dept.function))].pick(rng)
        stance = (_CHAMPION_STANCE if role is R.CHAMPION else _STANCE).pick(rng)
        person = Person(
            number, stakeholder_id(number), f"{first} {last}", seniority, role, stance, dept_index, manager
        )
        title = _title(world, seniority, dept)
        batch.node(
            Label.STAKEHOLDER,
            person.id,
            {
                "name": person.name,
                "title": title,
                "seniority": seniority.value,
                "buyingRole": role.value,
                "stance": stance.value,
                "email": email(first, last, domain),
                "phone": f"+1 555 {rng.randrange(10_000):04d}",
            },
        )
        batch.rel(
            RelType.WORKS_IN, person.id, dept.id, {"title": title, "since": days_ago(rng.uniform(30, 6000))}
        )
        if manager is not None:
            batch.rel(RelType.REPORTS_TO, person.id, staff[manager].id)
        staff.append(person)
        return len(staff) - 1

    ceo = add(C, 0, None)
    depts[0].head = ceo
    for i, dept in enumerate(depts[1:], start=1):
        if len(staff) >= size:
            break
        boss = depts[dept.parent].head if dept.parent is not None else ceo
        seniority = (C if rng.random() < 0.35 else V) if dept.level == 1 else (D if dept.level == 2 else M)
        dept.head = add(seniority, i, boss)
    leaves = Weighted(
        [(i, 0.3 if i == 0 else (3.0 if dept.level > 1 else 1.5)) for i, dept in enumerate(depts)]
    )
    while len(staff) < size:
        d = leaves.pick(rng)
        head = depts[d].head
        assert head is not None  # every department has a head before any staff is added
        if rng.random() < 0.15:
            managers.setdefault(d, []).append(add(M, d, head))
        else:
            pool = managers.get(d)
            add(S, d, pick(rng, pool) if pool else head)
    return staff


def informal_ties(world: World, batch: Batch, staff: list[Person], industry: int) -> None:
    """INFLUENCES and KNOWS inside the account, and KNOWS to people at earlier customers."""
    rng = world.rng
    n = len(staff)
    urn = [i for i, p in enumerate(staff) for _ in range(_URN_WEIGHT[p.seniority])]
    by_dept: dict[int, list[int]] = {}
    for i, p in enumerate(staff):
        by_dept.setdefault(p.dept, []).append(i)
    influences: set[tuple[int, int]] = set()
    knows: set[tuple[int, int]] = set()
    for i, person in enumerate(staff):
        if n < 2:
            break
        # Influence flows upward past the direct manager, and towards already-influential people.
        targets: list[int] = []
        if person.manager is not None and rng.random() < 0.55:
            above = staff[person.manager].manager
            targets.append(above if above is not None else person.manager)
        if rng.random() < 0.45:
            targets.append(pick(rng, urn))
        for t in targets:
            if t != i and (i, t) not in influences:
                influences.add((i, t))
                urn.append(t)
                batch.rel(
                    RelType.INFLUENCES, person.id, staff[t].id, {"strength": unit(rng.uniform(0.2, 0.95))}
                )
        for _ in range(1 + (rng.random() < 0.25)):
            if rng.random() >= 0.75:
                continue
            peers = by_dept[person.dept]
            t = pick(rng, peers) if rng.random() < 0.7 and len(peers) > 1 else rng.randrange(n)
            pair = (min(i, t), max(i, t))
            if t != i and pair not in knows:
                knows.add(pair)
                a, b = sorted((person.id, staff[t].id))
                batch.rel(RelType.KNOWS, a, b, _knows_props(world))
    _cross_company(world, batch, staff, industry)


def _knows_props(world: World) -> dict[str, object]:
    rng = world.rng
    return {"strength": unit(rng.uniform(0.2, 0.9)), "context": pick(rng, vocab.KNOWS_CONTEXTS)}


def _cross_company(world: World, batch: Batch, staff: list[Person], industry: int) -> None:
    rng = world.rng
    urns = world.urns
    own = urns[industry]
    # A few small accounts hold one well-connected senior person: an industry opinion leader.
    connector = -1
    if len(staff) > 1 and rng.random() < 0.12:
        connector = rng.randrange(min(len(staff), 8))
    degrees = [0] * len(staff)
    for i, person in enumerate(staff):
        mean = 10.0 if i == connector else _CROSS_MEAN[person.seniority]
        count = 0
        while rng.random() < mean / (1.0 + mean):
            count += 1
        chosen: set[int] = set()
        for _ in range(count):
            urn = own if rng.random() < 0.9 else urns[rng.randrange(len(urns))]
            if not urn:
                continue
            other = urn[rng.randrange(len(urn))]
            if other in chosen:
                continue
            chosen.add(other)
            urn.append(other)
            degrees[i] += 1
            a, b = sorted((person.id, stakeholder_id(other)))
            batch.rel(RelType.KNOWS, a, b, _knows_props(world))
    # Join the urn only now, so ties always point at people of earlier customers.
    for person, degree in zip(staff, degrees, strict=True):
        own.extend([person.number] * (1 + degree))
