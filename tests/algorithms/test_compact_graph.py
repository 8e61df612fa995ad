"""The compact people graph against the networkx reference.

Edited in place it must equal the graph built from scratch from the same
final data, and its PageRank must be networkx's: the same top 10 and every
score within ``TOLERANCE`` (both stop once the summed change is below the
same bound).
"""

from __future__ import annotations

import random

import networkx as nx
import numpy as np
import pytest

from algorithms.compact_graph import CompactPeopleGraph, compact_pagerank, top_stakeholders
from algorithms.errors import InvalidParameter
from algorithms.influence.measures import SCOPE_ACCOUNTS, in_scope
from algorithms.influence.pagerank import pagerank_values
from algorithms.kols import industry_kols, scope_kols
from algorithms.projection import people_graph
from algorithms.ranking import rank
from graph_model.analytics_export import ExportedEdge, ExportedNode, GraphExport

TYPES = ("REPORTS_TO", "INFLUENCES", "KNOWS", "RELATES_TO")
TOLERANCE = 2e-6


def _export(
    people: dict[str, tuple[str, str | None]], ties: dict[tuple[str, str, str], float | None]
) -> GraphExport:
    nodes = [ExportedNode(p, label, p, account) for p, (label, account) in sorted(people.items())]
    edges = [
        ExportedEdge(t, s, d, {} if strength is None else {"strength": strength})
        for (t, s, d), strength in sorted(ties.items())
    ]
    return GraphExport(nodes, edges, 1)


def _essentials(graph: nx.DiGraph) -> tuple[dict[str, object], dict[tuple[str, str], object]]:
    return (
        {n: (d["label"], d["accountId"]) for n, d in graph.nodes(data=True)},
        {(u, v): (d["weight"], d["types"], d["strengths"]) for u, v, d in graph.edges(data=True)},
    )


@pytest.mark.parametrize("bulk_at", [None, 120])
@pytest.mark.parametrize("seed", range(8))
def test_edits_in_place_equal_a_build_from_scratch(seed: int, bulk_at: int | None) -> None:
    rng = random.Random(seed)
    people: dict[str, tuple[str, str | None]] = {}
    ties: dict[tuple[str, str, str], float | None] = {}
    live = CompactPeopleGraph()
    for step in range(400):
        roll = rng.random()
        if roll < 0.15 or len(people) < 3:
            person = f"p{rng.randrange(60)}"
            label = "TeamMember" if person.endswith("7") else "Stakeholder"
            account = rng.choice(["c1", "c2", None])
            people[person] = (label, account)
            live.set_person(person, label, account)
        elif roll < 0.2:
            person = rng.choice(sorted(people))
            del people[person]
            ties = {k: v for k, v in ties.items() if person not in k[1:]}
            live.remove_person(person)
        elif roll < 0.8:
            rel_type = rng.choice(TYPES)
            source, target = rng.sample(sorted(people), 2)
            strength = None if rng.random() < 0.3 else rng.choice([0.0, 0.2, 0.5, 0.9, 1.0, 1.5])
            ties[(rel_type, source, target)] = strength
            live.set_tie(rel_type, source, target, strength)
        elif ties:
            key = rng.choice(sorted(ties))
            del ties[key]
            live.remove_tie(*key)
        if step == bulk_at:
            # Edits after a bulk build find its edges by binary search, not in a dict.
            live = CompactPeopleGraph.from_export(_export(people, ties))
        if step % 50 == 0:
            live.arrays()
    export = _export(people, ties)
    assert _essentials(live.to_networkx()) == _essentials(people_graph(export))
    scratch = CompactPeopleGraph.from_export(export)
    assert _essentials(scratch.to_networkx()) == _essentials(people_graph(export))
    ours, fresh = live.arrays(), scratch.arrays()
    assert sorted(ours.ids) == sorted(fresh.ids)
    assert ours.edges == fresh.edges == people_graph(export).number_of_edges()


@pytest.mark.parametrize("seed", range(6))
def test_pagerank_is_networkx_pagerank(seed: int) -> None:
    rng = random.Random(seed)
    people = {f"s{i}": ("Stakeholder", f"c{i % 3}") for i in range(150)}
    people.update({f"t{i}": ("TeamMember", None) for i in range(5)})
    ids = sorted(people)
    ties: dict[tuple[str, str, str], float | None] = {}
    for _ in range(500):
        source, target = rng.sample(ids, 2)
        ties[(rng.choice(TYPES), source, target)] = None if rng.random() < 0.2 else rng.random()
    export = _export(people, ties)
    reference = people_graph(export)
    expected = pagerank_values(reference)
    arrays = CompactPeopleGraph.from_export(export).arrays()
    values, iterations = compact_pagerank(arrays)
    ours = dict(zip(arrays.ids, values, strict=True))
    assert max(abs(ours[n] - expected[n]) for n in expected) < TOLERANCE
    stakeholders = {n: v for n, v in expected.items() if n.startswith("s")}
    assert [s.id for s in top_stakeholders(arrays, values, 10)] == [
        s.id for s in rank(stakeholders, None, 10)
    ]
    # Seeded with the answer of a slightly different graph, it converges to
    # the same answer sooner.
    changed = CompactPeopleGraph.from_export(export)
    changed.set_tie("KNOWS", "s1", "s2", 0.7)
    again, _ = compact_pagerank(changed.arrays())
    warm, warm_iterations = compact_pagerank(arrays, start=again)
    assert np.abs(warm - values).max() < TOLERANCE
    assert warm_iterations < iterations


