"""Every Cypher statement the store sends to either engine, in one place.

Statements are parameterised constants.  Labels and relationship types are
spliced in only from the model's enums (never from user input), which is why
some families are generated per label or per type at import time.  All of
them are registered in ``STATEMENTS`` so the Neo4j semantic lint test sees
every statement the project can send.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Final

from graph_model.columns import Column, ColumnKind, ColumnRead, PropertyGroup
from graph_model.model import (
    ACCOUNT_PROPERTY,
    ENTITY_LABEL,
    LOG_LABEL,
    META_LABEL,
    NODE_SPECS,
    OWNERSHIP_TYPES,
    REL_SPECS,
    SINGLE_TARGET_TYPES,
    TIMESTAMP_PROPERTIES,
    Direction,
    Label,
    PropSpec,
    PropType,
    RelType,
    node_properties,
)

STATEMENTS: dict[str, str] = {}
# Bulk reads by name; an engine may ship one in a form of its own, chosen by
# this name from its own catalogue (FalkorDB's packed columns).
COLUMN_READS: dict[str, ColumnRead] = {}


def _register(name: str, text: str) -> str:
    STATEMENTS[name] = text
    return text


def _registered(read: ColumnRead) -> ColumnRead:
    _register(read.name, read.statement)
    COLUMN_READS[read.name] = read
    return read


def _column_read(
    name: str, pattern: str, columns: tuple[Column, ...], groups: tuple[PropertyGroup, ...] = ()
) -> ColumnRead:
    return _registered(ColumnRead(name, pattern, columns, groups))


E: Final = ENTITY_LABEL
ACC: Final = ACCOUNT_PROPERTY

_COLUMN_KINDS: Final = {
    PropType.INT: ColumnKind.INT,
    PropType.FLOAT: ColumnKind.FLOAT,
    PropType.BOOL: ColumnKind.BOOL,
}


def _kind(spec: PropSpec) -> ColumnKind:
    return _COLUMN_KINDS.get(spec.type, ColumnKind.TEXT)


# Visibility rule shared by every scoped read: shared nodes (no owning
# account) are visible to all, owned nodes only inside the caller's accounts.
def _visible(var: str) -> str:
    return f"($seeAll OR {var}.{ACC} IS NULL OR {var}.{ACC} IN $accounts)"


_OWNERSHIP = "|".join(t.value for t in OWNERSHIP_TYPES)


# --- writes -----------------------------------------------------------------
# Every write is one statement, so it lands whole or not at all on both
# engines (FalkorDB runs each statement atomically and has no multi-statement
# transactions; replaying a MULTI/EXEC block from its append-only file crashes
# it).  A write made of several steps runs each as a ``CALL {}`` subquery of
# that one statement, in order, each seeing what the ones before it wrote.
#
# Each statement ends by adding the number of entities it changed to the
# graph version: a write that changes nothing (the same value set again, a
# re-import of the same file) leaves the version, and every cache keyed by
# it, as it was.
@dataclass(frozen=True)
class Write:
    """A write statement of the catalogue: its name, and its portable text (the form Neo4j runs)."""

    name: str
    text: str


# How each write is built from the opener of its subqueries: Neo4j 5 wants
# ``CALL () {``, FalkorDB knows only ``CALL {`` (Neo4j's deprecated form),
# so an engine builds its own form of a write from here, by name.
WRITE_BUILDERS: dict[str, Callable[[str], str]] = {}


def _write(name: str, build: Callable[[str], str]) -> Write:
    WRITE_BUILDERS[name] = build
    return Write(name, _register(name, build("CALL () {")))


def _importing(call: str, variables: str) -> str:
    """Open a subquery that sees ``variables``.

    Neo4j 5 names them in the opener, FalkorDB imports them with a leading WITH.
    """
    return f"CALL ({variables}) {{ " if call.startswith("CALL (") else f"{call} WITH {variables} "


# --- the change log ---------------------------------------------------------
# Each step of a write stores one entry per entity it changed, as a node of
# its own label, right where it sees the change: kind (NODE / RELATIONSHIP),
# op (CREATED / UPDATED / DELETED), name (label or type), ids (the node's id,
# or the relationship's from and to), and the model's properties before and
# after (an update keeps only those that moved; personal ones only as the
# word "changed"), one stored property per model property and side
# (``b_<name>`` / ``a_<name>``), so values keep their types on both engines
# (Neo4j stores no maps).  The step hands on only a reference to the entry
# and to the entity's ends; the closing numbers the entries from the graph
# version on, in the order the steps ran, and gives each the accounts its
# ends belong to once the write is done.
#
# Why this shape (measured with FalkorDB's GRAPH.PROFILE on a 20,000-row
# import): carrying the entries as maps to the end of the statement cost more
# than storing them, because FalkorDB copies a list of maps each time a
# clause projects or concatenates it, and finding each entry's ends again by
# id cost two index look-ups per entry.  References are copied for free.
def _merged_specs(groups: Iterable[Mapping[str, PropSpec]]) -> dict[str, PropSpec]:
    merged: dict[str, PropSpec] = {}
    for group in groups:
        for name, spec in group.items():
            merged.setdefault(name, spec)
    return merged


LOG_NODE_PROPERTIES: Final = _merged_specs(node_properties(label) for label in Label)
LOG_REL_PROPERTIES: Final = _merged_specs(spec.properties for spec in REL_SPECS.values())
LOG_PROPERTIES: Final = _merged_specs((LOG_NODE_PROPERTIES, LOG_REL_PROPERTIES))
PII_CHANGED: Final = "changed"


def log_key(side: str, name: str) -> str:
    """The stored property holding ``name``'s value on one side (``before`` / ``after``) of an entry."""
    return f"{side[0]}_{name}"


