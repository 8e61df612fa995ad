"""The live projection: brought up to date from the change log, equal to one built from scratch.

Random write sequences (seeded) go through the real store on the embedded
engine; after them the projection the log kept current must be the graph
a fresh export projects, edge for edge and weight for weight, and its
PageRank must agree with networkx's on that export.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import threading
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from algorithms.compact_graph import CompactPeopleGraph, compact_pagerank, top_stakeholders
from algorithms.influence.measures import SCOPE_ACCOUNTS, in_scope
from algorithms.influence.pagerank import pagerank_values
from algorithms.introduction_paths import introduction_paths
from algorithms.kols import industry_kols
from algorithms.projection import people_graph
from algorithms.ranking import rank
from api.analytics.live import LiveProjection
from api.analytics.service import KOL_TYPES, AnalyticsService, scope_accounts
from api.analytics.workers import AnalyticsPool
from graph_model.access import AccessScope
from graph_model.analytics_export import ExportScope
from graph_model.importer import import_document
from graph_model.model import Label, RelType
from graph_model.store import GraphStore
from graph_model.validation import validate_node, validate_relationship
from tests.analytics.conftest import DemoServer
from tests.analytics.documents import INFLUENCERS, LINK

ADMIN = AccessScope(actor="api-key:test")
CUSTOMERS = ("c-a", "c-b", "c-c")
TIE_TYPES = (RelType.KNOWS, RelType.INFLUENCES, RelType.REPORTS_TO, RelType.RELATES_TO)
# PageRank of the fast path and of networkx both stop within this summed
# change of the fixed point, so no score may differ by more.
PAGERANK_TOLERANCE = 2e-6


def _base(rng: random.Random) -> dict[str, Any]:
    nodes: list[dict[str, Any]] = []
    rels: list[dict[str, Any]] = []
    for c in CUSTOMERS:
        nodes.append({"label": "Customer", "id": c, "properties": {"name": c}})
        for d in range(2):
            dept = f"{c}-d{d}"
            nodes.append({"label": "Department", "id": dept, "properties": {"name": dept}})
            rels.append({"type": "HAS_DEPARTMENT", "from": c, "to": dept})
    for i in range(24):
        person = f"s{i:02d}"
        nodes.append({"label": "Stakeholder", "id": person, "properties": {"name": person}})
        rels.append(
            {"type": "WORKS_IN", "from": person, "to": f"{rng.choice(CUSTOMERS)}-d{rng.randrange(2)}"}
        )
    for t in range(3):
        nodes.append({"label": "TeamMember", "id": f"t{t}", "properties": {"name": f"t{t}"}})
    seen: set[tuple[str, ...]] = set()
    for _ in range(40):
        tie = _random_tie(rng, [f"s{i:02d}" for i in range(24)])
        # One row per relationship (KNOWS either way round), one manager per person.
        key = (
            (tie["type"], tie["from"])
            if tie["type"] == "REPORTS_TO"
            else (tie["type"], *sorted((tie["from"], tie["to"])))
        )
        if key not in seen:
            seen.add(key)
            rels.append(tie)
    return {"nodes": nodes, "relationships": rels}


def _random_tie(rng: random.Random, people: list[str]) -> dict[str, Any]:
    rel_type = rng.choice(TIE_TYPES)
    source = f"t{rng.randrange(3)}" if rel_type is RelType.RELATES_TO else rng.choice(people)
    target = rng.choice([p for p in people if p != source])
    props = (
        {} if rng.random() < 0.3 or rel_type is RelType.REPORTS_TO else {"strength": rng.randint(1, 9) / 10}
    )
    return {"type": rel_type.value, "from": source, "to": target, "properties": props}


async def _write(store: GraphStore, rng: random.Random, people: list[str], serial: list[int]) -> None:
    """One random write of the kinds the API makes."""
    roll = rng.random()
    if roll < 0.35:
        row, _ = validate_relationship(_random_tie(rng, people))
        assert row is not None
        await store.upsert_relationships([row], ADMIN)
    elif roll < 0.5:
        tie = _random_tie(rng, people)
        await store.unlink(RelType(tie["type"]), tie["from"], tie["to"], ADMIN)
    elif roll < 0.6:
        serial[0] += 1
        person = f"new{serial[0]}"
        row, _ = validate_node({"label": "Stakeholder", "id": person, "properties": {"name": person}})
        dept, _ = validate_relationship(
            {"type": "WORKS_IN", "from": person, "to": f"{rng.choice(CUSTOMERS)}-d{rng.randrange(2)}"}
        )
        assert row is not None and dept is not None
        await store.write_graph([row], [dept], ADMIN)
        people.append(person)
    elif roll < 0.7:
        person = rng.choice(people)
        moved, _ = validate_relationship(
            {"type": "WORKS_IN", "from": person, "to": f"{rng.choice(CUSTOMERS)}-d{rng.randrange(2)}"}
        )
        assert moved is not None
        await store.upsert_relationships([moved], ADMIN)
    elif roll < 0.78 and len(people) > 8:
        person = people.pop(rng.randrange(len(people)))
        await store.delete_node(person, access=ADMIN)
    else:
        # A write the people graph does not see: it moves the version, not the revision.
        person = rng.choice(people)
        row, _ = validate_node(
            {
                "label": "Stakeholder",
                "id": person,
                "properties": {"name": person, "title": f"T{rng.random()}"},
            }
        )
        assert row is not None
        await store.upsert_nodes([row], ADMIN)


def _essentials(graph: nx.DiGraph) -> tuple[dict[str, Any], dict[tuple[str, str], Any]]:
    nodes = {
        n: (data["label"], data["accountId"], tuple(data["departments"]))
        for n, data in graph.nodes(data=True)
    }
    edges = {
        (u, v): (data["weight"], data["types"], data["strengths"]) for u, v, data in graph.edges(data=True)
    }
    return nodes, edges


@pytest.mark.parametrize("seed", range(4))
async def test_the_projection_after_writes_is_the_projection_from_scratch(
    store: GraphStore, seed: int
) -> None:
    rng = random.Random(seed)
    report = await import_document(store, _base(rng), ADMIN)
    assert report.ok, report.errors
    pool = AnalyticsPool(workers=1)
    live = LiveProjection(store, pool)
    try:
        async with live.introductions(await store.version()):
            first = live.stats.revision
        people = [f"s{i:02d}" for i in range(24)]
        serial = [0]
        for step in range(60):
            await _write(store, rng, people, serial)
            if step % 7 == 0:
                await live.arrays(await store.version())
            if step % 11 == 0:
                async with live.introductions(await store.version()):
                    pass
        version = await store.version()
        async with live.introductions(version) as walk:
            revision, caught_up = live.stats.revision, _essentials(walk.people)
            stakeholders = [n for n, label in walk.people.nodes(data="label") if label == "Stakeholder"]
            # The walk's tie index, changed in place, answers as a fresh one on the same graph.
            answers = {t: introduction_paths(walk.people, t, ties=walk.ties) for t in stakeholders}
            assert answers == {t: introduction_paths(walk.people, t) for t in stakeholders}
        _, arrays = await live.arrays(version)
    finally:
        pool.close()
    export = await store.export_scope(ExportScope.everything(), ADMIN)
    assert live.stats.builds == 1, "caught up from the log, never exported again"
    assert live.stats.walk_builds == 1, "the walk was changed in place, never built again"
    assert live.stats.changes_applied >= 60
    assert first < revision <= version
    reference = people_graph(export)
    assert caught_up == _essentials(reference)
    scratch = CompactPeopleGraph.from_export(export).arrays()
    assert sorted(arrays.ids) == sorted(scratch.ids)

    values, _ = compact_pagerank(arrays, tol=1e-9)
    expected = pagerank_values(reference, tol=1e-9)
    ours = dict(zip(arrays.ids, values, strict=True))
    assert max(abs(ours[n] - expected[n]) for n in expected) < PAGERANK_TOLERANCE
    stakeholders = {n: v for n, v in expected.items() if reference.nodes[n]["label"] == "Stakeholder"}
    assert [s.id for s in top_stakeholders(arrays, values, 10)] == [
        s.id for s in rank(stakeholders, None, 10)
    ]


@contextlib.asynccontextmanager
async def _live_over_base(
    store: GraphStore, seed: int
) -> AsyncIterator[tuple[LiveProjection, AnalyticsPool]]:
    """A live projection (with its own one-worker pool) over the base graph of ``seed``."""
    report = await import_document(store, _base(random.Random(seed)), ADMIN)
    assert report.ok, report.errors
    pool = AnalyticsPool(workers=1)
    try:
        yield LiveProjection(store, pool), pool
    finally:
        pool.close()


async def test_a_write_outside_the_people_graph_keeps_the_revision(store: GraphStore) -> None:
    async with _live_over_base(store, 7) as (live, _):
        async with live.introductions(await store.version()):
            before = live.stats.revision
        row, _ = validate_node(
            {"label": "Customer", "id": "c-a", "properties": {"name": "c-a", "tier": "KEY"}}
        )
        assert row is not None
        await store.upsert_nodes([row], ADMIN)
        async with live.introductions(await store.version()):
            assert live.stats.revision == before
        tie, _ = validate_relationship(
            {"type": "KNOWS", "from": "s01", "to": "s02", "properties": {"strength": 0.9}}
        )
        assert tie is not None
        await store.upsert_relationships([tie], ADMIN)
        async with live.introductions(await store.version()) as walk:
            assert live.stats.revision == await store.version() > before
            assert walk.people.has_edge("s01", "s02") and walk.people["s01"]["s02"]["weight"] == 0.9
            assert walk.ties.ties("s01")["s02"] == 0.9
    assert live.stats.builds == 1
    assert live.stats.walk_builds == 1


async def test_writes_applied_while_the_walk_is_built_reach_it(store: GraphStore) -> None:
    gate = threading.Event()
    async with _live_over_base(store, 5) as (live, pool):
        try:
            # The one worker is held, so the walk's build waits behind it.
            held = asyncio.ensure_future(pool.run(gate.wait))
            await asyncio.sleep(0)
            first = asyncio.ensure_future(_walk_edges(live, await store.version()))
            await asyncio.sleep(0.05)
            tie, _ = validate_relationship(
                {"type": "KNOWS", "from": "s03", "to": "s04", "properties": {"strength": 0.95}}
            )
            assert tie is not None
            await store.upsert_relationships([tie], ADMIN)
            # Catches up (under the lock the build let go) while the build still waits.
            arrays = asyncio.ensure_future(live.arrays(await store.version()))
            await asyncio.sleep(0.05)
            assert live.stats.walk_builds == 0
            gate.set()
            await asyncio.gather(held, first, arrays)
            async with live.introductions(await store.version()) as walk:
                assert walk.people["s03"]["s04"]["weight"] == 0.95
                assert walk.ties.ties("s04")["s03"] == 0.95
                stakeholders = [n for n, label in walk.people.nodes(data="label") if label == "Stakeholder"]
                answers = {t: introduction_paths(walk.people, t, ties=walk.ties) for t in stakeholders}
                assert answers == {t: introduction_paths(walk.people, t) for t in stakeholders}
        finally:
            gate.set()
    assert live.stats.walk_builds == 1


async def _walk_edges(live: LiveProjection, version: int) -> int:
    async with live.introductions(version) as walk:
        return int(walk.people.number_of_edges())


async def test_deleting_a_department_rebuilds_from_a_fresh_export(store: GraphStore) -> None:
    rng = random.Random(3)
    report = await import_document(store, _base(rng), ADMIN)
    assert report.ok, report.errors
    pool = AnalyticsPool(workers=1)
    live = LiveProjection(store, pool)
    try:
        await live.arrays(await store.version())
        await store.delete_node("c-a-d0", cascade=True, access=ADMIN)
        async with live.introductions(await store.version()) as walk:
            graph = _essentials(walk.people)
    finally:
        pool.close()
    assert live.stats.builds == 2
    export = await store.export_scope(ExportScope.everything(), ADMIN)
    assert graph == _essentials(people_graph(export))


async def _reference_pagerank(engine: Any, top: int) -> list[tuple[str, float]]:
    """networkx's PageRank of the stakeholders, on a fresh export of the whole graph."""
    export = await GraphStore(engine).export_scope(ExportScope.everything())
    graph = people_graph(export)
    values = pagerank_values(graph)
    stakeholders = {n: v for n, v in values.items() if graph.nodes[n]["label"] == "Stakeholder"}
    return [(s.id, s.score) for s in rank(stakeholders, None, top)]


