"""Every statement the project can send to Neo4j, for the Cypher lint."""

from graph_model.cypher import LOG_STORED_KEYS, STATEMENTS
from graph_model.engines.neo4j_statements import NEO4J_STATEMENTS
from graph_model.model import ENTITY_LABEL, LOG_LABEL, META_LABEL, Label, RelType, all_property_keys


def neo4j_statements() -> dict[str, str]:
    return {**STATEMENTS, **NEO4J_STATEMENTS}


def schema_vocabulary() -> dict[str, list[str]]:
    return {
        "labels": sorted([label.value for label in Label] + [ENTITY_LABEL, META_LABEL, LOG_LABEL]),
        "relationshipTypes": sorted(t.value for t in RelType),
        "propertyKeys": sorted(all_property_keys() | LOG_STORED_KEYS),
    }