def _masked(spec: PropSpec, value: str, unchanged: str = "false") -> str:
    """``value`` as an entry stores it: personal values only as the word "changed", nothing if unchanged."""
    if spec.pii:
        return f"CASE WHEN {unchanged} OR {value} IS NULL THEN NULL ELSE '{PII_CHANGED}' END"
    return value if unchanged == "false" else f"CASE WHEN {unchanged} THEN NULL ELSE {value} END"


def _whole(specs: Mapping[str, PropSpec], var: str) -> dict[str, str]:
    """Every property of ``var`` (an entity about to be deleted) as its ``before``."""
    return {log_key("before", name): _masked(spec, f"{var}.{name}") for name, spec in specs.items()}


def _moved(specs: Mapping[str, PropSpec]) -> dict[str, str]:
    """The properties that differ between the maps ``before`` and ``after``, on both sides."""
    values: dict[str, str] = {}
    for side in ("before", "after"):
        for name, spec in specs.items():
            values[log_key(side, name)] = _masked(spec, f"{side}.{name}", f"before.{name} = after.{name}")
    return values


_OP_UPSERT: Final = "CASE WHEN before IS NULL THEN 'CREATED' ELSE 'UPDATED' END"


def _entry(kind: str, op: str, name: str, ends: tuple[str, ...], values: Mapping[str, str]) -> str:
    """The pattern of a new entry (its number and, for an upsert, its accounts come at the closing)."""
    ids = ", ".join(f"{v}.id" for v in ends)
    props = "".join(f", {key}: {value}" for key, value in values.items())
    head = f"at: $now, actor: $actor, kind: '{kind}', op: {op}, name: {name}, ids: [{ids}]"
    return f"(c:{LOG_LABEL} {{{head}{props}}})"


def _accounts_of(ends: tuple[str, ...]) -> str:
    return f"[acc IN [{', '.join(f'{v}.{ACC}' for v in ends)}] WHERE acc IS NOT NULL]"


def _log_if_changed(
    call: str,
    carried: str,
    name: str,
    ends: tuple[str, ...],
    specs: Mapping[str, PropSpec],
    logged: bool = True,
) -> str:
    """Store the entry of an upserted entity if it changed; leaves ``carried`` and ``c`` (entry or null)."""
    if not logged:
        return ""
    kind = "NODE" if len(ends) == 1 else "RELATIONSHIP"
    entry = _entry(kind, _OP_UPSERT, name, ends, _moved(specs))
    return (
        f"WITH {carried} {_importing(call, carried)}WITH * WHERE changed "
        f"CREATE {entry} RETURN collect(c)[0] AS c }} "
    )


def _logged_upserts(ends: tuple[str, ...], logged: bool = True) -> str:
    """A step's entries for the closing: each with the ends whose accounts it takes once the write is done."""
    if not logged:
        return "sum(CASE WHEN changed THEN 1 ELSE 0 END)"
    refs = ", ".join((*ends, "null")[:2])
    return f"collect(CASE WHEN c IS NULL THEN NULL ELSE [c, {refs}] END)"


def _deleted_entry(kind: str, name: str, ends: tuple[str, ...], before: Mapping[str, str]) -> str:
    """The entry of an entity about to be deleted, holding the accounts its ends have now."""
    accounts = {"accounts": _accounts_of(ends)}
    return _entry(kind, "'DELETED'", name, ends, {**accounts, **before})


# Every property a log entry (or the version node) may hold.
LOG_STORED_KEYS: Final = frozenset(
    {"seq", "at", "actor", "kind", "op", "name", "ids", "accounts", "writeLock"}
    | {log_key(side, name) for side in ("before", "after") for name in LOG_PROPERTIES}
)


