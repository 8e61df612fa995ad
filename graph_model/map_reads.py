"""What a relationship map reads: the rows of each walk, and the properties of the nodes kept.

Every read is a column read (``graph_model.columns``), which FalkorDB ships
packed: a map's rows are small and many, and framing each cell used to cost
more than the engine's own work.  Node properties are read last, label by
label, for the nodes the map keeps, rather than with every row that reaches
them (a hub's neighbours are reached many times, most beyond the limit).
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Iterable
from typing import Any

from graph_model import cypher
from graph_model.access import AccessScope
from graph_model.engines.base import Engine
from graph_model.model import Direction, Label
from graph_model.records import NodeRecord, label_of, node_from_properties

# source, type, target, relationship properties (None when not read), then
# the node reached: id, labels, and (read by a map without properties only)
# name and account.
Step = tuple[str, str, str, dict[str, Any] | None, str, list[str], str | None, str | None]
# source, type, target, relationship properties (None when not read).
Link = tuple[str, str, str, dict[str, Any] | None]


def named_node(node_id: str, labels: list[str], name: str | None, account: str | None) -> NodeRecord:
    """A node as a map without properties draws it: a name, if it has one."""
    return NodeRecord(node_id, label_of(labels), {"name": name} if name is not None else {}, account)


def _rel_properties(groups: list[list[dict[str, Any]]]) -> Iterable[dict[str, Any] | None]:
    # No property group when the read asked for none.
    return groups[0] if groups else itertools.repeat(None)


async def walk(engine: Engine, walked: Direction, full: bool, params: dict[str, Any]) -> list[Step]:
    """One stored direction of one ring: a step per relationship followed."""
    sources, types, targets, labels, *rest = await engine.read_columns(cypher.HOP[walked, full], params)
    reached = targets if walked is Direction.OUT else sources
    unread = itertools.repeat(None)
    if full:
        [rel] = rest
        return list(zip(sources, types, targets, rel, reached, labels, unread, unread, strict=False))
    names, accounts = rest
    return list(zip(sources, types, targets, unread, reached, labels, names, accounts, strict=False))


async def closing_links(engine: Engine, walked: Direction, full: bool, params: dict[str, Any]) -> list[Link]:
    """Relationships of the outer ring with the ends asked for."""
    sources, types, targets, *rel = await engine.read_columns(cypher.EDGES_AMONG[walked, full], params)
    return list(zip(sources, types, targets, _rel_properties(rel), strict=False))


async def node_properties(
    engine: Engine, ids_by_label: dict[Label, list[str]], access: AccessScope
) -> dict[str, NodeRecord]:
    """The given nodes with every stored property, one read per label, all at once."""
    labels = list(ids_by_label)
    replies = await asyncio.gather(
        *(
            engine.read_columns(cypher.NODE_PROPERTIES[label], {"ids": ids_by_label[label]})
            for label in labels
        )
    )
    return {
        node_id: node_from_properties(node_id, label, stored, account, access)
        for label, (ids, accounts, properties) in zip(labels, replies, strict=True)
        for node_id, account, stored in zip(ids, accounts, properties, strict=True)
    }
