"""The synthetic generator: deterministic, valid by construction, realistic in shape, and fast."""

from __future__ import annotations

import tracemalloc
from collections import Counter, defaultdict
from itertools import islice
from typing import Any

import pytest

from graph_model.model import REL_SPECS, Label, RelType
from graph_model.validation import NodeRow, RelRow, check_endpoints, validate_node, validate_relationship
from seeds.synthetic import estimate_rows, generate, plan


def _rows(stakeholders: int, seed: int) -> tuple[list[list[NodeRow]], list[list[RelRow]]]:
    nodes, rels = [], []
    for batch in generate(stakeholders, seed=seed):
        nodes.append(batch.nodes)
        rels.append(batch.relationships)
    return nodes, rels


@pytest.fixture(scope="module")
def small() -> tuple[list[list[NodeRow]], list[list[RelRow]]]:
    return _rows(2_000, 7)


def _flat(batches: list[list[Any]]) -> list[Any]:
    return [row for batch in batches for row in batch]


def test_same_seed_same_rows(small: tuple[list[list[NodeRow]], list[list[RelRow]]]) -> None:
    assert _rows(2_000, 7) == small


def test_different_seed_different_rows(small: tuple[list[list[NodeRow]], list[list[RelRow]]]) -> None:
    other_nodes, other_rels = _rows(2_000, 8)
    assert _flat(other_nodes) != _flat(small[0])
    assert _flat(other_rels) != _flat(small[1])
    stakeholders = [n for n in _flat(other_nodes) if n.label is Label.STAKEHOLDER]
    assert len(stakeholders) == 2_000


def test_every_row_validates_unchanged(small: tuple[list[list[NodeRow]], list[list[RelRow]]]) -> None:
    for node in _flat(small[0]):
        raw = {"label": node.label.value, "id": node.id, "properties": node.properties}
        row, errors = validate_node(raw)
        assert errors == [], (node, errors)
        assert row == node, "already in canonical form"
    for rel in _flat(small[1]):
        raw = {"type": rel.type.value, "from": rel.source, "to": rel.target, "properties": rel.properties}
        parsed, errors = validate_relationship(raw)
        assert errors == [], (rel, errors)
        assert parsed == rel


def test_relationships_point_back_only(small: tuple[list[list[NodeRow]], list[list[RelRow]]]) -> None:
    """Each batch refers only to nodes of itself or earlier batches, with allowed endpoints."""
    labels: dict[str, Label] = {}
    seen: set[tuple[str, str, str]] = set()
    for nodes, rels in zip(*small, strict=True):
        for node in nodes:
            assert node.id not in labels, f"duplicate id {node.id}"
            labels[node.id] = node.label
        for i, rel in enumerate(rels):
            assert check_endpoints(rel, labels, i) == []
            if REL_SPECS[rel.type].symmetric:
                assert rel.source < rel.target, "symmetric ties are generated in stored order"
            key = (rel.type.value, rel.source, rel.target)
            assert key not in seen, f"duplicate relationship {key}"
            seen.add(key)


def test_shape(small: tuple[list[list[NodeRow]], list[list[RelRow]]]) -> None:
    nodes, rels = _flat(small[0]), _flat(small[1])
    labels = Counter(n.label for n in nodes)
    types = Counter(r.type for r in rels)
    assert labels[Label.STAKEHOLDER] == 2_000
    assert labels[Label.INDUSTRY] == 20
    assert labels[Label.SUPPLIER] == 50
    assert labels[Label.TEAM_MEMBER] >= 5
    assert 2_000 / 200 <= labels[Label.CUSTOMER] <= 2_000 / 25
    assert [n.id for n in nodes if n.label is Label.SUPPLIER and n.properties["isUs"]] == ["sup-00"]
    assert types[RelType.WORKS_IN] == 2_000
    assert types[RelType.REPORTS_TO] == 2_000 - labels[Label.CUSTOMER], "one org tree per customer"
    assert 3.6 <= len(rels) / len(nodes) <= 4.6
    # Every synthetic person has a known department, so none needs BELONGS_TO.
    for rel_type in set(RelType) - {RelType.BELONGS_TO}:
        assert types[rel_type] > 0, f"no {rel_type.value}"
    assert 0.8 <= (len(nodes) + len(rels)) / estimate_rows(2_000) <= 1.2


