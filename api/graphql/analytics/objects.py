"""Object fields of analytics results: the entities their ids name.

Each loads through the request's ``node_by_id`` DataLoader, so the same
field on sibling results costs one store read.  A node the caller may no
longer see (deleted since the result was computed) is null, or left out of
a list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import attrgetter
from typing import Any, TypeVar

import strawberry
from strawberry.types.field import StrawberryField

from api.graphql.core.context import Info
from api.graphql.core.results import list_of, maybe
from api.graphql.entities.types import Node, Stakeholder, TeamMember, to_type

N = TypeVar("N", bound=Node)


async def load_nodes(info: Info, ids: Sequence[str], kind: type[N]) -> list[N | None]:
    records = await info.context.loaders.node_by_id.load_many(list(ids))
    nodes = [to_type(r) if r is not None else None for r in records]
    return [n if isinstance(n, kind) else None for n in nodes]


def node_object(
    id_attribute: str, kind: type[Node] = Node, *, name: str | None = None, description: str | None = None
) -> StrawberryField:
    """A field giving the node whose id the result's ``id_attribute`` holds."""
    id_of = attrgetter(id_attribute)

    async def resolve(root: strawberry.Parent[Any], info: Info) -> Node | None:
        node_id: str | None = id_of(root)
        return None if node_id is None else (await load_nodes(info, [node_id], kind))[0]

    return strawberry.field(resolver=resolve, graphql_type=maybe(kind), name=name, description=description)


def node_objects(
    ids_of: str | Callable[[Any], Sequence[str]],
    kind: type[Node] = Node,
    *,
    name: str | None = None,
    description: str | None = None,
) -> StrawberryField:
    """A field giving the nodes whose ids the result holds (an attribute, or a function of it), in order."""
    read = attrgetter(ids_of) if isinstance(ids_of, str) else ids_of

    async def resolve(root: strawberry.Parent[Any], info: Info) -> list[Node]:
        return [n for n in await load_nodes(info, read(root), kind) if n is not None]

    return strawberry.field(resolver=resolve, graphql_type=list_of(kind), name=name, description=description)


def tie_ends(*, team_member: str | None = None, stakeholder: str | None = None) -> dict[str, StrawberryField]:
    """The ``teamMember`` and ``stakeholder`` fields of a result about one of our ties."""
    return {
        "team_member": node_object("team_member_id", TeamMember, description=team_member),
        "stakeholder": node_object("stakeholder_id", Stakeholder, description=stakeholder),
    }
