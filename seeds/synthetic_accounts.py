"""One customer's commercial side: the account, its suppliers, and our coverage of it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from graph_model.model import (
    QUALITY_DIMENSIONS,
    CustomerType,
    InteractionKind,
    Label,
    LifecycleStage,
    ManagesRole,
    RelType,
    Tier,
)
from graph_model.model import BuyingRole as R
from graph_model.model import Seniority as Sen
from graph_model.model import Stance as St
from seeds import vocab
from seeds.synthetic_common import Batch, Weighted, World, days_ago, interaction_id, pick, unit
from seeds.synthetic_org import Person

_LIFECYCLE: Final = {
    Tier.STRATEGIC: Weighted(
        [(LifecycleStage.ACTIVE, 0.75), (LifecycleStage.AT_RISK, 0.15), (LifecycleStage.NEW, 0.1)]
    ),
    Tier.KEY: Weighted(
        [
            (LifecycleStage.ACTIVE, 0.6),
            (LifecycleStage.NEW, 0.15),
            (LifecycleStage.AT_RISK, 0.12),
            (LifecycleStage.PROSPECT, 0.1),
            (LifecycleStage.CHURNED, 0.03),
        ]
    ),
    Tier.STANDARD: Weighted(
        [
            (LifecycleStage.ACTIVE, 0.45),
            (LifecycleStage.NEW, 0.15),
            (LifecycleStage.PROSPECT, 0.2),
            (LifecycleStage.AT_RISK, 0.1),
            (LifecycleStage.CHURNED, 0.1),
        ]
    ),
}
_NOT_SUPPLIED: Final = (LifecycleStage.PROSPECT, LifecycleStage.CHURNED)
_PUBLIC_INDUSTRIES: Final = frozenset(
    {vocab.INDUSTRIES.index("Public Sector"), vocab.INDUSTRIES.index("Higher Education")}
)
# Share of people we know, by seniority, on a fully covered account.
_COVER: Final = {Sen.C_LEVEL: 0.85, Sen.VP: 0.65, Sen.DIRECTOR: 0.35, Sen.MANAGER: 0.12, Sen.STAFF: 0.03}
_TIER_COVER: Final = {Tier.STRATEGIC: 1.0, Tier.KEY: 0.6, Tier.STANDARD: 0.3}
_TIER_STRENGTH: Final = {Tier.STRATEGIC: 0.6, Tier.KEY: 0.5, Tier.STANDARD: 0.4}
# Chance that an account has an executive sponsor / a specialist from our side.
_SPONSORED: Final = {Tier.STRATEGIC: 0.85, Tier.KEY: 0.4, Tier.STANDARD: 0.0}
_SPECIALIST: Final = {Tier.STRATEGIC: 0.7, Tier.KEY: 0.3, Tier.STANDARD: 0.0}
_TECHNICAL_ROLES: Final = frozenset({R.TECHNICAL_EVALUATOR, R.USER})
_KINDS: Final = tuple(InteractionKind)


@dataclass(frozen=True, slots=True)
class Account:
    id: str
    name: str
    industry: int
    size: int
    tier: Tier
    value: float  # relative value of the account, drives revenue


def customer(world: World, batch: Batch, account: Account, industry_id: str) -> LifecycleStage:
    rng = world.rng
    stage: LifecycleStage = _LIFECYCLE[account.tier].pick(rng)
    employees = max(1, int(account.size * rng.uniform(15, 150)))
    if account.size <= 2 and rng.random() < 0.5:
        kind = CustomerType.INDIVIDUAL
    elif account.industry in _PUBLIC_INDUSTRIES and rng.random() < 0.8:
        kind = CustomerType.GOVERNMENT
    else:
        kind = CustomerType.SMB if employees < 1_000 else CustomerType.ENTERPRISE
    supplied = stage not in _NOT_SUPPLIED
    revenue = round(account.value * rng.uniform(800, 2_500), -2) if supplied else 0.0
    potential = round(max(revenue, account.value * 1_500) * rng.uniform(1.2, 3.5), -2)
    props: dict[str, Any] = {
        "name": account.name,
        "customerType": kind.value,
        "tier": account.tier.value,
        "lifecycleStage": stage.value,
        "annualRevenue": float(revenue),
        "potentialValue": float(potential),
        "region": pick(rng, vocab.REGIONS),
        "employees": employees,
        "purchaseCount": 0,
    }
    if stage is not LifecycleStage.PROSPECT:
        recent = rng.uniform(400, 900) if stage is LifecycleStage.CHURNED else rng.expovariate(1 / 90)
        props["lastPurchaseAt"] = days_ago(recent)
        props["purchaseCount"] = rng.randint(1, 12 if account.tier is Tier.STANDARD else 60)
    batch.node(Label.CUSTOMER, account.id, props)
    batch.rel(RelType.IN_INDUSTRY, account.id, industry_id)
    _supplies(world, batch, account, revenue, potential, supplied)
    return stage


def _supplies(
    world: World, batch: Batch, account: Account, revenue: float, potential: float, supplied: bool
) -> None:
    rng = world.rng
    pool = world.competitors[account.industry]
    rivals = rng.sample(pool, min(len(pool), rng.randint(1, 3)))
    ours = rng.uniform(0.15, 0.75) if supplied else 0.0
    wallet = revenue / ours if supplied else potential * rng.uniform(0.5, 1.0)
    weights = [rng.random() + 0.2 for _ in rivals]
    rest = (1.0 - ours) * rng.uniform(0.6, 1.0)
    shares = [(world.us, ours)] if supplied else []
    shares += [(s, rest * w / sum(weights)) for s, w in zip(rivals, weights, strict=True)]
    for supplier, share in shares:
        category = vocab.OUR_CATEGORY if supplier == world.us else None
        props: dict[str, Any] = {
            "annualValue": float(round(wallet * share, 2)),
            "shareOfWallet": round(share, 3),
            "since": days_ago(rng.uniform(60, 4000)),
        }
        if category:
            props["category"] = category
        batch.rel(RelType.SUPPLIES, supplier, account.id, props)


def preferences(
    world: World, batch: Batch, staff: list[Person], stage: LifecycleStage, account: Account
) -> set[str]:
    """PREFERS ties; returns ids of people who lean clearly towards a competitor."""
    rng = world.rng
    rivals = world.competitors[account.industry]
    leaning: set[str] = set()
    for person in staff:
        if rng.random() >= 0.12:
            continue
        friendly = person.stance in (St.CHAMPION, St.SUPPORTER)
        toward_us = rng.random() < (0.7 if friendly else 0.2) and (stage not in _NOT_SUPPLIED or friendly)
        supplier = world.us if toward_us else pick(rng, rivals)
        strength = unit(rng.uniform(0.3, 1.0))
        if supplier != world.us and strength >= 0.6:
            leaning.add(person.id)
        batch.rel(RelType.PREFERS, person.id, supplier, {"strength": strength})
    return leaning


def coverage(
    world: World,
    batch: Batch,
    staff: list[Person],
    account: Account,
    stage: LifecycleStage,
    leaning: set[str],
) -> None:
    """MANAGES roles, then RELATES_TO ties: strong on strategic accounts, thin or absent on small ones."""
    rng = world.rng
    tier = account.tier
    owner = pick(rng, world.owners) if tier is not Tier.STANDARD or rng.random() < 0.7 else None
    sponsor = pick(rng, world.executives) if rng.random() < _SPONSORED[tier] else None
    specialist = pick(rng, world.specialists) if rng.random() < _SPECIALIST[tier] else None
    for member, role in (
        (owner, ManagesRole.OWNER),
        (sponsor, ManagesRole.EXEC_SPONSOR),
        (specialist, ManagesRole.SPECIALIST),
    ):
        if member is not None:
            batch.rel(RelType.MANAGES, member, account.id, {"role": role.value})
    if owner is None or (tier is Tier.STANDARD and rng.random() < 0.35):
        return
    if tier is not Tier.STRATEGIC and rng.random() < 0.15:
        # Single-threaded: everything hangs on one senior contact.
        _relate(world, batch, owner, staff[rng.randrange(min(len(staff), 3))], tier, stage, leaning)
        return
    factor = _TIER_COVER[tier]
    for person in staff:
        if rng.random() >= _COVER[person.seniority] * factor:
            continue
        member = owner
        if sponsor and person.seniority is Sen.C_LEVEL and rng.random() < 0.6:
            member = sponsor
        elif specialist and person.role in _TECHNICAL_ROLES and rng.random() < 0.6:
            member = specialist
        _relate(world, batch, member, person, tier, stage, leaning)


def _relate(
    world: World,
    batch: Batch,
    member: str,
    person: Person,
    tier: Tier,
    stage: LifecycleStage,
    leaning: set[str],
) -> None:
    rng = world.rng
    strength = unit(rng.gauss(_TIER_STRENGTH[tier], 0.2))
    bias = 0.6 - 0.6 * strength + (0.3 if person.id in leaning else 0.0)
    props: dict[str, Any] = {"strength": max(0.05, strength)}
    for dim in QUALITY_DIMENSIONS:
        # Quality tracks strength, except leaning to a competitor, which runs against it.
        centre = bias if dim == "competitiveBias" else strength
        props[dim] = unit(centre + rng.gauss(0, 0.12))
    mean_days = 120 if stage is LifecycleStage.AT_RISK else 55
    ago = min(720.0, rng.expovariate(1 / mean_days) + 1)
    props["lastContactAt"] = days_ago(ago)
    batch.rel(RelType.RELATES_TO, member, person.id, props)
    if rng.random() < 0.2:
        number = world.next_interaction
        world.next_interaction += 1
        kind = pick(rng, _KINDS)
        ix = interaction_id(number)
        notes = {"notes": pick(rng, vocab.INTERACTION_NOTES)} if rng.random() < 0.5 else {}
        batch.node(
            Label.INTERACTION,
            ix,
            {
                "name": f"{kind.value.title()} with {person.name}",
                "kind": kind.value,
                "at": props["lastContactAt"],
                **notes,
            },
        )
        batch.rel(RelType.WITH, ix, person.id)
        batch.rel(RelType.BY, ix, member)