def _closing(call: str, entries: str, result: str, name: str, *, logged: bool = True) -> str:
    """Number the write's entries, give them their accounts, and move the graph version to the last number.

    ``entries`` is a list of ``[entry, end, end]``: an entry with ends takes
    their accounts now, after every step (a node an import creates gets its
    account from a link later in the same write); one without (a deleted
    entity's) keeps those it was stored with.  Leaves ``name`` (bound to
    ``result``) and ``changes`` (the number of entries) in scope.  Not
    ``logged``, ``entries`` is the number of entities changed.
    """
    if not logged:
        return (
            f"WITH {result} AS {name}, {entries} AS changes "
            f"MERGE (m:{META_LABEL} {{id: 'graph'}}) "
            "SET m.writeLock = true REMOVE m.writeLock "
            f"SET m.version = coalesce(m.version, 0) + changes WITH {name}, changes "
        )
    return (
        f"WITH {result} AS {name}, {entries} AS entries "
        f"MERGE (m:{META_LABEL} {{id: 'graph'}}) "
        # Lock the version before reading it, so that two Neo4j transactions
        # never number their entries alike (FalkorDB runs one write at a time).
        "SET m.writeLock = true REMOVE m.writeLock "
        f"WITH {name}, entries, m, coalesce(m.version, 0) AS base "
        "SET m.version = base + size(entries) "
        f"WITH {name}, entries, base "
        f"{_importing(call, 'entries, base')}"
        "UNWIND range(0, size(entries) - 1) AS i "
        "WITH base + i + 1 AS seq, entries[i][0] AS c, entries[i][1] AS x, entries[i][2] AS y "
        "SET c.seq = seq, c.accounts = CASE WHEN x IS NULL THEN c.accounts "
        f"ELSE {_accounts_of(('x', 'y'))} END "
        "RETURN count(c) AS logged } "
        f"WITH {name}, size(entries) AS changes "
    )


GET_VERSION = _register(
    "GET_VERSION",
    f"OPTIONAL MATCH (m:{META_LABEL} {{id: 'graph'}}) RETURN coalesce(m.version, 0) AS version",
)


def _set_changed(var: str, props: str, carried: str) -> str:
    """Apply ``props`` to ``var``; ``changed`` tells whether anything moved, and only then ``updatedAt`` does.

    Leaves ``before`` (null for an entity just created, which counts as
    changed) and ``after`` in scope, with ``var`` and the ``carried`` variables.
    A row that carries its own ``updatedAt`` (an import of an export) keeps it.
    """
    return (
        f"WITH {var}, {carried}, "
        f"CASE WHEN {var}.updatedAt IS NULL THEN NULL ELSE properties({var}) END AS before "
        f"SET {var} += {props} "
        f"WITH {var}, {carried}, before, properties({var}) AS after "
        f"WITH {var}, {carried}, before, after, before IS NULL OR after <> before AS changed "
        f"SET {var}.updatedAt = CASE WHEN changed THEN coalesce({props}.updatedAt, $now) "
        f"ELSE {var}.updatedAt END "
    )


LABELS_BY_IDS = _register(
    "LABELS_BY_IDS",
    f"UNWIND $ids AS id MATCH (n:{E} {{id: id}}) RETURN n.id AS id, labels(n) AS labels",
)


def _node_upserts(label: Label, call: str, logged: bool) -> str:
    """Subquery: upsert the ``$n_<LABEL>`` rows (``w_<LABEL>`` written, ``e_<LABEL>`` log entries)."""
    # MERGE on both labels (setting a label on an existing node is slow in
    # FalkorDB); the guard skips ids that belong to another label, so the
    # caller sees fewer rows written instead of a duplicate id.
    own_account = f"n.{ACC} = n.id" if label is Label.CUSTOMER else f"n.{ACC} = row.account"
    specs = node_properties(label)
    return (
        f"{call} UNWIND $n_{label.name} AS row "
        f"OPTIONAL MATCH (other:{E} {{id: row.id}}) WHERE NOT other:{label.value} "
        "WITH row, other WHERE other IS NULL "
        f"MERGE (n:{E}:{label.value} {{id: row.id}}) "
        f"ON CREATE SET n.createdAt = coalesce(row.props.createdAt, $now), {own_account} "
        f"{_set_changed('n', 'row.props', 'row')}"
        f"{_log_if_changed(call, 'n, before, after, changed', repr(label.value), ('n',), specs, logged)}"
        f"RETURN count(n) AS w_{label.name}, {_logged_upserts(('n',), logged)} AS e_{label.name} }} "
    )


def _replaces(rel: RelType, call: str, logged: bool) -> str:
    """Subquery: a single-target type's new link replaces the old (``d_<TYPE>`` log entries)."""
    entry = _entry(
        "RELATIONSHIP", "'DELETED'", repr(rel.value), ("a", "b"), _whole(REL_SPECS[rel].properties, "old")
    )
    return (
        f"{call} UNWIND $r_{rel.name} AS row "
        f"MATCH (a:{E} {{id: row.from}})-[old:{rel.value}]->(b:{E}) "
        f"WHERE b.id <> row.to {f'CREATE {entry} ' if logged else ''}DELETE old "
        f"RETURN {'collect([c, a, b])' if logged else 'count(*)'} AS d_{rel.name} }} "
    )


def _rel_upserts(rel: RelType, call: str, logged: bool) -> str:
    """Subquery: upsert the ``$r_<TYPE>`` rows (``w_<TYPE>`` written, ``e_<TYPE>`` log entries)."""
    specs = REL_SPECS[rel].properties
    ends = ("a", "b")
    return (
        f"{call} UNWIND $r_{rel.name} AS row "
        f"MATCH (a:{E} {{id: row.from}}) MATCH (b:{E} {{id: row.to}}) "
        f"MERGE (a)-[r:{rel.value}]->(b) "
        "ON CREATE SET r.createdAt = coalesce(row.props.createdAt, $now) "
        f"{_set_changed('r', 'row.props', 'row, a, b')}"
        f"{_log_if_changed(call, 'r, a, b, before, after, changed', repr(rel.value), ends, specs, logged)}"
        f"RETURN count(r) AS w_{rel.name}, {_logged_upserts(ends, logged)} AS e_{rel.name} }} "
    )


