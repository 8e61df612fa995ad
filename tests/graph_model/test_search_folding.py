"""Search finds names and titles whatever their case and accents, on every engine."""

from __future__ import annotations

import dataclasses
import string
from typing import Any

import pytest

from graph_model.cypher import Write
from graph_model.engines.neo4j_statements import FOLDED_INDEX
from graph_model.engines.redisearch_query import MAX_RUN_TERMS, run_terms
from graph_model.engines.search_text import fold, folded_terms, terms
from graph_model.importer import import_document
from graph_model.model import Label
from graph_model.store import GraphStore
from graph_model.store_lifecycle import open_store
from tests.graph_targets import GraphTarget

FALKOR_DROP_FULLTEXT = "CALL db.idx.fulltext.drop('Entity')"
FALKOR_DROP_RUNS = "CALL db.idx.fulltext.drop('Stakeholder')"


def _person(key: str, name: str, title: str | None = None) -> dict[str, Any]:
    properties = {"name": name} if title is None else {"name": name, "title": title}
    return {"label": "Stakeholder", "id": f"s-{key}", "properties": properties}


DOC: dict[str, Any] = {
    "nodes": [
        {"label": "Customer", "id": "c-nord", "properties": {"name": "Nordlicht Ångström"}},
        {"label": "Department", "id": "d-it", "properties": {"name": "IT"}},
        _person("tomas-r", "Tomás Reyes", "Directeur Général"),
        _person("tomas-p", "Tomas Plain"),
        _person("thomas", "Thomas Ho", "General counsel"),
        _person("uwe", "Uwe Schröder"),
        _person("zoe", "Zoë Quist"),
        _person("ilkay", "İlkay Gündoğan"),
        _person("soren", "Søren Ærø"),
        _person("will", "Will Strauß"),
        _person("noemie", "Noémie Dubois"),
        _person("ida", "Ida Schroder"),
        _person("anna", "Anna Müller"),
        _person("petra", "Petra MÜLLER"),
        _person("karin", "Karin Østergaard"),
        _person("jens", "Jens ÆRØ"),
        {"label": "Customer", "id": "c-aero", "properties": {"name": "Ærøskøbing Marine"}},
        {"label": "Customer", "id": "c-strasse", "properties": {"name": "Straße Logistik"}},
    ],
    "relationships": [],
}


@pytest.fixture
async def folded(store: GraphStore) -> GraphStore:
    report = await import_document(store, DOC)
    assert report.ok, report.errors
    return store


async def _found(store: GraphStore, text: str, **kwargs: Any) -> set[str]:
    return {node.id for node, _ in await store.search(text, **kwargs)}


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        # Plain text finds accented names...
        ("tomas", {"s-tomas-r", "s-tomas-p"}),
        ("Schroder", {"s-uwe", "s-ida"}),
        ("zoe", {"s-zoe"}),
        ("angstrom", {"c-nord"}),
        ("ilkay gundogan", {"s-ilkay"}),
        ("soren", {"s-soren"}),
        ("strauss", {"s-will"}),
        ("noemie", {"s-noemie"}),
        ("Noe\u0301mie", {"s-noemie"}),  # é typed as e and a combining accent
        # ...and accented text, in any case, finds plain and accented ones.
        ("TOMÁS", {"s-tomas-r", "s-tomas-p"}),
        ("tomás reyes", {"s-tomas-r"}),
        ("SCHRÖDER", {"s-uwe", "s-ida"}),
        ("ZOË", {"s-zoe"}),
        ("ÅNGSTRÖM", {"c-nord"}),
        ("Ångström", {"c-nord"}),
        ("İLKAY", {"s-ilkay"}),
        ("İlkay", {"s-ilkay"}),
        ("GÜNDOĞAN", {"s-ilkay"}),
        ("SØREN", {"s-soren"}),
        ("Strauß", {"s-will"}),
        ("NOÉMIE", {"s-noemie"}),
        # Titles fold too, and a prefix typed with its accent finds the word.
        ("general", {"s-tomas-r", "s-thomas"}),
        ("GÉNÉRAL", {"s-tomas-r", "s-thomas"}),
        ("schrö", {"s-uwe", "s-ida"}),
        # Words a folding analyzer may treat as stop words are still found.
        ("it", {"d-it"}),
        ("will", {"s-will"}),
        ("will strauss", {"s-will"}),
        ("IT strauss", set()),
    ],
)
async def test_search_ignores_case_and_accents(folded: GraphStore, text: str, wanted: set[str]) -> None:
    assert await _found(folded, text) == wanted


