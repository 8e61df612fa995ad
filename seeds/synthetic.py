"""Deterministic synthetic relationship graphs at any scale (10k to millions of stakeholders).

``generate(stakeholders, seed=...)`` streams :class:`Batch` es: first the
shared nodes (industries, suppliers, our team), then one batch per customer
with its departments, people and every tie that starts there.  A batch only
refers to nodes of itself or of earlier batches, so writing each batch's
nodes before its relationships is enough, and memory stays bounded: a
customer is forgotten once yielded (see ``synthetic_common`` for the few
bytes per stakeholder that are kept).

The same ``stakeholders`` and ``seed`` always give the same rows, in the same
order: one ``random.Random(seed)`` drives everything and nothing depends on
hashing or set order.

Shape, per stakeholder on average: 1 WORKS_IN and 1 REPORTS_TO (an org tree
per customer with seniority by level), ~0.8 INFLUENCES and ~0.8 KNOWS inside
the account, ~0.3 KNOWS to earlier customers (mostly same industry, by
preferential attachment, so degrees are skewed and a few people in small
accounts become cross-company hubs), ~0.12 PREFERS, and a coverage by our
team that is strong on strategic accounts and thin or absent on others.
Customer sizes follow a Pareto law (median ~40, mean ~80 stakeholders).
"""

from __future__ import annotations

import math
import random
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from graph_model.model import Label, RelType, Tier
from seeds import vocab
from seeds.synthetic_accounts import Account, coverage, customer, preferences
from seeds.synthetic_common import OUR_DOMAIN, Batch, Weighted, World, email, person_name, pick, slug
from seeds.synthetic_org import departments, informal_ties, people

__all__ = ["Batch", "SyntheticPlan", "estimate_rows", "generate", "plan"]

MIN_CUSTOMER_SIZE: Final = 25
MAX_CUSTOMER_SIZE: Final = 4_000
PARETO_ALPHA: Final = 1.4
SUPPLIERS: Final = 50
STAKEHOLDERS_PER_TEAM_MEMBER: Final = 1_500
# Rows (nodes + relationships) per stakeholder, measured over several seeds;
# only used to size progress bars before the exact count is known.
ROWS_PER_STAKEHOLDER: Final = 5.35
# A few large industries and a long tail.
_INDUSTRY: Final = Weighted([(i, 1 / (i + 1) ** 0.7) for i in range(len(vocab.INDUSTRIES))])


@dataclass(frozen=True)
class SyntheticPlan:
    """The customers to generate, drawn before any of them is built."""

    stakeholders: int
    seed: int
    accounts: tuple[Account, ...]
    team_size: int


def plan(stakeholders: int, *, seed: int) -> SyntheticPlan:
    """Customer sizes (power law summing to ``stakeholders``), industries and tiers."""
    if stakeholders < 1:
        raise ValueError(f"stakeholders must be at least 1, got {stakeholders}")
    rng = random.Random(f"plan:{seed}")
    sizes: list[int] = []
    left = stakeholders
    while left > 0:
        size = min(left, MAX_CUSTOMER_SIZE, int(MIN_CUSTOMER_SIZE * rng.paretovariate(PARETO_ALPHA)))
        if left - size < MIN_CUSTOMER_SIZE // 5:
            size = left  # fold a tiny remainder into the last customer
        sizes.append(size)
        left -= size
    industries = [_INDUSTRY.pick(rng) for _ in sizes]
    values = [size * rng.lognormvariate(0, 0.5) for size in sizes]
    ranked = sorted(range(len(sizes)), key=lambda i: (-values[i], i))
    strategic = max(1, round(0.05 * len(sizes)))
    key = round(0.15 * len(sizes))
    tiers = dict.fromkeys(ranked[:strategic], Tier.STRATEGIC)
    tiers.update(dict.fromkeys(ranked[strategic : strategic + key], Tier.KEY))
    accounts = []
    for i, (size, industry, value) in enumerate(zip(sizes, industries, values, strict=True)):
        name = f"{pick(rng, vocab.PLACE_WORDS)} {pick(rng, vocab.INDUSTRY_SUFFIXES[industry])}"
        accounts.append(Account(f"c-{i:05d}", name, industry, size, tiers.get(i, Tier.STANDARD), value))
    team = max(5, round(stakeholders / STAKEHOLDERS_PER_TEAM_MEMBER))
    return SyntheticPlan(stakeholders, seed, tuple(accounts), team)


