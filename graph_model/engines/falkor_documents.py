"""FalkorDB keeps each node's and relationship's properties a second time, as one JSON document.

A full relationship map reads about seventeen property columns per
relationship and a dozen per node.  FalkorDB's cost is per value read, so
those columns took most of a map's time although most of them are null; one
document per entity is one value.

The document is written by the same statement that writes the properties
(each statement is atomic, so the two never disagree) and built by the
engine from what is stored after the write, so an update that names some
properties, or removes one, is reflected exactly.  The engine's ``toJSON``
does not escape text, so free text holding a quote, a backslash or a control
character is escaped here with ``replace`` (validation refuses NUL, which
the wire format cannot carry); enum values and date-times never need it.
Numbers and booleans go through ``toJSON``, the conversion the column reads
use too; a whole double gets a fraction, so it is parsed as a double.  Only
the properties the model declares are kept: a read of the document sees
what a read of the columns would.

Data written before documents existed is given them at start-up
(``BACKFILL``); until then, and for any entity still lacking one, reads
take the column path.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from typing import Any, Final

from graph_model import cypher
from graph_model.columns import ColumnKind
from graph_model.model import (
    DOCUMENT_PROPERTY,
    META_LABEL,
    REL_SPECS,
    Label,
    PropSpec,
    PropType,
    RelType,
    node_properties,
)

ESCAPES_PARAMETER: Final = "jsonEscapes"
SPECIAL_PARAMETER: Final = "jsonSpecial"
# What JSON escapes in a string (RE2 syntax).
JSON_SPECIAL: Final = r'[\x00-\x1f"\\]'
# (character, JSON escape) pairs, backslash first so escapes are not escaped again.
JSON_ESCAPES: Final = [
    ["\\", "\\\\"],
    ['"', '\\"'],
    *([chr(code), f"\\u{code:04x}"] for code in range(1, 0x20)),
]
DOCUMENT_PARAMETERS: Final = {ESCAPES_PARAMETER: JSON_ESCAPES, SPECIAL_PARAMETER: JSON_SPECIAL}

# Raised when the encoding changes: the start-up backfill then rewrites every document.
DOCUMENT_VERSION: Final = 1

BACKFILL_BATCH: Final = 20_000


def _entry(entity: str, key: str, kind: ColumnKind, *, free_text: bool) -> str:
    value = f"{entity}.{key}"
    if kind in (ColumnKind.TEXT, ColumnKind.ID):
        if not free_text:
            # Enum values and normalised date-times hold nothing to escape.
            return f"'\"{key}\":\"' + {value} + '\"'"
        # One scan finds the rare text that needs escaping; thirty-odd
        # replaces on every text would double the cost of a bulk load.
        escaped = f"reduce(s = {value}, e IN ${ESCAPES_PARAMETER} | replace(s, e[0], e[1]))"
        plain = f"size(string.matchRegEx({value}, ${SPECIAL_PARAMETER})) = 0"
        return f"'\"{key}\":\"' + CASE WHEN {plain} THEN {value} ELSE {escaped} END + '\"'"
    if kind is ColumnKind.FLOAT:
        # toJSON writes a whole double as an integer (1.0 as 1): keep it a
        # double for the parser on the other side.
        number = f"toJSON({value})"
        fraction = f"{number} CONTAINS '.' OR {number} CONTAINS 'e' OR {number} CONTAINS 'E'"
        return f"'\"{key}\":' + CASE WHEN {fraction} THEN {number} ELSE {number} + '.0' END"
    return f"'\"{key}\":' + toJSON({value})"


def document_expression(entity: str, keys: Mapping[str, ColumnKind], free_text: Set[str]) -> str:
    """A JSON object of ``entity``'s properties among ``keys``; a null property is left out.

    Only the keys in ``free_text`` may hold characters JSON escapes.
    """
    entries = ", ".join(_entry(entity, key, kind, free_text=key in free_text) for key, kind in keys.items())
    return f"'{{' + string.join([x IN [{entries}] WHERE x IS NOT NULL], ',') + '}}'"


def _set_document(entity: str, keys: Mapping[str, ColumnKind], specs: Mapping[str, PropSpec]) -> str:
    # FalkorDB evaluates consecutive SET clauses before applying any of them:
    # WITH makes the document see the properties just written.
    free_text = {key for key, spec in specs.items() if spec.type is PropType.STRING}
    document = document_expression(entity, keys, free_text)
    return f"WITH {entity} SET {entity}.{DOCUMENT_PROPERTY} = {document} "


def _set_node_document(label: Label) -> str:
    return _set_document("n", cypher.stored_node_properties(label), node_properties(label))


def _set_rel_document(rel: RelType) -> str:
    return _set_document("r", cypher.stored_rel_properties(rel), REL_SPECS[rel].properties)


def _documented_writes() -> dict[str, str]:
    writes = {
        cypher.UPSERT_NODES[label]: cypher.upsert_nodes(label, then=_set_node_document(label))
        for label in Label
    }
    writes |= {
        cypher.UPSERT_RELS[rel]: cypher.upsert_rels(rel, then=_set_rel_document(rel)) for rel in RelType
    }
    writes[cypher.RECORD_CONTACT] = cypher.record_contact(then=_set_rel_document(RelType.RELATES_TO))
    return writes


# Every portable statement that changes a document's properties, and its
# FalkorDB form, which rewrites the document too.
DOCUMENTED_WRITES: Final = _documented_writes()


def documented(statement: str, params: Mapping[str, Any]) -> tuple[str, Mapping[str, Any]]:
    """The statement FalkorDB runs for ``statement``, with its parameters."""
    replacement = DOCUMENTED_WRITES.get(statement)
    if replacement is None:
        return statement, params
    return replacement, {**params, **DOCUMENT_PARAMETERS}


def _backfill_nodes(label: Label) -> str:
    return (
        f"MATCH (n:{label.value}) WHERE n.{DOCUMENT_PROPERTY} IS NULL WITH n LIMIT $batch "
        f"{_set_node_document(label)}RETURN count(n) AS written"
    )


def _backfill_rels(rel: RelType) -> str:
    return (
        f"MATCH ()-[r:{rel.value}]->() WHERE r.{DOCUMENT_PROPERTY} IS NULL WITH r LIMIT $batch "
        f"{_set_rel_document(rel)}RETURN count(r) AS written"
    )


# Statements giving a batch of undocumented entities their documents, each
# repeated until it writes nothing.
BACKFILL: Final = [_backfill_nodes(label) for label in Label] + [_backfill_rels(rel) for rel in RelType]

VERSION_READ: Final = f"OPTIONAL MATCH (m:{META_LABEL} {{id: 'graph'}}) RETURN m.documents AS documents"
VERSION_WRITE: Final = f"MERGE (m:{META_LABEL} {{id: 'graph'}}) SET m.documents = $version"
# A document that was written by an older encoding is rebuilt by clearing it first.
_CLEAR = [f"MATCH (n:{label.value}) SET n.{DOCUMENT_PROPERTY} = NULL" for label in Label]
CLEAR: Final = _CLEAR + [f"MATCH ()-[r:{rel.value}]->() SET r.{DOCUMENT_PROPERTY} = NULL" for rel in RelType]