# The owning account of everything at or below the ``$moved`` nodes, derived
# from structure after the write that moved them: the smallest id among the
# customers reached upwards (directly by BELONGS_TO, or through the
# department a chain of ownership edges ends in).  A node that no longer
# reaches any customer keeps the account it had, so unlinking a person never
# makes them visible to every account.
def _accounts(call: str) -> str:
    return (
        f"{call} UNWIND $moved AS id MATCH (x:{E} {{id: id}}) "
        # No label on y: with one, FalkorDB starts from a scan of every node.
        f"MATCH (y)-[:{_OWNERSHIP}*0..12]->(x) WHERE NOT y:{Label.CUSTOMER.value} "
        "WITH DISTINCT y "
        f"OPTIONAL MATCH (y)-[:{_OWNERSHIP}*0..12]->(top) "
        f"OPTIONAL MATCH (top)<-[:{RelType.HAS_DEPARTMENT.value}]-(c:{Label.CUSTOMER.value}) "
        f"WITH y, min(coalesce(c.id, CASE WHEN top:{Label.CUSTOMER.value} THEN top.id END)) AS found "
        f"WITH y, coalesce(found, y.{ACC}) AS account "
        f"WHERE y.{ACC} IS NULL OR y.{ACC} <> account "
        f"SET y.{ACC} = account RETURN count(y) AS accountsMoved }} "
    )


def _write_graph(call: str, *, logged: bool = True) -> str:
    """Nodes by label, then relationships by type, then the accounts they moved: one statement.

    Parameters: ``$n_<LABEL>`` node rows (id, props, account), ``$r_<TYPE>``
    relationship rows (from, to, props), ``$moved`` the ids whose account may
    have moved, ``$now`` and ``$actor``; any of the lists may be empty.
    """
    steps = [_node_upserts(label, call, logged) for label in Label]
    for rel in RelType:
        if rel in SINGLE_TARGET_TYPES:
            steps.append(_replaces(rel, call, logged))
        steps.append(_rel_upserts(rel, call, logged))
    steps.append(_accounts(call))
    written = [f"w_{label.name}" for label in Label] + [f"w_{rel.name}" for rel in RelType]
    # In the order the steps ran, so replaying the log in reverse undoes the write.
    entries = [f"e_{label.name}" for label in Label]
    for rel in RelType:
        if rel in SINGLE_TARGET_TYPES:
            entries.append(f"d_{rel.name}")
        entries.append(f"e_{rel.name}")
    written_map = ", ".join(f"{w}: {w}" for w in written)
    return (
        "".join(steps)
        + _closing(call, " + ".join(entries), f"{{{written_map}}}", "written", logged=logged)
        + "RETURN written, changes"
    )


# The one statement behind every upsert, link and import.
WRITE_GRAPH = _write("WRITE_GRAPH", _write_graph)
# The same write keeping no log.  The store never sends it: it is the
# baseline the load benchmark measures the log's cost against, in one run.
WRITE_GRAPH_UNLOGGED = _write("WRITE_GRAPH_UNLOGGED", lambda call: _write_graph(call, logged=False))

DEPENDANTS = _register(
    "DEPENDANTS",
    f"MATCH (n:{E} {{id: $id}}) "
    f"OPTIONAL MATCH (n)-[:{RelType.HAS_DEPARTMENT.value}]->(top:{E}) "
    "WITH n, collect(top) AS tops "
    "UNWIND [n] + tops AS root "
    f"OPTIONAL MATCH (d:{E})-[:{_OWNERSHIP}*1..12]->(root) "
    "WITH tops, collect(DISTINCT d.id) AS below "
    "RETURN [t IN tops | t.id] + below AS ids",
)


def _delete_nodes(call: str) -> str:
    """Delete the ``$ids`` nodes; their relationships are logged as deleted first, each once."""
    label = f"[label IN labels(n) WHERE label <> '{E}'][0]"
    node_entry = _deleted_entry("NODE", label, ("n",), _whole(LOG_NODE_PROPERTIES, "n"))
    rel_entry = _deleted_entry("RELATIONSHIP", "type(r)", ("a", "b"), _whole(LOG_REL_PROPERTIES, "r"))
    return (
        f"{call} UNWIND $ids AS id MATCH (a:{E} {{id: id}})-[r]->(b:{E}) "
        f"CREATE {rel_entry} RETURN collect([c, null, null]) AS outgoing }} "
        f"{call} UNWIND $ids AS id MATCH (b:{E} {{id: id}})<-[r]-(a:{E}) WHERE NOT a.id IN $ids "
        f"CREATE {rel_entry} RETURN collect([c, null, null]) AS incoming }} "
        f"{call} UNWIND $ids AS id MATCH (n:{E} {{id: id}}) CREATE {node_entry} DETACH DELETE n "
        "RETURN collect([c, null, null]) AS removed } "
        + _closing(call, "outgoing + incoming + removed", "size(removed)", "deleted")
        + "RETURN deleted, changes"
    )


