"""FalkorDB's own statements: its DDL, full-text search, and the packed form of each bulk read.

Everything else FalkorDB runs is the portable statement of ``graph_model.cypher``,
as Neo4j does.  A packed read is a named variant of a portable column read,
looked up by the read's name (``PACKED_READS``), never by its text.
"""

from __future__ import annotations

from typing import Final

from graph_model.cypher import COLUMN_READS, WRITE_BUILDERS
from graph_model.engines.falkor_columns import packed_statement
from graph_model.model import ACCOUNT_PROPERTY, ENTITY_LABEL, LOG_LABEL, Label, RelType

FALKOR_RANGE_INDEXES: Final = {
    "id": f"CREATE INDEX FOR (n:{ENTITY_LABEL}) ON (n.id)",
    ACCOUNT_PROPERTY: f"CREATE INDEX FOR (n:{ENTITY_LABEL}) ON (n.{ACCOUNT_PROPERTY})",
}
# No index on the log's times: FalkorDB 4.16 answers ``c.at < $cutoff`` from
# a range index on strings with every entry, older or not (a scan is right).
FALKOR_LOG_INDEXES: Final = {"seq": f"CREATE INDEX FOR (c:{LOG_LABEL}) ON (c.seq)"}
FALKOR_FULLTEXT_INDEX: Final = f"CALL db.idx.fulltext.createNodeIndex('{ENTITY_LABEL}', 'name', 'title')"
# The run indexes (one per label: FalkorDB allows one full-text index per
# label, and Entity has its own): the same words cut at every letter outside
# ASCII by the ``chinese`` tokenizer, stop words off; see
# ``graph_model.engines.redisearch_query``.
RUN_INDEX_LANGUAGE: Final = "chinese"
FALKOR_RUN_INDEXES: Final = {
    label: (
        f"CALL db.idx.fulltext.createNodeIndex({{label: '{label.value}', "
        f"language: '{RUN_INDEX_LANGUAGE}', stopwords: []}}, 'name', 'title')"
    )
    for label in Label
}
FALKOR_LIST_INDEXES: Final = "CALL db.indexes() YIELD label, types RETURN label, types"
# Search reads its candidates light (no properties), best first, and then the
# properties of those it keeps, by id (see ``FalkorEngine.search``).
FALKOR_SEARCH_CANDIDATES: Final = (
    f"CALL db.idx.fulltext.queryNodes('{ENTITY_LABEL}', $query) YIELD node, score "
    f"WITH node AS n, score "
    f"WHERE ($seeAll OR n.{ACCOUNT_PROPERTY} IS NULL OR n.{ACCOUNT_PROPERTY} IN $accounts) "
    "AND ($labels IS NULL OR any(l IN labels(n) WHERE l IN $labels)) "
    "RETURN n.id AS id, n.name AS name, n.title AS title, score "
    "ORDER BY score DESC, n.id LIMIT $limit"
)
FALKOR_SEARCH_RUN_CANDIDATES: Final = (
    "UNWIND $runLabels AS label "
    "CALL db.idx.fulltext.queryNodes(label, $query) YIELD node, score "
    f"WITH node AS n, score "
    f"WHERE ($seeAll OR n.{ACCOUNT_PROPERTY} IS NULL OR n.{ACCOUNT_PROPERTY} IN $accounts) "
    "RETURN n.id AS id, n.name AS name, n.title AS title, score "
    "ORDER BY score DESC, n.id LIMIT $limit"
)
FALKOR_SEARCH_HITS: Final = (
    f"UNWIND $ids AS id MATCH (n:{ENTITY_LABEL} {{id: id}}) "
    "RETURN n.id AS id, labels(n) AS labels, properties(n) AS props"
)

# Graphs written by earlier versions kept a JSON copy of every entity's
# properties in this property; it is removed once, at start-up.
LEGACY_DOCUMENT_PROPERTY: Final = "_json"
FALKOR_HAS_LEGACY_DOCUMENTS: Final = (
    f"OPTIONAL MATCH (n:{ENTITY_LABEL}) WHERE n.{LEGACY_DOCUMENT_PROPERTY} IS NOT NULL "
    "WITH n LIMIT 1 RETURN n IS NOT NULL AS found"
)
FALKOR_DROP_LEGACY_DOCUMENTS: Final = {
    **{
        f"DROP_DOCUMENTS_{label.name}": (
            f"MATCH (n:{label.value}) WHERE n.{LEGACY_DOCUMENT_PROPERTY} IS NOT NULL "
            f"SET n.{LEGACY_DOCUMENT_PROPERTY} = NULL"
        )
        for label in Label
    },
    **{
        f"DROP_DOCUMENTS_{rel.name}": (
            f"MATCH ()-[r:{rel.value}]->() WHERE r.{LEGACY_DOCUMENT_PROPERTY} IS NOT NULL "
            f"SET r.{LEGACY_DOCUMENT_PROPERTY} = NULL"
        )
        for rel in RelType
    },
    "DROP_DOCUMENTS_VERSION": "MATCH (m:GraphMeta {id: 'graph'}) SET m.documents = NULL",
}

# Every write of the catalogue with its subqueries opened the way FalkorDB
# parses them (``CALL {``; Neo4j 5 has deprecated that form for ``CALL () {``).
FALKOR_SUBQUERY_CALL: Final = "CALL {"
FALKOR_WRITES: Final[dict[str, str]] = {
    name: build(FALKOR_SUBQUERY_CALL) for name, build in WRITE_BUILDERS.items()
}

# Every bulk read of the catalogue, packed.
PACKED_READS: Final[dict[str, str]] = {name: packed_statement(read) for name, read in COLUMN_READS.items()}

FALKOR_STATEMENTS: Final[dict[str, str]] = {
    **{f"FALKOR_INDEX_{key}": text for key, text in FALKOR_RANGE_INDEXES.items()},
    **{f"FALKOR_LOG_INDEX_{key}": text for key, text in FALKOR_LOG_INDEXES.items()},
    "FALKOR_FULLTEXT_INDEX": FALKOR_FULLTEXT_INDEX,
    **{f"FALKOR_RUN_INDEX_{label.name}": text for label, text in FALKOR_RUN_INDEXES.items()},
    "FALKOR_LIST_INDEXES": FALKOR_LIST_INDEXES,
    "FALKOR_SEARCH_CANDIDATES": FALKOR_SEARCH_CANDIDATES,
    "FALKOR_SEARCH_RUN_CANDIDATES": FALKOR_SEARCH_RUN_CANDIDATES,
    "FALKOR_SEARCH_HITS": FALKOR_SEARCH_HITS,
    "FALKOR_HAS_LEGACY_DOCUMENTS": FALKOR_HAS_LEGACY_DOCUMENTS,
    **FALKOR_DROP_LEGACY_DOCUMENTS,
    **{f"PACKED_{name}": text for name, text in PACKED_READS.items()},
    **{f"FALKOR_{name}": text for name, text in FALKOR_WRITES.items()},
}