def test_seniority_follows_the_org_tree(small: tuple[list[list[NodeRow]], list[list[RelRow]]]) -> None:
    people = {n.id: n.properties for n in _flat(small[0]) if n.label is Label.STAKEHOLDER}
    order = ["C_LEVEL", "VP", "DIRECTOR", "MANAGER", "STAFF"]
    for rel in _flat(small[1]):
        if rel.type is RelType.REPORTS_TO:
            boss, report = people[rel.target]["seniority"], people[rel.source]["seniority"]
            assert order.index(boss) <= order.index(report), (rel, boss, report)


def test_cross_company_ties_are_skewed_and_mostly_within_industry() -> None:
    customer_of: dict[str, str] = {}
    industry_of: dict[str, str] = {}
    dept_owner: dict[str, str] = {}
    degree: Counter[str] = Counter()
    same = across = 0
    for batch in generate(10_000, seed=3):
        for rel in batch.relationships:
            if rel.type is RelType.IN_INDUSTRY and rel.source.startswith("c-"):
                industry_of[rel.source] = rel.target
            elif rel.type is RelType.HAS_DEPARTMENT:
                dept_owner[rel.target] = rel.source
            elif rel.type is RelType.PART_OF:
                dept_owner[rel.source] = dept_owner[rel.target]
            elif rel.type is RelType.WORKS_IN:
                customer_of[rel.source] = dept_owner[rel.target]
        for rel in batch.relationships:
            if rel.type is RelType.KNOWS and customer_of[rel.source] != customer_of[rel.target]:
                degree[rel.source] += 1
                degree[rel.target] += 1
                if industry_of[customer_of[rel.source]] == industry_of[customer_of[rel.target]]:
                    same += 1
                else:
                    across += 1
    assert same > 4 * across
    degrees = sorted(degree.values(), reverse=True)
    mean = sum(degrees) / len(degrees)
    assert degrees[0] > 10 * mean, "preferential attachment makes hubs"


def test_coverage_is_uneven(small: tuple[list[list[NodeRow]], list[list[RelRow]]]) -> None:
    account_of_person: dict[str, str] = {}
    for batch in small[0][1:]:  # one customer per batch after the shared one
        (customer,) = [n.id for n in batch if n.label is Label.CUSTOMER]
        account_of_person.update((n.id, customer) for n in batch if n.label is Label.STAKEHOLDER)
    covered: dict[str, set[str]] = defaultdict(set)
    for rel in _flat(small[1]):
        if rel.type is RelType.RELATES_TO:
            covered[account_of_person[rel.target]].add(rel.target)
    accounts = {n.id for n in _flat(small[0]) if n.label is Label.CUSTOMER}
    sizes = Counter(len(covered[a]) for a in accounts)
    assert sizes[0] > 0, "some accounts are not covered at all"
    assert sizes[1] > 0, "some are single-threaded"
    assert max(sizes) >= 5, "some are well covered"


def test_streams_without_building_everything_first() -> None:
    # A million stakeholders held at once would take gigabytes; the first
    # two batches of a stream take a few megabytes.
    tracemalloc.start()
    try:
        batches = generate(1_000_000, seed=1)
        first, second = islice(batches, 2)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 64 * 2**20, f"{peak / 2**20:.0f} MiB"
    assert {n.label for n in first.nodes} == {Label.INDUSTRY, Label.SUPPLIER, Label.TEAM_MEMBER}
    assert sum(n.label is Label.CUSTOMER for n in second.nodes) == 1


def test_ten_thousand_generate_with_their_relationships() -> None:
    rows = sum(len(b.nodes) + len(b.relationships) for b in generate(10_000, seed=11))
    assert rows > 50_000


def test_plan_sizes_add_up() -> None:
    layout = plan(12_345, seed=5)
    assert sum(a.size for a in layout.accounts) == 12_345
    assert min(a.size for a in layout.accounts) >= 5
    assert len({a.id for a in layout.accounts}) == len(layout.accounts)
    assert plan(12_345, seed=5) == layout
    assert plan(1, seed=5).accounts[0].size == 1
    with pytest.raises(ValueError, match="at least 1"):
        plan(0, seed=5)
