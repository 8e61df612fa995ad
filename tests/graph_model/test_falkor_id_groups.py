"""FalkorDB's closing read of a map tests ids by group: the same edges as the portable test."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from typing import Any

import pytest

from graph_model import cypher
from graph_model.columns import rows_to_result
from graph_model.engines.falkor_id_groups import id_groups, with_id_groups
from graph_model.importer import import_document
from graph_model.model import Direction
from graph_model.opening import open_store
from graph_model.settings import StoreSettings
from graph_model.store import GraphStore

# Ids whose last characters are multi-byte, quotes, a backslash, brackets,
# control characters (the unit separator sends a packed read back to rows)
# or shorter than a group's suffix once the prefix is gone.
ODD_IDS = [
    *("s-😀", "s-é😀", "s-é", "s-x'", 's-x"', "s-x\\", "s-}", "s-]", "s-a", "s- b", "s-ab", "s-cb", "x"),
    *("s-\nx", "s-\tx", "s-\x1fx"),
]


@pytest.fixture
async def falkor(store_settings: StoreSettings) -> AsyncIterator[GraphStore]:
    async with open_store(store_settings) as opened:
        yield opened
        await opened.engine.drop_all()


def _knows_everyone(ids: list[str]) -> dict[str, Any]:
    """A hub that knows every node, which all know each other: the outer ring's own edges."""
    people = ["s-hub", *ids]
    return {
        "nodes": [{"label": "Stakeholder", "id": i, "properties": {"name": f"P {i}"}} for i in people],
        "relationships": [
            {"type": "KNOWS", "from": a, "to": b} for a, b in itertools.combinations(people, 2)
        ],
    }


async def _map_edges(store: GraphStore, ids: list[str]) -> set[frozenset[str]]:
    assert (await import_document(store, _knows_everyone(ids))).ok
    graph = await store.relationship_map("s-hub", depth=1, limit=100)
    assert graph is not None
    assert not graph.truncated
    assert {e.type for e in graph.edges} == {"KNOWS"}
    return {frozenset((e.source, e.target)) for e in graph.edges}


def _every_edge(ids: list[str]) -> set[frozenset[str]]:
    # KNOWS has no direction: each pair is stored once, either way round.
    return {frozenset(pair) for pair in itertools.combinations(["s-hub", *ids], 2)}


async def test_odd_ids_keep_every_edge_of_the_outer_ring(falkor: GraphStore) -> None:
    assert await _map_edges(falkor, ODD_IDS) == _every_edge(ODD_IDS)


async def test_an_id_ending_in_a_backtick_is_tested_the_portable_way(falkor: GraphStore) -> None:
    ids = [*ODD_IDS, "s-`"]
    read = cypher.EDGES_AMONG[Direction.OUT, True]
    assert with_id_groups(read, {"ids": ids}) == (read, {"ids": ids})
    assert await _map_edges(falkor, ids) == _every_edge(ids)


@pytest.mark.parametrize("full", [True, False], ids=["properties", "names"])
@pytest.mark.parametrize("direction", [Direction.OUT, Direction.IN])
async def test_the_grouped_read_returns_what_the_portable_one_does(
    falkor: GraphStore, direction: Direction, full: bool
) -> None:
    assert (await import_document(falkor, _knows_everyone(ODD_IDS))).ok
    portable = cypher.EDGES_AMONG[direction, full]
    params = {"frontier": ODD_IDS[::2], "ids": ODD_IDS[1::2], "types": None, "rowLimit": 1_000}
    form, grouped_params = with_id_groups(portable, params)
    assert form is not portable
    assert "idsBySuffix" in form.pattern
    expected = rows_to_result(portable, await falkor.engine.read(portable.statement, params))
    assert any(expected[0])
    assert await falkor.engine.read_columns(portable, params) == expected
    assert rows_to_result(form, await falkor.engine.read(form.statement, grouped_params)) == expected


def test_ids_are_grouped_by_their_last_two_characters() -> None:
    assert id_groups(["s-10", "t-10", "s-11", "😀", "é😀"]) == {
        "10": ["s-10", "t-10"],
        "11": ["s-11"],
        "😀": ["😀"],
        "é😀": ["é😀"],
    }