async def test_pagerank_over_http_follows_writes_without_exporting_again(fresh_demo: DemoServer) -> None:
    demo = fresh_demo
    variables = {"scope": {"all": True}, "measure": "PAGERANK", "top": 20}
    for step in range(3):
        if step:
            # A strong tie to someone far down the ranking, stronger each time.
            link = {"type": "KNOWS", "fromId": "stk-hugo-lefebvre", "toId": "stk-ingrid-castell"}
            data = await demo.data(LINK, {"input": {**link, "properties": {"strength": 0.3 * step}}})
            assert data["link"]["errors"] == []
        demo.engine.reset()
        ranked = (await demo.data(INFLUENCERS, variables))["influencers"]
        if step:
            assert demo.engine.export_reads == 0, "caught up from the change log"
        expected = await _reference_pagerank(demo.engine.inner, 20)
        assert [p["id"] for p in ranked] == [node for node, _ in expected]
        assert all(
            abs(p["score"] - score) < PAGERANK_TOLERANCE
            for p, (_, score) in zip(ranked, expected, strict=True)
        )
        assert {p["label"] for p in ranked} == {"STAKEHOLDER"}
        assert all(p["name"] and p["customerId"] for p in ranked)


DEMO: dict[str, Any] = json.loads(Path("seeds/demo.json").read_text(encoding="utf-8"))