DELETE_NODES = _write("DELETE_NODES", _delete_nodes)


def _delete_rel(rel: RelType) -> Callable[[str], str]:
    """Remove one relationship, and re-derive the accounts it may have moved."""
    entry = _entry(
        "RELATIONSHIP", "'DELETED'", repr(rel.value), ("a", "b"), _whole(REL_SPECS[rel].properties, "r")
    )

    def build(call: str) -> str:
        return (
            f"{call} MATCH (a:{E} {{id: $from}})-[r:{rel.value}]->(b:{E} {{id: $to}}) "
            f"CREATE {entry} DELETE r RETURN collect([c, a, b]) AS removed }} "
            + _accounts(call)
            + _closing(call, "removed", "size(removed)", "deleted")
            + "RETURN deleted, changes"
        )

    return build


DELETE_REL: Final[dict[RelType, Write]] = {t: _write(f"DELETE_{t.name}", _delete_rel(t)) for t in RelType}


def _record_contact(call: str) -> str:
    rel = RelType.RELATES_TO
    logged = _log_if_changed(
        call, "pair, a, b, r, before, after, changed", repr(rel.value), ("a", "b"), REL_SPECS[rel].properties
    )
    return (
        f"{call} UNWIND $pairs AS pair "
        f"MATCH (a:{E} {{id: pair.teamMemberId}}) MATCH (b:{E} {{id: pair.stakeholderId}}) "
        f"MERGE (a)-[r:{rel.value}]->(b) "
        "ON CREATE SET r.createdAt = $now "
        "WITH pair, a, b, r, CASE WHEN r.updatedAt IS NULL THEN NULL ELSE properties(r) END AS before "
        "WITH pair, a, b, r, before, "
        "before IS NULL OR r.lastContactAt IS NULL OR r.lastContactAt < $at AS changed "
        "SET r.lastContactAt = CASE WHEN changed THEN $at ELSE r.lastContactAt END, "
        "r.updatedAt = CASE WHEN changed THEN $now ELSE r.updatedAt END "
        "WITH pair, a, b, r, before, changed, properties(r) AS after "
        f"{logged}"
        "RETURN collect([pair.teamMemberId, pair.stakeholderId, r.lastContactAt]) AS contacts, "
        f"{_logged_upserts(('a', 'b'))} AS logged }} "
        + _closing(call, "logged", "contacts", "contacts")
        + "RETURN contacts, changes"
    )


# Move RELATES_TO's last contact forward (never back) for each (team member,
# stakeholder) pair, creating the relationship when there is none.
RECORD_CONTACT = _write("RECORD_CONTACT", _record_contact)

# --- reads ----------------------------------------------------------------
NODE_COLUMNS: Final = "n.id AS id, labels(n) AS labels, properties(n) AS props"

GET_NODES = _register(
    "GET_NODES",
    f"UNWIND $ids AS id MATCH (n:{E} {{id: id}}) WHERE {_visible('n')} RETURN {NODE_COLUMNS}",
)


def _neighbours(rel: RelType, direction: Direction) -> str:
    left, right = {
        Direction.OUT: ("-", "->"),
        Direction.IN: ("<-", "-"),
        Direction.BOTH: ("-", "-"),
    }[direction]
    return (
        # Bind the keyed node first: in one pattern FalkorDB plans a scan of
        # every node from the other end (seconds at 100k nodes).
        f"UNWIND $ids AS key MATCH (a:{E} {{id: key}}) WITH key, a "
        f"MATCH (a){left}[r:{rel.value}]{right}(n:{E}) "
        f"WHERE {_visible('n')} "
        f"RETURN key, {NODE_COLUMNS}, properties(r) AS rel "
        "ORDER BY key, n.name, n.id"
    )


NEIGHBOURS: Final[dict[tuple[RelType, Direction], str]] = {
    (t, d): _register(f"NEIGHBOURS_{t.name}_{d.name}", _neighbours(t, d)) for t in RelType for d in Direction
}


# Per stored direction walked from ``a``: the anonymous and the bound pattern,
# and which end is the relationship's source and which its target.
_WALKS: Final = {
    Direction.OUT: ("-->", "-[r]->", "a", "b"),
    Direction.IN: ("<--", "<-[r]-", "b", "a"),
}


def _hop_pattern(direction: Direction) -> str:
    # One stored direction per statement: FalkorDB resolves an undirected
    # relationship several times slower than a directed one, so a map that
    # follows both directions runs the OUT and the IN statement.
    _, pattern, _, _ = _WALKS[direction]
    return (
        # Bound first for the same reason as in _neighbours.
        f"UNWIND $frontier AS fid MATCH (a:{E} {{id: fid}}) WITH a MATCH (a){pattern}(b:{E}) "
        f"WHERE ($types IS NULL OR type(r) IN $types) AND {_visible('b')}"
    )


