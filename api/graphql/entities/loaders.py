"""Per-request DataLoaders: N sibling objects cost one store call per field."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from strawberry.dataloader import DataLoader

from graph_model.access import AccessScope
from graph_model.model import Direction, Label, RelType
from graph_model.records import NodeRecord
from graph_model.store import GraphStore

Neighbour = tuple[NodeRecord, dict[str, Any]]


class NodeByIdLoader(DataLoader[str, NodeRecord | None]):
    def __init__(self, store: GraphStore, access: AccessScope) -> None:
        async def load(ids: list[str]) -> Sequence[NodeRecord | None]:
            found = await store.get_nodes(ids, access)
            return [found.get(i) for i in ids]

        super().__init__(load_fn=load)


class NeighboursByNodeIdLoader(DataLoader[str, list[Neighbour]]):
    """Neighbours over one relationship type and direction, keyed by node id."""

    def __init__(
        self, store: GraphStore, access: AccessScope, rel_type: RelType, direction: Direction
    ) -> None:
        async def load(ids: list[str]) -> Sequence[list[Neighbour]]:
            found = await store.neighbours(ids, rel_type, direction, access)
            return [found[i] for i in ids]

        super().__init__(load_fn=load)


class MembersByAccountIdLoader(DataLoader[str, list[Neighbour]]):
    """Departments or stakeholders of an account, keyed by customer id."""

    def __init__(self, store: GraphStore, access: AccessScope, label: Label) -> None:
        async def load(ids: list[str]) -> Sequence[list[Neighbour]]:
            found = await store.account_members(ids, label, access)
            return [found[i] for i in ids]

        super().__init__(load_fn=load)


class Loaders:
    """The loaders of one request, created lazily."""

    def __init__(self, store: GraphStore, access: AccessScope) -> None:
        self._store, self._access = store, access
        self.node_by_id = NodeByIdLoader(store, access)
        self._neighbours: dict[tuple[RelType, Direction], NeighboursByNodeIdLoader] = {}
        self._members: dict[Label, MembersByAccountIdLoader] = {}

    def neighbours(self, rel_type: RelType, direction: Direction) -> NeighboursByNodeIdLoader:
        key = (rel_type, direction)
        if key not in self._neighbours:
            self._neighbours[key] = NeighboursByNodeIdLoader(self._store, self._access, rel_type, direction)
        return self._neighbours[key]

    def members(self, label: Label) -> MembersByAccountIdLoader:
        if label not in self._members:
            self._members[label] = MembersByAccountIdLoader(self._store, self._access, label)
        return self._members[label]

    def clear(self) -> None:
        """Forget cached results after a write in the same request."""
        self.node_by_id.clear_all()
        for loader in (*self._neighbours.values(), *self._members.values()):
            loader.clear_all()
