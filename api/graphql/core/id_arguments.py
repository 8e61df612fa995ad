"""Id arguments: the node an id names, or NOT_FOUND naming the argument.

One rule for every query: an id that names nothing the caller may see (an
account outside a scoped key's reach looks the same as none) or a node of
another kind is a NOT_FOUND error whose ``field`` is the argument, with its
index for lists (``fromTeamMemberIds[1]``); the field answers null.
"""

from __future__ import annotations

from collections.abc import Sequence

from api.graphql.core.context import Info
from api.graphql.core.errors import NotFoundError
from graph_model.model import Label
from graph_model.records import NodeRecord


def not_found(node_id: str, label: Label, *, field: str) -> NotFoundError:
    return NotFoundError(f"no {label.value} with id {node_id!r}", field=field)


async def node_argument(info: Info, node_id: str, label: Label, *, field: str) -> NodeRecord:
    found = await info.context.loaders.node_by_id.load(str(node_id))
    if found is None or found.label is not label:
        raise not_found(node_id, label, field=field)
    return found


async def node_arguments(info: Info, ids: Sequence[str], label: Label, *, field: str) -> list[NodeRecord]:
    """The nodes a list argument names, in its order; the first bad one is reported with its index."""
    found = await info.context.loaders.node_by_id.load_many([str(i) for i in ids])
    records: list[NodeRecord] = []
    for index, (node_id, record) in enumerate(zip(ids, found, strict=True)):
        if record is None or record.label is not label:
            raise not_found(node_id, label, field=f"{field}[{index}]")
        records.append(record)
    return records
