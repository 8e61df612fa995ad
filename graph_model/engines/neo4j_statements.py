"""Neo4j-only statements: schema DDL, full-text search, and the collected form of each bulk read.

With the portable catalogue they are everything Neo4j runs, which the Neo4j
lint checks against the model's vocabulary (``neo4j_statements``, ``schema_vocabulary``).
"""

from __future__ import annotations

from typing import Final

from graph_model.columns import ColumnRead
from graph_model.cypher import COLUMN_READS, LOG_STORED_KEYS, STATEMENTS
from graph_model.model import (
    ACCOUNT_PROPERTY,
    ENTITY_LABEL,
    LOG_LABEL,
    META_LABEL,
    Label,
    RelType,
    all_property_keys,
)

WORDS_INDEX: Final = "entity_text"
FOLDED_INDEX: Final = "entity_text_folded"

NEO4J_SCHEMA: Final[dict[str, str]] = {
    "NEO4J_ENTITY_ID_UNIQUE": (
        f"CREATE CONSTRAINT entity_id_unique IF NOT EXISTS FOR (n:{ENTITY_LABEL}) REQUIRE n.id IS UNIQUE"
    ),
    "NEO4J_META_ID_UNIQUE": (
        f"CREATE CONSTRAINT graph_meta_id_unique IF NOT EXISTS FOR (n:{META_LABEL}) REQUIRE n.id IS UNIQUE"
    ),
    "NEO4J_ENTITY_ACCOUNT_INDEX": (
        f"CREATE INDEX entity_account IF NOT EXISTS FOR (n:{ENTITY_LABEL}) ON (n.{ACCOUNT_PROPERTY})"
    ),
    "NEO4J_CHANGE_SEQ_INDEX": f"CREATE INDEX change_seq IF NOT EXISTS FOR (c:{LOG_LABEL}) ON (c.seq)",
    "NEO4J_CHANGE_AT_INDEX": f"CREATE INDEX change_at IF NOT EXISTS FOR (c:{LOG_LABEL}) ON (c.at)",
    "NEO4J_ENTITY_FULLTEXT": (
        f"CREATE FULLTEXT INDEX {WORDS_INDEX} IF NOT EXISTS FOR (n:{ENTITY_LABEL}) ON EACH [n.name, n.title]"
    ),
    "NEO4J_ENTITY_FULLTEXT_FOLDED": (
        f"CREATE FULLTEXT INDEX {FOLDED_INDEX} IF NOT EXISTS "
        f"FOR (n:{ENTITY_LABEL}) ON EACH [n.title, n.name] "
        "OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}}"
    ),
}
# An index added to an existing graph is filled in the background, and a
# search waits for it; start-up waits instead, so requests never time out on it.
NEO4J_AWAIT_FOLDED_INDEX: Final = f"CALL db.awaitIndex('{FOLDED_INDEX}', 3600)"
# Two indexes over the same words, because Neo4j's only folding analyzer
# also drops English stop words ("IT", "Will", "An"): the plain index finds
# those, the folded one finds "Tomás" for "tomas".  Neo4j allows one index per
# label and property list, so the folded one lists the properties the other
# way round (``IF NOT EXISTS`` would otherwise skip it without a word).
# Each term is looked up in both indexes and a node must match every term in
# one or the other, as on FalkorDB; Lucene folds the words it indexes but not
# prefix terms, so ``$folded`` holds each term folded already.
NEO4J_SEARCH: Final = (
    "UNWIND range(0, size($terms) - 1) AS i "
    "CALL (i) { "
    f"CALL db.index.fulltext.queryNodes('{WORDS_INDEX}', $terms[i]) YIELD node, score RETURN node, score "
    "UNION ALL "
    f"CALL db.index.fulltext.queryNodes('{FOLDED_INDEX}', $folded[i]) YIELD node, score RETURN node, score "
    "} "
    "WITH i, node, max(score) AS score "
    "WITH node AS n, count(i) AS matched, sum(score) AS score "
    "WHERE matched = size($terms) "
    f"AND ($seeAll OR n.{ACCOUNT_PROPERTY} IS NULL OR n.{ACCOUNT_PROPERTY} IN $accounts) "
    "AND ($labels IS NULL OR any(l IN labels(n) WHERE l IN $labels)) "
    "RETURN n.id AS id, labels(n) AS labels, properties(n) AS props, score "
    "ORDER BY score DESC, n.id LIMIT $limit"
)
NEO4J_DROP_BATCH: Final = "MATCH (n) WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS deleted"


def _collected(read: ColumnRead) -> str:
    # A list per row inside one list keeps nulls in place (collect() drops a bare null).
    values = ", ".join(column.expression for column in read.flat_columns)
    return f"{read.pattern} RETURN collect([{values}]) AS rows"


# Every bulk read of the catalogue as one record holding every row: the
# driver decodes one large list far faster than as many records, which made
# whole-graph exports outlast the statement time limit.
COLLECTED_READS: Final[dict[str, str]] = {name: _collected(read) for name, read in COLUMN_READS.items()}

NEO4J_STATEMENTS: Final[dict[str, str]] = {
    **NEO4J_SCHEMA,
    "NEO4J_AWAIT_FOLDED_INDEX": NEO4J_AWAIT_FOLDED_INDEX,
    "NEO4J_SEARCH": NEO4J_SEARCH,
    "NEO4J_DROP_BATCH": NEO4J_DROP_BATCH,
    **{f"NEO4J_COLLECTED_{name}": text for name, text in COLLECTED_READS.items()},
}


def neo4j_statements() -> dict[str, str]:
    """Every statement the project can send to Neo4j: the portable catalogue and Neo4j's own forms."""
    return {**STATEMENTS, **NEO4J_STATEMENTS}


def schema_vocabulary() -> dict[str, list[str]]:
    """The labels, relationship types and property keys the lint accepts as Neo4j's schema."""
    return {
        "labels": sorted([label.value for label in Label] + [ENTITY_LABEL, META_LABEL, LOG_LABEL]),
        "relationshipTypes": sorted(t.value for t in RelType),
        "propertyKeys": sorted(all_property_keys() | LOG_STORED_KEYS),
    }
