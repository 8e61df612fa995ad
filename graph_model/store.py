"""GraphStore: every read and write of the relationship graph.

The store is engine-agnostic: it sends the statements of ``cypher.py`` to an
``Engine`` and turns rows into records.  Every read takes the caller's
``AccessScope`` and passes it into the statement, so scoping happens where
the data is fetched.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from graph_model import analytics_export, cypher, document_export, maps
from graph_model.access import EVERYTHING, SYSTEM_ACTOR, AccessScope
from graph_model.analytics_export import ColumnExport, ExportScope, GraphExport
from graph_model.changes import Change, change_from_row, retention_cutoff
from graph_model.engines.base import Engine, Params, Row
from graph_model.engines.search_text import terms
from graph_model.errors import FieldError, HasDependants, NotFound, StoreError, ValidationFailed
from graph_model.maps import GraphMap, OrgChart
from graph_model.model import (
    OWNERSHIP_TYPES,
    REL_SPECS,
    Direction,
    Label,
    RelType,
)
from graph_model.records import NodeRecord, SearchHit, label_of, node_from_row
from graph_model.validation import NodeRow, RelRow, check_endpoints

# Ids sent per read: each write is one statement, but reads by id go in chunks.
READ_CHUNK = 5_000
# Sequence numbers the first span of a change log page reads (see ``GraphStore.changes``).
CHANGES_FIRST_SPAN = 256
Progress = Callable[[int], None]


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def batched(items: Sequence[Any], size: int = READ_CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class AccessDenied(ValidationFailed):
    """A write outside the caller's accounts; reported like a validation error."""