AERO = {"c-aero", "s-jens", "s-soren"}
MULLER = {"s-anna", "s-petra"}


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        # Prefixes typed plain find words with accents after them or inside them...
        ("schro", {"s-uwe", "s-ida"}),
        ("schrod", {"s-uwe", "s-ida"}),
        ("tom", {"s-tomas-r", "s-tomas-p"}),
        ("toma", {"s-tomas-r", "s-tomas-p"}),
        ("mull", MULLER),
        ("muller", MULLER),
        ("mu", MULLER),
        ("stras", {"c-strasse"}),
        ("strasse", {"c-strasse"}),
        ("aero", AERO),
        ("aer", AERO),
        ("aerosk", {"c-aero"}),
        ("oste", {"s-karin"}),
        ("ostergaard", {"s-karin"}),
        # ...typed with accents they find the plain words too...
        ("Schröder", {"s-uwe", "s-ida"}),
        ("tomá", {"s-tomas-r", "s-tomas-p"}),
        ("müll", MULLER),
        ("straß", {"c-strasse"}),
        # ...and capitals outside ASCII, typed or stored, are prefixes like any letter.
        ("Øster", {"s-karin"}),
        ("østerg", {"s-karin"}),
        ("ÆRØ", AERO),
        ("Ærøsk", {"c-aero"}),
        ("ÆR", AERO),
        ("MÜLL", MULLER),
    ],
)
async def test_every_prefix_ignores_case_and_accents(folded: GraphStore, text: str, wanted: set[str]) -> None:
    assert await _found(folded, text) == wanted


@pytest.mark.parametrize(
    ("short", "longer", "wanted"),
    [("øst", "øste", {"s-karin"}), ("ost", "oste", {"s-karin"}), ("ae", "aer", AERO), ("Æ", "ÆR", AERO)],
)
async def test_short_prefixes_of_a_word_that_begins_accented(
    folded: GraphStore, short: str, longer: str, wanted: set[str]
) -> None:
    # FalkorDB reaches a word that begins with a capital outside ASCII through
    # the plain letters after it: a prefix must hold three of them, or reach
    # the next accent (README, "Search limits").  Neo4j folds every prefix.
    assert await _found(folded, short) == (set() if folded.engine.name == "falkordb" else wanted)
    assert await _found(folded, longer) == wanted


async def test_folding_does_not_widen_a_match(folded: GraphStore) -> None:
    # "Thomas" is one edit from "tomas" but not the same word, accents aside.
    assert "s-thomas" not in await _found(folded, "tomas")
    assert await _found(folded, "thomas") == {"s-thomas"}
    assert await _found(folded, "tomas plain") == {"s-tomas-p"}
    assert await _found(folded, "zoey") == set()


async def test_folded_search_keeps_labels_and_limits(folded: GraphStore) -> None:
    assert await _found(folded, "angstrom", labels=[Label.STAKEHOLDER]) == set()
    assert await _found(folded, "angstrom", labels=[Label.CUSTOMER]) == {"c-nord"}
    hits = await folded.search("tomas", limit=1)
    assert len(hits) == 1