def estimate_rows(stakeholders: int) -> int:
    """Roughly how many rows ``generate`` yields (for progress bars)."""
    return math.ceil(stakeholders * ROWS_PER_STAKEHOLDER) + SUPPLIERS * 4 + len(vocab.INDUSTRIES)


def industry_id(index: int) -> str:
    return f"ind-{index:02d}"


def generate(stakeholders: int, *, seed: int) -> Iterator[Batch]:
    """Stream the graph: shared nodes first, then one batch per customer."""
    layout = plan(stakeholders, seed=seed)
    rng = random.Random(f"graph:{seed}")
    world, shared = _shared(rng, layout.team_size)
    yield shared
    for account in layout.accounts:
        yield _account(world, account)


def _shared(rng: random.Random, team_size: int) -> tuple[World, Batch]:
    batch = Batch()
    n_industries = len(vocab.INDUSTRIES)
    for i, name in enumerate(vocab.INDUSTRIES):
        batch.node(Label.INDUSTRY, industry_id(i), {"name": name})
    us = "sup-00"
    batch.node(Label.SUPPLIER, us, {"name": vocab.OUR_COMPANY, "category": vocab.OUR_CATEGORY, "isUs": True})
    for i in range(n_industries):
        batch.rel(RelType.IN_INDUSTRY, us, industry_id(i))
    competitors: list[list[str]] = [[] for _ in range(n_industries)]
    for n in range(1, SUPPLIERS):
        supplier = f"sup-{n:02d}"
        suffix, category = pick(rng, vocab.SUPPLIER_KINDS)
        name = f"{vocab.SUPPLIER_WORDS[(n - 1) % len(vocab.SUPPLIER_WORDS)]} {suffix}"
        if n > len(vocab.SUPPLIER_WORDS):
            name += " Group"
        batch.node(Label.SUPPLIER, supplier, {"name": name, "category": category, "isUs": False})
        # Round-robin first, so every industry has rivals; then a few more at random.
        served = {n % n_industries, *rng.sample(range(n_industries), rng.randint(0, 3))}
        for industry in sorted(served):
            competitors[industry].append(supplier)
            batch.rel(RelType.IN_INDUSTRY, supplier, industry_id(industry))
    executives = max(1, team_size // 8)
    specialists = max(1, team_size // 4)
    roles: dict[str, list[str]] = {"executive": [], "specialist": [], "owner": []}
    for n in range(team_size):
        kind = "executive" if n < executives else "specialist" if n < executives + specialists else "owner"
        titles = {
            "executive": vocab.EXECUTIVE_TITLES,
            "specialist": vocab.SPECIALIST_TITLES,
            "owner": vocab.OWNER_TITLES,
        }[kind]
        first, last = person_name(rng, vocab.FIRST_NAMES, vocab.LAST_NAMES)
        member = f"tm-{n:04d}"
        props = {
            "name": f"{first} {last}",
            "title": pick(rng, titles),
            "email": email(first, f"{last}{n}", OUR_DOMAIN),
        }
        batch.node(Label.TEAM_MEMBER, member, props)
        roles[kind].append(member)
    world = World(
        rng=rng,
        us=us,
        competitors=competitors,
        executives=roles["executive"],
        specialists=roles["specialist"],
        owners=roles["owner"],
        urns=[array("L") for _ in range(n_industries)],
    )
    return world, batch


def _account(world: World, account: Account) -> Batch:
    batch = Batch()
    stage = customer(world, batch, account, industry_id(account.industry))
    depts = departments(world, account.id, account.size)
    for dept in depts:
        batch.node(Label.DEPARTMENT, dept.id, {"name": dept.name, "function": dept.function.value})
        if dept.parent is None:
            batch.rel(RelType.HAS_DEPARTMENT, account.id, dept.id)
        else:
            batch.rel(RelType.PART_OF, dept.id, depts[dept.parent].id)
    domain = f"{slug(account.name)}-{account.id[2:]}.example"
    staff = people(world, batch, depts, account.size, domain)
    informal_ties(world, batch, staff, account.industry)
    leaning = preferences(world, batch, staff, stage, account)
    coverage(world, batch, staff, account, stage, leaning)
    return batch