def test_dangling_people_and_an_empty_graph() -> None:
    graph = CompactPeopleGraph()
    assert compact_pagerank(graph.arrays())[0].size == 0
    for person in ("a", "b", "c"):
        graph.set_person(person, "Stakeholder", None)
    graph.set_tie("INFLUENCES", "a", "b", 0.0)
    values, _ = compact_pagerank(graph.arrays())
    expected = pagerank_values(graph.to_networkx())
    assert np.allclose(values, [expected[p] for p in graph.arrays().ids], atol=TOLERANCE)


def test_unknown_labels_and_types_are_refused() -> None:
    graph = CompactPeopleGraph()
    with pytest.raises(InvalidParameter, match="label"):
        graph.set_person("x", "Customer", None)
    graph.set_person("x", "Stakeholder", None)
    graph.set_person("y", "Stakeholder", None)
    with pytest.raises(InvalidParameter, match="relationship type"):
        graph.set_tie("WORKS_IN", "x", "y", None)


def _everything(graph: nx.DiGraph) -> tuple[dict[str, object], dict[tuple[str, str], object]]:
    return dict(graph.nodes(data=True)), {(u, v): d for u, v, d in graph.edges(data=True)}


@pytest.mark.parametrize("seed", range(6))
def test_a_networkx_view_kept_up_to_date_equals_a_fresh_one(seed: int) -> None:
    rng = random.Random(seed)
    live = CompactPeopleGraph()
    for i in range(30):
        live.set_person(f"p{i}", "TeamMember" if i % 7 == 0 else "Stakeholder", "c1")
    view = live.to_networkx()
    people: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    for step in range(300):
        roll = rng.random()
        person = f"p{rng.randrange(36)}"
        if roll < 0.1:
            live.set_person(person, "Stakeholder", rng.choice(["c1", "c2", None]))
            people.add(person)
        elif roll < 0.15:
            live.remove_person(person)
            people.add(person)
        elif roll < 0.25:
            live.set_departments(person, rng.choice([(), ("d1",), ("d1", "d2")]))
            people.add(person)
        else:
            rel_type = rng.choice(TYPES)
            source, target = person, f"p{rng.randrange(36)}"
            if roll < 0.8:
                live.set_tie(rel_type, source, target, None if rng.random() < 0.3 else rng.random())
            else:
                live.remove_tie(rel_type, source, target)
            pairs.add((source, target))
        if step % 10 == 9:
            affected = live.update_networkx(view, people, pairs)
            assert people <= affected
            assert _everything(view) == _everything(live.to_networkx())
            people, pairs = set(), set()


@pytest.mark.parametrize("seed", range(5))
def test_scope_kols_are_the_networkx_kols_of_the_same_scope(seed: int) -> None:
    rng = random.Random(seed)
    graph = CompactPeopleGraph()
    accounts = [f"c{i}" for i in range(6)]
    for i in range(80):
        label = "TeamMember" if i % 9 == 0 else "Stakeholder"
        graph.set_person(
            f"p{i:02d}", label, None if label == "TeamMember" or i % 13 == 0 else rng.choice(accounts)
        )
    for _ in range(260):
        source, target = rng.sample([f"p{i:02d}" for i in range(80)], 2)
        strength = None if rng.random() < 0.3 else rng.choice([0.0, 0.2, 0.6, 1.0])
        graph.set_tie(rng.choice(TYPES), source, target, strength)
    chosen = frozenset(accounts[:3])
    scope = graph.scope_ties(chosen, ("KNOWS", "INFLUENCES"), "Stakeholder")
    reference = scope.to_networkx()
    reference.graph[SCOPE_ACCOUNTS] = chosen
    expected = in_scope(reference, industry_kols(reference), 10)
    ours = scope_kols(scope, 10)
    assert [s.id for s in ours] == [s.id for s in expected]
    for mine, theirs in zip(ours, expected, strict=True):
        assert mine.score == pytest.approx(theirs.score, abs=1e-5)
        assert [f.name for f in mine.factors] == [f.name for f in theirs.factors]
        assert [f.value for f in mine.factors] == pytest.approx([f.value for f in theirs.factors], abs=1e-5)


def test_scope_ties_keep_the_people_an_export_of_the_accounts_reaches() -> None:
    graph = CompactPeopleGraph()
    for person, account in [("in1", "c1"), ("in2", "c1"), ("out", "c2"), ("far", "c2"), ("lone", "c1")]:
        graph.set_person(person, "Stakeholder", account)
    graph.set_person("us", "TeamMember", None)
    graph.set_tie("KNOWS", "in1", "out", 0.7)
    graph.set_tie("REPORTS_TO", "in2", "far", None)  # reaches `far`, but is not a KOL tie
    graph.set_tie("KNOWS", "out", "far", 0.9)  # between two outsiders: not read
    graph.set_tie("RELATES_TO", "us", "in1", 0.8)
    scope = graph.scope_ties(["c1"], ("KNOWS", "INFLUENCES"), "Stakeholder")
    view = scope.to_networkx()
    assert sorted(view) == ["far", "in1", "in2", "lone", "out"]
    assert sorted(view.edges(data="weight")) == [("in1", "out", 0.7), ("out", "in1", 0.7)]
    assert [scope.people.ids[i] for i in np.flatnonzero(scope.inside)] == ["in1", "in2", "lone"]