def _among_pattern(direction: Direction) -> str:
    anonymous, pattern, _, _ = _WALKS[direction]
    return (
        # The anonymous pattern finds the pairs without resolving every
        # relationship of a hub; only the pairs kept have theirs read.
        f"UNWIND $frontier AS fid MATCH (a:{E} {{id: fid}}) WITH a MATCH (a){anonymous}(b:{E}) "
        f"WHERE b.id IN $ids WITH DISTINCT a, b MATCH (a){pattern}(b) "
        "WHERE $types IS NULL OR type(r) IN $types"
    )


def _ends(direction: Direction) -> tuple[Column, ...]:
    _, _, source, target = _WALKS[direction]
    return (
        Column("source", f"{source}.id", ColumnKind.ID),
        Column("type", "type(r)", ColumnKind.ID),
        Column("target", f"{target}.id", ColumnKind.ID),
    )


def stored_node_properties(label: Label) -> dict[str, ColumnKind]:
    """The properties a node of ``label`` may hold besides its id and account, by kind."""
    stored = dict.fromkeys(TIMESTAMP_PROPERTIES, ColumnKind.TEXT)
    return stored | {name: _kind(spec) for name, spec in node_properties(label).items()}


def stored_rel_properties(rel: RelType) -> dict[str, ColumnKind]:
    """The properties a relationship of type ``rel`` may hold, by kind."""
    stored = dict.fromkeys(TIMESTAMP_PROPERTIES, ColumnKind.TEXT)
    return stored | {name: _kind(spec) for name, spec in REL_SPECS[rel].properties.items()}


# Maps read properties as property groups: a relationship's come with the
# walk (null where a type has none), a node's by label once the map is
# drawn, for the nodes kept only.
MAP_REL_PROPERTIES: Final[dict[str, ColumnKind]] = {
    name: kind for t in RelType for name, kind in stored_rel_properties(t).items()
}
_REL_PROPERTIES: Final = PropertyGroup("r", tuple(MAP_REL_PROPERTIES.items()))


def _hop(direction: Direction, node_properties: bool, rel_properties: bool) -> ColumnRead:
    # Each node reached comes with its labels (all of them: picking the
    # model's label out in the statement took a third of a walk's time).  A
    # map without node properties also reads its name and owning account; a
    # map with them reads those with every other property, for the nodes it
    # keeps.  Relationship properties come with the walk, when asked for.
    columns = (*_ends(direction), Column("labels", "labels(b)", ColumnKind.LABELS))
    if not node_properties:
        columns += (Column("name", "b.name", ColumnKind.TEXT), Column("account", f"b.{ACC}", ColumnKind.TEXT))
    name = f"HOP_{direction.name}{_MAP_READ_SUFFIX[node_properties, rel_properties]}"
    pattern = f"{_hop_pattern(direction)} WITH a, r, b LIMIT $rowLimit"
    return _column_read(name, pattern, columns, (_REL_PROPERTIES,) if rel_properties else ())


def _edges_among(direction: Direction, rel_properties: bool) -> ColumnRead:
    """Relationships from the frontier to the given ids."""
    pattern = f"{_among_pattern(direction)} WITH a, r, b LIMIT $rowLimit"
    name = f"EDGES_AMONG_{direction.name}{'' if rel_properties else '_NAMES'}"
    return ColumnRead(name, pattern, _ends(direction), (_REL_PROPERTIES,) if rel_properties else ())


def _node_properties(label: Label) -> ColumnRead:
    columns = (Column("id", "n.id", ColumnKind.ID), Column(ACC, f"n.{ACC}", ColumnKind.TEXT))
    group = PropertyGroup("n", tuple(stored_node_properties(label).items()))
    pattern = f"UNWIND $ids AS nid MATCH (n:{E} {{id: nid}})"
    return _column_read(f"NODE_PROPERTIES_{label.name}", pattern, columns, (group,))


# A walk's name says what it reads beside ends and labels, by whether the map
# wants (node properties, relationship properties): names for a map without
# node properties, relationship properties for a map with them.
_MAP_READ_SUFFIX: Final = {
    (True, True): "",
    (True, False): "_ENDS",
    (False, True): "_NAMES_REL_PROPERTIES",
    (False, False): "_NAMES",
}

# A map that follows BOTH directions runs the OUT and the IN statement; each
# by (direction, node properties, relationship properties).
HOP: Final = {(d, *forms): _hop(d, *forms) for d in _WALKS for forms in _MAP_READ_SUFFIX}

# Relationships that leave (or, walked IN, enter) the outer ring of a map,
# which is never expanded, towards the given ends.
# By (direction, relationship properties).
EDGES_AMONG: Final = {(d, rels): _registered(_edges_among(d, rels)) for d in _WALKS for rels in (True, False)}

# Every stored property of the nodes of one label, by id.
NODE_PROPERTIES: Final = {label: _node_properties(label) for label in Label}