async def _reference_kols(store: GraphStore, industry: str, top: int) -> list[tuple[str, float]]:
    """KOLs as ranked from a projection of the industry's export (the scoped callers' path)."""
    scope = ExportScope.industry(industry)
    export = await store.export_scope(scope, ADMIN)
    graph = people_graph(export, types=KOL_TYPES, labels=(Label.STAKEHOLDER.value,))
    graph.graph[SCOPE_ACCOUNTS] = scope_accounts(export, scope)
    return [(s.id, s.score) for s in in_scope(graph, industry_kols(graph), top)]


async def test_industry_kols_from_the_live_projection_are_those_of_the_export(store: GraphStore) -> None:
    demo = DEMO
    assert (await import_document(store, demo, ADMIN)).ok
    industries = sorted(n["id"] for n in demo["nodes"] if n["label"] == "Industry")
    stakeholders = sorted(n["id"] for n in demo["nodes"] if n["label"] == "Stakeholder")
    service = AnalyticsService(store)
    rng = random.Random(11)
    try:
        for round_ in range(3):
            if round_:
                # New ties across accounts move the people graph: the projection catches up.
                for _ in range(6):
                    source, target = rng.sample(stakeholders, 2)
                    row, _ = validate_relationship(
                        {
                            "type": rng.choice(["KNOWS", "INFLUENCES"]),
                            "from": source,
                            "to": target,
                            "properties": {"strength": rng.randint(3, 9) / 10},
                        }
                    )
                    assert row is not None
                    await store.upsert_relationships([row], ADMIN)
            for industry in industries:
                ours = await service.industry_kols(industry, ADMIN, top=10)
                assert ours is not None
                expected = await _reference_kols(store, industry, 10)
                assert [p.id for p in ours] == [node for node, _ in expected], industry
                assert [p.score for p in ours] == pytest.approx([score for _, score in expected], abs=1e-5)
                assert all(p.name and p.account_id for p in ours)
        assert service.live.stats.builds == 1
    finally:
        service.close()


async def test_warm_up_builds_the_projection_and_the_walk_before_any_question(store: GraphStore) -> None:
    async with _live_over_base(store, 2) as (live, _):
        assert not live.warmed.is_set()
        await live.warm_up(walk_after_s=0)
        assert live.warmed.is_set()
        assert (live.stats.builds, live.stats.walk_builds) == (1, 1)
        # The first questions find both built.
        await live.arrays(await store.version())
        async with live.introductions(await store.version()):
            pass
        assert (live.stats.builds, live.stats.walk_builds) == (1, 1)