async def test_many_near_misses_do_not_crowd_out_the_match(store: GraphStore) -> None:
    # Every word one letter away from "tomas", each rarer (so ranked higher
    # by a fuzzy index) than the three accented names wanted.
    near = sorted(
        {"tomas"[:i] + c + "tomas"[i + 1 :] for i in range(5) for c in string.ascii_lowercase} - {"tomas"}
    )
    people = [_person(f"near-{word}", f"{word.title()} Neighbour") for word in near]
    doc = {
        "nodes": [*people, *(_person(f"t-{i}", f"Tomás Reyes {i}") for i in range(3))],
        "relationships": [],
    }
    report = await import_document(store, doc)
    assert report.ok, report.errors
    assert await _found(store, "tomas", limit=3) == {"s-t-0", "s-t-1", "s-t-2"}


async def test_a_name_written_outside_the_store_is_found_by_its_next_prefix(folded: GraphStore) -> None:
    # Another tool writes straight to the database: no step of relgraph's in between.
    rename = "MATCH (n:Stakeholder {id: 's-anna'}) SET n.name = 'Bjørn ØSTBY'"
    await folded.engine.write(Write("TEST_RAW_RENAME", rename), {})
    assert await _found(folded, "ostb") == {"s-anna"}
    assert await _found(folded, "bjo") == {"s-anna"}
    assert await _found(folded, "mull") == {"s-petra"}


async def test_a_graph_missing_the_folding_index_gets_it_at_start_up(graph_target: GraphTarget) -> None:
    settings = await graph_target.fresh_settings()
    async with open_store(settings) as opened:
        report = await import_document(opened, DOC)
        assert report.ok, report.errors
        # As a graph written before the folding index existed.
        if opened.engine.name == "neo4j":
            await opened.engine.write(Write("test_drop_search_index", f"DROP INDEX {FOLDED_INDEX}"), {})
        else:
            await opened.engine.write(Write("test_drop_search_index", FALKOR_DROP_FULLTEXT), {})
            await opened.engine.write(Write("test_drop_run_index", FALKOR_DROP_RUNS), {})
    try:
        async with open_store(dataclasses.replace(settings)) as reopened:
            assert await _found(reopened, "schroder") == {"s-uwe", "s-ida"}
            assert await _found(reopened, "oster") == {"s-karin"}
            assert await _found(reopened, "it") == {"d-it"}
    finally:
        async with open_store(settings) as opened:
            await opened.engine.drop_all()


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Tomás REYES", "tomas reyes"),
        ("Straße", "strasse"),
        ("Søren Ærø", "soren aero"),
        ("İlkay Gündoğan", "ilkay gundogan"),
        ("Łukasz Đoković", "lukasz dokovic"),
        ("Y\u0131lmaz", "yilmaz"),  # dotless i
        ("Noe\u0301mie", "noemie"),
        ("Plain ASCII", "plain ascii"),
    ],
)
def test_fold_matches_lucene_ascii_folding_on_latin_letters(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_folded_terms_stay_plain_words() -> None:
    # A compatibility form can hold query syntax: "⑴" folds to "(1)".
    assert folded_terms(terms("⑴ Tomás")) == ["1", "tomas"]


def test_run_terms_name_the_runs_a_matching_word_can_begin_with() -> None:
    terms = run_terms("aero")
    # No accent, an accent after "a", "ae" or "aer", an accented first letter
    # ("À…", "Æ…", and three letters' worth) followed by plain letters.
    assert {"aero*", "a", "ae", "aer", "ero*", "e", "er", "ero", "r", "ro", "o"} <= set(terms)
    assert "st*" not in run_terms("ost")  # too short a tail: the documented limit
    assert "ste*" in run_terms("oste")


def test_run_terms_are_bounded_for_any_word() -> None:
    assert max(len(run_terms("x" * size)) for size in range(1, 201)) <= MAX_RUN_TERMS
    assert len(run_terms("abcdefghijklmnopqrstuvwxyz" * 7)) == MAX_RUN_TERMS