ORG_DEPARTMENTS = _register(
    "ORG_DEPARTMENTS",
    f"MATCH (n:{Label.DEPARTMENT.value}) WHERE n.{ACC} = $customerId "
    f"OPTIONAL MATCH (n)-[:{RelType.PART_OF.value}]->(p:{Label.DEPARTMENT.value}) "
    f"RETURN {NODE_COLUMNS}, p.id AS parentId ORDER BY n.name, n.id LIMIT $limit",
)
ORG_STAKEHOLDERS = _register(
    "ORG_STAKEHOLDERS",
    f"MATCH (n:{Label.STAKEHOLDER.value}) WHERE n.{ACC} = $customerId "
    f"OPTIONAL MATCH (n)-[w:{RelType.WORKS_IN.value}]->(d:{Label.DEPARTMENT.value}) "
    f"OPTIONAL MATCH (n)-[:{RelType.REPORTS_TO.value}]->(m:{Label.STAKEHOLDER.value}) "
    f"RETURN {NODE_COLUMNS}, d.id AS departmentId, m.id AS managerId "
    "ORDER BY n.name, n.id LIMIT $limit",
)

# Nodes of one label owned by each of many accounts (loader for nested lists).
ACCOUNT_MEMBERS: Final[dict[Label, str]] = {
    label: _register(
        f"ACCOUNT_{label.name}S",
        f"UNWIND $ids AS key MATCH (n:{E} {{{ACC}: key}}) WHERE n:{label.value} AND {_visible('n')} "
        f"RETURN key, {NODE_COLUMNS}, {{}} AS rel ORDER BY key, n.name, n.id",
    )
    for label in (Label.DEPARTMENT, Label.STAKEHOLDER)
}

# --- listing with filters ---------------------------------------------------
# Enum properties of a label become list filters (``$f_<prop>``); every label
# also filters on name substring, owning account and an optional id set.
SORT_KEYS: Final[dict[str, str]] = {
    "NAME": "name",
    "CREATED_AT": "createdAt",
    "UPDATED_AT": "updatedAt",
    "ANNUAL_REVENUE": "annualRevenue",
}


def enum_filters(label: Label) -> list[str]:
    return [name for name, spec in NODE_SPECS[label].properties.items() if spec.type is PropType.ENUM]


def _where(label: Label) -> str:
    parts = [
        _visible("n"),
        "($nameContains IS NULL OR toLower(n.name) CONTAINS toLower($nameContains))",
        f"($accountId IS NULL OR n.{ACC} = $accountId)",
        "($ids IS NULL OR n.id IN $ids)",
    ]
    parts += [f"($f_{p} IS NULL OR n.{p} IN $f_{p})" for p in enum_filters(label)]
    return " AND ".join(parts)


def _list(label: Label, key: str, descending: bool) -> str:
    order = "DESC" if descending else "ASC"
    prop = SORT_KEYS[key]
    return (
        f"MATCH (n:{label.value}) WHERE {_where(label)} "
        f"RETURN {NODE_COLUMNS} ORDER BY n.{prop} {order}, n.id {order} "
        "SKIP $skip LIMIT $limit"
    )


def sort_keys_for(label: Label) -> list[str]:
    keys = ["NAME", "CREATED_AT", "UPDATED_AT"]
    if label is Label.CUSTOMER:
        keys.append("ANNUAL_REVENUE")
    return keys


LIST_NODES: Final[dict[tuple[Label, str, bool], str]] = {
    (label, key, desc): _register(
        f"LIST_{label.name}_BY_{key}_{'DESC' if desc else 'ASC'}", _list(label, key, desc)
    )
    for label in Label
    for key in sort_keys_for(label)
    for desc in (False, True)
}
COUNT_NODES: Final[dict[Label, str]] = {
    label: _register(
        f"COUNT_{label.name}",
        f"MATCH (n:{label.value}) WHERE {_where(label)} RETURN count(n) AS total",
    )
    for label in Label
}
INDUSTRY_MEMBER_IDS = _register(
    "INDUSTRY_MEMBER_IDS",
    f"MATCH (n:{E})-[:{RelType.IN_INDUSTRY.value}]->(i:{E} {{id: $industryId}}) RETURN collect(n.id) AS ids",
)

# --- export for analytics --------------------------------------------------
EXPORT_EDGE_COLUMNS: Final = "type(r) AS type, a.id AS source, b.id AS target, properties(r) AS rel"
EXPORT_ALL_EDGES = _register(
    "EXPORT_ALL_EDGES",
    f"MATCH (a:{E})-[r]->(b:{E}) WHERE {_visible('a')} AND {_visible('b')} RETURN {EXPORT_EDGE_COLUMNS}",
)


# Whole-graph export for analytics: one statement per type and per label,
# scalar columns only and no filter (FalkorDB evaluates a WHERE per row and
# ships maps slowly); the store applies the caller's scope to the rows.
def export_edge_columns(rel: RelType) -> tuple[str, ...]:
    return ("strength",) if "strength" in REL_SPECS[rel].properties else ()


def export_node_columns(label: Label) -> tuple[str, ...]:
    return tuple(name for name, spec in NODE_SPECS[label].properties.items() if not spec.pii)


def _edge_read(rel: RelType) -> ColumnRead:
    specs = REL_SPECS[rel].properties
    extra = tuple(Column(c, f"r.{c}", _kind(specs[c])) for c in export_edge_columns(rel))
    columns = (Column("source", "a.id", ColumnKind.ID), Column("target", "b.id", ColumnKind.ID), *extra)
    return _column_read(f"EXPORT_{rel.name}_EDGES", f"MATCH (a)-[r:{rel.value}]->(b)", columns)