class GraphStore:
    """Async operations over one graph in one engine."""

    def __init__(self, engine: Engine, *, change_retention_days: int = 400) -> None:
        self.engine = engine
        self.change_retention_days = change_retention_days
        # One writer at a time within a process keeps version bumps ordered.
        self._write_lock = asyncio.Lock()

    @property
    def engine_name(self) -> str:
        return self.engine.name

    async def close(self) -> None:
        await self.engine.close()

    async def ping(self) -> None:
        """Raise ``EngineError`` unless the engine answers."""
        await self.engine.ping()

    # -- version ------------------------------------------------------------
    async def version(self) -> int:
        rows = await self.engine.read(cypher.GET_VERSION, {})
        return int(rows[0][0]) if rows else 0

    # -- node writes ----------------------------------------------------------
    async def labels_of(self, ids: Iterable[str]) -> dict[str, Label]:
        unique = sorted(set(ids))
        found: dict[str, Label] = {}
        for chunk in batched(unique):
            for node_id, labels in await self.engine.read(cypher.LABELS_BY_IDS, {"ids": list(chunk)}):
                found[node_id] = label_of(labels)
        return found

    async def check_nodes(
        self, rows: Sequence[NodeRow], access: AccessScope, first_index: int = 0
    ) -> dict[str, Label]:
        """Refuse rows that clash with stored nodes; returns the labels of those that exist."""
        existing = await self.labels_of(r.id for r in rows)
        # A scoped caller learns nothing of a node it may not see, not even its label.
        visible = set(existing) if access.sees_all else set(await self.get_nodes(list(existing), access))
        errors: list[FieldError] = []
        for i, row in enumerate(rows, start=first_index):
            label = existing.get(row.id)
            if label is not None and label is not row.label and row.id in visible:
                errors.append(
                    FieldError("id", f"id {row.id!r} is already used by a {label.value}", i, row.label.value)
                )
        if not access.sees_all:
            # A scoped caller updates its accounts' nodes and creates new ones
            # only under ids that start with one of its account ids and "/".
            # Any other id gets one answer, whether some other account holds
            # it or nobody does, so writes cannot probe for foreign ids.
            owned = await self._owned(existing, access)
            prefixes = tuple(f"{a}/" for a in sorted(access.accounts or ()))
            for i, row in enumerate(rows, start=first_index):
                if row.id in owned:
                    continue
                if row.id in existing or not row.id.startswith(prefixes):
                    allowed = " or ".join(map(repr, prefixes)) or "an account id"
                    reason = (
                        f"id {row.id!r} is already in use or outside your accounts:"
                        f" new nodes take ids starting with {allowed}"
                    )
                    errors.append(FieldError("id", reason, i, row.label.value))
                elif row.label not in _ACCOUNT_CREATABLE:
                    errors.append(
                        FieldError(
                            "label", f"your role may not create a {row.label.value}", i, row.label.value
                        )
                    )
        if errors:
            raise ValidationFailed(errors)
        return existing

    async def _owned(self, ids: Iterable[str], access: AccessScope) -> set[str]:
        """Ids among ``ids`` inside the caller's own accounts (all, for unscoped callers)."""
        found = await self.get_nodes(list(ids), access)
        if access.sees_all:
            return set(found)
        allowed = access.accounts or frozenset()
        return {i for i, r in found.items() if r.account_id in allowed}

    def _graph_params(
        self,
        nodes: Sequence[NodeRow],
        relationships: Sequence[RelRow],
        existing: Mapping[str, Label],
        access: AccessScope,
    ) -> dict[str, Any]:
        """``WRITE_GRAPH``'s parameters: rows by label and type, and the ids whose account may move."""
        # What a scoped caller creates belongs to its account until a link
        # places it; unowned, it would be visible to every account.
        provisional = None if access.sees_all else min(access.accounts or {""}) or None
        params: dict[str, Any] = {f"n_{label.name}": [] for label in Label}
        params |= {f"r_{rel.name}": [] for rel in RelType}
        for node in nodes:
            account = provisional if node.id not in existing else None
            params[f"n_{node.label.name}"].append(
                {"id": node.id, "props": node.properties, "account": account}
            )
        moved: set[str] = set()
        for row in map(self.canonical, relationships):
            params[f"r_{row.type.name}"].append(
                {"from": row.source, "to": row.target, "props": row.properties}
            )
            moved |= _moved_by(row.type, [(row.source, row.target)])
        return params | {"moved": sorted(moved), "now": utc_now()}

    async def _write(self, statement: cypher.Write, params: Params, actor: str) -> list[Row]:
        """Run one write statement: it lands whole (with its change log entries) or not at all."""
        async with self._write_lock:
            return await self.engine.write(statement, {"now": utc_now(), **params, "actor": actor})

    async def upsert_nodes(
        self, rows: Sequence[NodeRow], access: AccessScope = EVERYTHING, *, progress: Progress | None = None
    ) -> int:
        """Create or update nodes by id; returns the number of rows written."""
        return (await self.write_graph(rows, [], access, progress=progress))[0]

    async def write_graph(
        self,
        nodes: Sequence[NodeRow],
        relationships: Sequence[RelRow],
        access: AccessScope = EVERYTHING,
        *,
        checked: Mapping[str, Label] | None = None,
        progress: Progress | None = None,
    ) -> tuple[int, int]:
        """Upsert nodes, then relationships, as one unit of work; returns the rows of each written.

        ``checked`` holds the stored labels of the node ids when the caller has
        already checked every row (``check_nodes`` and ``check_relationships``).
        """
        if not nodes and not relationships:
            return 0, 0
        existing = checked
        if existing is None:
            existing = await self.check_nodes(nodes, access) if nodes else {}
            if relationships:
                pending = {row.id: row.label for row in nodes}
                errors = await self.check_relationships(relationships, access, pending=pending)
                if errors:
                    raise ValidationFailed(errors)
        params = self._graph_params(nodes, relationships, existing, access)
        [[written, _]] = await self._write(cypher.WRITE_GRAPH, params, access.actor)
        if sum(written[f"w_{label.name}"] for label in Label) != len(nodes):
            # Another process took one of these ids for another label
            # between the check above and this write.
            raise StoreError("an id in this batch was just taken by a node of another label")
        if progress:
            progress(len(nodes) + len(relationships))
        return len(nodes), len(relationships)

    # -- relationship writes ---------------------------------------------------
    @staticmethod
    def canonical(row: RelRow) -> RelRow:
        """Symmetric types are stored once, with the smaller id first."""
        if REL_SPECS[row.type].symmetric and row.target < row.source:
            return RelRow(row.type, row.target, row.source, row.properties)
        return row

    async def check_relationships(
        self,
        rows: Sequence[RelRow],
        access: AccessScope = EVERYTHING,
        *,
        pending: dict[str, Label] | None = None,
        first_index: int = 0,
    ) -> list[FieldError]:
        """Endpoint errors for each row; ``pending`` holds nodes about to be written."""
        ids = {r.source for r in rows} | {r.target for r in rows}
        labels = dict(await self.labels_of(ids))
        owned: set[str] = set(labels)
        if not access.sees_all:
            visible = await self.get_nodes(list(labels), access)
            labels = {k: v for k, v in labels.items() if k in visible}
            owned = await self._owned(labels, access)
        labels.update(pending or {})
        owned |= set(pending or {})
        errors: list[FieldError] = []
        for i, row in enumerate(rows, start=first_index):
            row_errors = check_endpoints(row, labels, i)
            if not row_errors and row.source not in owned and row.target not in owned:
                # Scoped callers may only link things hanging off their own accounts.
                row_errors.append(FieldError("from", "neither end is in your accounts", i, row.type.value))
            errors += row_errors
        return errors

    async def upsert_relationships(
        self,
        rows: Sequence[RelRow],
        access: AccessScope = EVERYTHING,
        *,
        checked: bool = False,
        progress: Progress | None = None,
    ) -> int:
        if not rows:
            return 0
        if not checked:
            errors = await self.check_relationships(rows, access)
            if errors:
                raise ValidationFailed(errors)
        return (await self.write_graph([], rows, access, checked={}, progress=progress))[1]

    async def unlink(
        self, rel_type: RelType, source: str, target: str, access: AccessScope = EVERYTHING
    ) -> bool:
        row = self.canonical(RelRow(rel_type, source, target, {}))
        visible = await self.get_nodes([row.source, row.target], access)
        owned = await self._owned(visible, access)
        if row.source not in visible or row.target not in visible or not owned:
            return False
        moved = sorted(_moved_by(rel_type, [(row.source, row.target)]))
        params = {"from": row.source, "to": row.target, "moved": moved}
        [[deleted, _]] = await self._write(cypher.DELETE_REL[rel_type], params, access.actor)
        return bool(deleted)

    async def delete_node(
        self, node_id: str, *, cascade: bool = False, access: AccessScope = EVERYTHING
    ) -> list[str]:
        """Delete a node (and, with cascade, what hangs off it); returns deleted ids."""
        owned = await self.get_nodes([node_id], access) if not access.sees_all else {}
        if node_id not in await self._owned([node_id], access):
            raise NotFound("node", node_id)
        if not access.sees_all and owned[node_id].label is Label.CUSTOMER:
            # Scoped callers may not create accounts, so they may not remove them either.
            raise AccessDenied([FieldError("id", "your role may not delete a Customer", entity="Customer")])
        rows = await self.engine.read(cypher.DEPENDANTS, {"id": node_id})
        dependants = sorted({d for d in (rows[0][0] if rows else []) if d and d != node_id})
        if dependants and not cascade:
            raise HasDependants(node_id, len(dependants))
        doomed = [node_id, *dependants]
        await self._write(cypher.DELETE_NODES, {"ids": doomed}, access.actor)
        return doomed

    async def compact(self) -> None:
        """Let the engine compact its storage after a bulk load."""
        await self.engine.compact()

    async def record_contact(
        self, team_member_id: str, stakeholder_id: str, at: str, *, actor: str = SYSTEM_ACTOR
    ) -> str | None:
        """Refresh RELATES_TO.lastContactAt (never moving it backwards)."""
        return (await self.record_contacts([(team_member_id, stakeholder_id)], at, actor=actor))[
            (team_member_id, stakeholder_id)
        ]

    async def record_contacts(
        self, pairs: Sequence[tuple[str, str]], at: str, *, actor: str = SYSTEM_ACTOR
    ) -> dict[tuple[str, str], str | None]:
        """``record_contact`` for each (team member, stakeholder) pair, in one write."""
        unique = list(dict.fromkeys(pairs))
        params = {
            "pairs": [{"teamMemberId": t, "stakeholderId": s} for t, s in unique],
            "at": at,
            "now": utc_now(),
        }
        [[contacts, _]] = await self._write(cypher.RECORD_CONTACT, params, actor)
        found: dict[tuple[str, str], str | None] = dict.fromkeys(unique)
        found |= {(t, s): last for t, s, last in contacts}
        return found

    # -- the change log -----------------------------------------------------------
    async def changes(
        self,
        access: AccessScope = EVERYTHING,
        *,
        customer_id: str | None = None,
        since: str | None = None,
        before_seq: int | None = None,
        limit: int = 50,
    ) -> list[Change]:
        """Entries the caller may see, newest first: numbered below ``before_seq``, at or after ``since``.

        Reads the log a span of numbers at a time, newest first, each span
        four times the last, until the page is full, the log's start is
        passed, or a whole span was written before ``since``: a page of a
        long log costs what its spans hold, not a sort of every entry.
        """
        params = {**access.params(), "customerId": customer_id, "since": since}
        high = before_seq if before_seq is not None else await self.version() + 1
        # Not more than a few thousand to begin with, even for a long page:
        # entries since a recent date (a review's) sit in the newest spans.
        span = max(CHANGES_FIRST_SPAN, min(2 * limit, 16 * CHANGES_FIRST_SPAN))
        found: list[Change] = []
        while high > 1 and len(found) < limit:
            low = max(high - span, 0)
            window = {**params, "low": low, "high": high}
            rows = await self.engine.read(cypher.LIST_CHANGES, {**window, "limit": limit - len(found)})
            found += [change_from_row(row[0]) for row in rows]
            if since is not None and low > 0 and len(found) < limit:
                [[newest]] = await self.engine.read(cypher.CHANGES_NEWEST_AT, window)
                if newest is not None and newest < since:
                    break
            high, span = low + 1, span * 4
        return found

    async def count_changes(
        self, access: AccessScope = EVERYTHING, *, customer_id: str | None = None, since: str | None = None
    ) -> int:
        """How many entries ``changes`` would list with no page limit (a pass over the whole log)."""
        params = {**access.params(), "customerId": customer_id, "since": since}
        [[total]] = await self.engine.read(cypher.COUNT_CHANGES, params)
        return int(total)

    async def changes_after(
        self,
        seq: int,
        access: AccessScope = EVERYTHING,
        *,
        up_to: int | None = None,
        customer_id: str | None = None,
        limit: int = 500,
    ) -> list[Change]:
        """Log entries numbered after ``seq`` (up to ``up_to``) the caller may see, oldest first."""
        params = {
            **access.params(),
            "customerId": customer_id,
            "after": seq,
            "upTo": up_to if up_to is not None else 2**62,
            "limit": limit,
        }
        return [change_from_row(row[0]) for row in await self.engine.read(cypher.CHANGES_AFTER, params)]

    async def follow_changes(
        self,
        access: AccessScope = EVERYTHING,
        *,
        customer_id: str | None = None,
        poll_s: float = 0.5,
        batch: int = 500,
    ) -> AsyncIterator[Change]:
        """Every entry written from now on (by any process on this database) the caller may see.

        Polls the log by sequence number: an entry numbered at or below the
        graph version read is committed with it, so nothing is skipped, and
        entries the caller may not see are stepped over once.
        """
        seen = await self.version()
        while True:
            version = await self.version()
            while seen < version:
                found = await self.changes_after(
                    seen, access, up_to=version, customer_id=customer_id, limit=batch
                )
                for change in found:
                    yield change
                seen = found[-1].seq if len(found) == batch else version
            await asyncio.sleep(poll_s)

    async def prune_changes(self, cutoff: str | None = None, *, batch: int = 10_000) -> int:
        """Delete the log entries written before ``cutoff`` (the retention's); returns how many."""
        cutoff = cutoff or retention_cutoff(self.change_retention_days)
        pruned = 0
        while True:
            async with self._write_lock:
                [[count]] = await self.engine.write(cypher.PRUNE_CHANGES, {"cutoff": cutoff, "batch": batch})
            pruned += int(count)
            if count < batch:
                return pruned

    # -- reads ------------------------------------------------------------------
    async def get_nodes(self, ids: Sequence[str], access: AccessScope = EVERYTHING) -> dict[str, NodeRecord]:
        found: dict[str, NodeRecord] = {}
        for chunk in batched(list(dict.fromkeys(ids))):
            rows = await self.engine.read(cypher.GET_NODES, {"ids": list(chunk), **access.params()})
            for node_id, labels, props in rows:
                found[node_id] = node_from_row(node_id, labels, props, access)
        return found

    async def get_node(self, node_id: str, access: AccessScope = EVERYTHING) -> NodeRecord | None:
        return (await self.get_nodes([node_id], access)).get(node_id)

    async def neighbours(
        self,
        ids: Sequence[str],
        rel_type: RelType,
        direction: Direction,
        access: AccessScope = EVERYTHING,
        *,
        limit_per_key: int | None = None,
    ) -> dict[str, list[tuple[NodeRecord, dict[str, Any]]]]:
        """Neighbours of many nodes over one type, one store call, keyed by id."""
        result: dict[str, list[tuple[NodeRecord, dict[str, Any]]]] = {i: [] for i in ids}
        rows = await self.engine.read(
            cypher.NEIGHBOURS[(rel_type, direction)], {"ids": list(dict.fromkeys(ids)), **access.params()}
        )
        for key, node_id, labels, props, rel in rows:
            bucket = result[key]
            if limit_per_key is None or len(bucket) < limit_per_key:
                bucket.append((node_from_row(node_id, labels, props, access), dict(rel)))
        return result

    async def account_members(
        self,
        account_ids: Sequence[str],
        label: Label,
        access: AccessScope = EVERYTHING,
    ) -> dict[str, list[tuple[NodeRecord, dict[str, Any]]]]:
        """Departments or stakeholders of many accounts, all of them, one store call."""
        result: dict[str, list[tuple[NodeRecord, dict[str, Any]]]] = {i: [] for i in account_ids}
        rows = await self.engine.read(
            cypher.ACCOUNT_MEMBERS[label], {"ids": list(dict.fromkeys(account_ids)), **access.params()}
        )
        for key, node_id, labels, props, rel in rows:
            result[key].append((node_from_row(node_id, labels, props, access), dict(rel)))
        return result

    async def list_nodes(
        self,
        label: Label,
        access: AccessScope = EVERYTHING,
        *,
        name_contains: str | None = None,
        account_id: str | None = None,
        industry_id: str | None = None,
        enum_filters: dict[str, list[str]] | None = None,
        order_by: str = "NAME",
        descending: bool = False,
        skip: int = 0,
        limit: int = 50,
    ) -> tuple[list[NodeRecord], int]:
        """One page of nodes of a label and the total count matching the filters."""
        ids: list[str] | None = None
        if industry_id is not None:
            rows = await self.engine.read(cypher.INDUSTRY_MEMBER_IDS, {"industryId": industry_id})
            ids = list(rows[0][0]) if rows else []
        params: dict[str, Any] = {
            **access.params(),
            "nameContains": name_contains or None,
            "accountId": account_id,
            "ids": ids,
            **{f"f_{p}": None for p in cypher.enum_filters(label)},
        }
        for prop, values in (enum_filters or {}).items():
            if f"f_{prop}" not in params:
                raise ValidationFailed([FieldError(f"filter.{prop}", "unknown filter", entity=label.value)])
            params[f"f_{prop}"] = list(values) or None
        statement = cypher.LIST_NODES[(label, order_by, descending)]
        rows = await self.engine.read(statement, {**params, "skip": skip, "limit": limit})
        total_rows = await self.engine.read(cypher.COUNT_NODES[label], params)
        items = [node_from_row(i, lb, p, access) for i, lb, p in rows]
        return items, int(total_rows[0][0]) if total_rows else 0

    async def search(
        self,
        text: str,
        access: AccessScope = EVERYTHING,
        *,
        labels: Sequence[Label] | None = None,
        limit: int = 20,
    ) -> list[SearchHit]:
        words = terms(text)
        if not words:
            return []
        params = {**access.params(), "labels": [lb.value for lb in labels] if labels else None}
        hits = await self.engine.search(words, params, limit)
        return [SearchHit(node_from_row(i, lb, p, access), score) for i, lb, p, score in hits]

    async def relationship_map(
        self,
        root_id: str,
        access: AccessScope = EVERYTHING,
        *,
        depth: int = 2,
        types: Sequence[RelType] | None = None,
        direction: Direction = Direction.BOTH,
        limit: int = 500,
        properties: bool = True,
        edge_properties: bool | None = None,
    ) -> GraphMap | None:
        """See ``graph_model.maps.relationship_map``; None when the root is not there (or not visible)."""
        root = await self.get_node(root_id, access)
        if root is None:
            return None
        return await maps.relationship_map(
            self.engine,
            root,
            access,
            depth=depth,
            types=types,
            direction=direction,
            limit=limit,
            properties=properties,
            edge_properties=edge_properties,
        )

    async def org_chart(self, customer_id: str, access: AccessScope = EVERYTHING) -> OrgChart | None:
        customer = await self.get_node(customer_id, access)
        if customer is None or customer.label is not Label.CUSTOMER:
            return None
        return await maps.org_chart(self.engine, customer, access)

    async def export_scope(self, scope: ExportScope, access: AccessScope = EVERYTHING) -> GraphExport:
        """Edges (and nodes) of a scope for analytics, tagged with the graph version."""
        version = await self.version()
        return await analytics_export.export_scope(self.engine, scope, access, version)

    async def scope_accounts(self, scope: ExportScope) -> list[str] | None:
        """The customer ids a scope covers (``None`` for the whole graph)."""
        return await analytics_export.scope_accounts(self.engine, scope)

    async def export_columns(self, labels: tuple[Label, ...], types: tuple[RelType, ...]) -> ColumnExport:
        """The whole graph's nodes of some labels and edges of some types, as columns, with the version."""
        version = await self.version()
        return await analytics_export.export_columns(self.engine, labels, types, version)

    async def dump(self, access: AccessScope = EVERYTHING) -> dict[str, list[dict[str, Any]]]:
        return await document_export.dump(self.engine, access)

    async def counts(self) -> tuple[dict[str, int], dict[str, int]]:
        labels = {lb: int(n) for lb, n in await self.engine.read(cypher.COUNT_BY_LABEL, {})}
        types = {t: int(n) for t, n in await self.engine.read(cypher.COUNT_BY_TYPE, {})}
        labels.pop("GraphMeta", None)
        return labels, types


# What a caller scoped to some accounts may create: things that hang off an
# account.  Customers, suppliers, industries and our team are shared.
_ACCOUNT_CREATABLE = frozenset({Label.DEPARTMENT, Label.STAKEHOLDER, Label.INTERACTION})


def _moved_by(rel_type: RelType, ends: Iterable[tuple[str, str]]) -> set[str]:
    """The nodes whose owning account a change of these relationships may move (with all below them)."""
    if rel_type in OWNERSHIP_TYPES:
        return {source for source, _ in ends}
    if rel_type is RelType.HAS_DEPARTMENT:
        return {target for _, target in ends}
    return set()