def _node_read(label: Label) -> ColumnRead:
    specs = NODE_SPECS[label].properties
    extra = tuple(Column(c, f"n.{c}", _kind(specs[c])) for c in export_node_columns(label))
    columns = (
        Column("id", "n.id", ColumnKind.ID),
        Column("name", "n.name", ColumnKind.TEXT),
        Column("account", f"n.{ACC}", ColumnKind.TEXT),
        *extra,
    )
    return _column_read(f"EXPORT_{label.name}_NODES", f"MATCH (n:{label.value})", columns)


EXPORT_TYPE_EDGES: Final[dict[RelType, ColumnRead]] = {t: _edge_read(t) for t in RelType}
EXPORT_LABEL_NODES: Final[dict[Label, ColumnRead]] = {label: _node_read(label) for label in Label}
EXPORT_ALL_NODES = _register(
    "EXPORT_ALL_NODES",
    f"MATCH (n:{E}) WHERE {_visible('n')} RETURN {NODE_COLUMNS}",
)
# Edges leaving the scope's accounts, then edges entering them from outside,
# so no edge is read twice.
EXPORT_SCOPE_EDGES_OUT = _register(
    "EXPORT_SCOPE_EDGES_OUT",
    f"UNWIND $scopeAccounts AS acc MATCH (a:{E} {{{ACC}: acc}})-[r]->(b:{E}) "
    f"WHERE {_visible('a')} AND {_visible('b')} RETURN {EXPORT_EDGE_COLUMNS}",
)
EXPORT_SCOPE_EDGES_IN = _register(
    "EXPORT_SCOPE_EDGES_IN",
    f"UNWIND $scopeAccounts AS acc MATCH (b:{E} {{{ACC}: acc}}) WITH b MATCH (a:{E})-[r]->(b) "
    f"WHERE (a.{ACC} IS NULL OR NOT a.{ACC} IN $scopeAccounts) "
    f"AND {_visible('a')} AND {_visible('b')} RETURN {EXPORT_EDGE_COLUMNS}",
)
EXPORT_SCOPE_NODES = _register(
    "EXPORT_SCOPE_NODES",
    f"UNWIND $scopeAccounts AS acc MATCH (n:{E} {{{ACC}: acc}}) WHERE {_visible('n')} RETURN {NODE_COLUMNS}",
)

COUNT_BY_LABEL = _register(
    "COUNT_BY_LABEL",
    f"MATCH (n:{E}) UNWIND labels(n) AS label WITH label WHERE label <> '{E}' "
    "RETURN label, count(*) AS total",
)
COUNT_BY_TYPE = _register(
    "COUNT_BY_TYPE",
    "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS total",
)

assert set(REL_SPECS) == set(RelType)

# --- the change log, read and pruned -----------------------------------------
# An entry is visible where every account it touches is: the rule of the
# reads above, for a node and for both ends of a relationship.
_LOG_SCOPE: Final = (
    "($seeAll OR all(acc IN c.accounts WHERE acc IN $accounts)) "
    "AND ($customerId IS NULL OR $customerId IN c.accounts)"
)
# One span of sequence numbers at a time, found through the index on them:
# FalkorDB sorts whatever a MATCH finds, so a page taken from the whole log
# sorted every entry there is (the store walks spans downwards instead).
LIST_CHANGES = _register(
    "LIST_CHANGES",
    f"MATCH (c:{LOG_LABEL}) WHERE c.seq > $low AND c.seq < $high "
    f"AND ($since IS NULL OR c.at >= $since) AND {_LOG_SCOPE} "
    "RETURN properties(c) AS entry ORDER BY c.seq DESC LIMIT $limit",
)
# The time of the newest entry in a span: once it is before ``since``, so is
# everything below the span.
CHANGES_NEWEST_AT = _register(
    "CHANGES_NEWEST_AT",
    f"MATCH (c:{LOG_LABEL}) WHERE c.seq > $low AND c.seq < $high RETURN max(c.at) AS newest",
)
COUNT_CHANGES = _register(
    "COUNT_CHANGES",
    f"MATCH (c:{LOG_LABEL}) WHERE ($since IS NULL OR c.at >= $since) AND {_LOG_SCOPE} "
    "RETURN count(c) AS total",
)
CHANGES_AFTER = _register(
    "CHANGES_AFTER",
    f"MATCH (c:{LOG_LABEL}) WHERE c.seq > $after AND c.seq <= $upTo AND {_LOG_SCOPE} "
    "RETURN properties(c) AS entry ORDER BY c.seq LIMIT $limit",
)
# Entries older than the retention, a batch at a time (a delete of millions
# in one statement would hold the engine for as long).
PRUNE_CHANGES = _write(
    "PRUNE_CHANGES",
    lambda call: (
        f"MATCH (c:{LOG_LABEL}) WHERE c.at < $cutoff WITH c LIMIT $batch DELETE c RETURN count(*) AS pruned"
    ),
)
