"""Communities of a scope's stakeholders (Louvain modularity maximisation).

Reference: V. D. Blondel, J.-L. Guillaume, R. Lambiotte, E. Lefebvre, "Fast
unfolding of communities in large networks", J. Stat. Mech. P10008, 2008.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any, Final

import networkx as nx

from algorithms.errors import InvalidParameter, check_range
from graph_model.model import Label

__all__ = ["Community", "CommunityDetection", "communities", "tie_graph"]

_TEAM: Final = Label.TEAM_MEMBER.value


@dataclass(frozen=True, slots=True)
class Community:
    """One community: its members, most central first, the accounts it spans, and our bridges.

    ``bridges`` are our team members tied to at least one member, most
    strongly tied first: they reach the community, they are not part of it.
    """

    id: int
    size: int
    members: tuple[str, ...]
    central_members: tuple[str, ...] = field(
        metadata={"description": "The most central members, most central first."}
    )
    accounts: tuple[str, ...] = field(metadata={"description": "The accounts its members belong to."})
    internal_weight: float = field(metadata={"description": "Sum of the strengths of the ties within it."})
    bridges: tuple[str, ...] = field(
        default=(),
        metadata={
            "description": "Our team members tied to the community, most strongly tied first: they reach "
            "it, they are not members."
        },
    )


@dataclass(frozen=True, slots=True)
class CommunityDetection:
    """All communities, largest first, and the modularity of the partition."""

    communities: tuple[Community, ...]
    modularity: float


def tie_graph(G: Any, *, weight: str = "weight") -> Any:
    """Undirected graph of ties: a pair's weight is the larger of its two directions.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_edge("a", "b", weight=0.2)
    >>> G.add_edge("b", "a", weight=0.7)
    >>> list(tie_graph(G).edges(data="weight"))
    [('a', 'b', 0.7)]
    """
    if not G.is_directed():
        return G
    H = nx.Graph()
    H.add_nodes_from(G.nodes(data=True))
    for u, v, data in G.edges(data=True):
        w = float(data.get(weight, 1.0))
        if not H.has_edge(u, v) or H[u][v][weight] < w:
            H.add_edge(u, v, **{weight: w})
    return H


def communities(
    G: Any,
    *,
    resolution: float = 1.0,
    seed: int = 0,
    weight: str = "weight",
    top_members: int = 3,
    accounts: Collection[str] | None = None,
    min_size: int = 2,
) -> CommunityDetection:
    """Split the stakeholders of a scope into communities with Louvain.

    Directed graphs are read as undirected ties (see :func:`tie_graph`):
    a community is a group of people tied to each other, whichever way.
    Only stakeholders are members: our team members (nodes labelled
    ``TeamMember``) are left out of the partition and named as each
    community's ``bridges``, since a group that exists because one of us
    knows all of them says nothing about the account.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        A people graph of one scope (account, industry or everything).
    resolution : float
        Above 1 favours smaller communities, below 1 larger ones.
    seed : int
        Seed of Louvain's node order: the same seed gives the same result.
    weight : str
        Edge attribute holding the tie strength.
    top_members : int
        How many central members to name per community (by weighted degree
        inside the community, ties broken by id).
    accounts : collection of str, optional
        The scope's accounts: only their stakeholders (by ``accountId``) are
        members; people of other accounts a scope's export reaches are left
        out.  Default every stakeholder of ``G``.
    min_size : int
        Smallest community reported: a person alone is not a community.

    Returns
    -------
    CommunityDetection
        Communities of at least ``min_size`` members ordered by size (then by
        smallest member id) and numbered in that order from 0; members sorted
        by id.  The modularity is that of the whole partition of the members'
        graph, smaller groups included.  An empty graph gives no communities
        and modularity 0.

    Raises
    ------
    InvalidParameter
        For a non-positive resolution, negative ``top_members`` or
        ``min_size < 1``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"),
    ...               ("x", "y"), ("y", "z"), ("x", "z"), ("c", "x"), ("us", "a")])
    >>> G.nodes["us"]["label"] = "TeamMember"
    >>> G.add_node("loner")
    >>> [(c.members, c.bridges) for c in communities(G, seed=1).communities]
    [(('a', 'b', 'c'), ('us',)), (('x', 'y', 'z'), ())]
    """
    check_range("resolution", resolution, 0.0, float("inf"), low_open=True)
    if top_members < 0:
        raise InvalidParameter(f"top_members must be >= 0, got {top_members}")
    if min_size < 1:
        raise InvalidParameter(f"min_size must be >= 1, got {min_size}")
    H = tie_graph(G, weight=weight)
    team = {n for n, label in H.nodes(data="label") if label == _TEAM}
    scope = None if accounts is None else frozenset(accounts)
    people = [
        n for n, acct in H.nodes(data="accountId") if n not in team and (scope is None or acct in scope)
    ]
    P = H.subgraph(people)
    if len(P) == 0:
        return CommunityDetection((), 0.0)
    parts = nx.community.louvain_communities(P, weight=weight, resolution=resolution, seed=seed)
    modularity = (
        float(nx.community.modularity(P, parts, weight=weight, resolution=resolution))
        if P.number_of_edges()
        else 0.0
    )
    ordered = sorted((sorted(p) for p in parts if len(p) >= min_size), key=lambda m: (-len(m), m[0]))
    out = []
    for index, members in enumerate(ordered):
        inside = set(members)
        strength = {
            n: sum(float(d.get(weight, 1.0)) for v, d in H.adj[n].items() if v in inside) for n in members
        }
        reach: dict[str, float] = {}
        for n in members:
            for v, d in H.adj[n].items():
                if v in team:
                    reach[v] = reach.get(v, 0.0) + float(d.get(weight, 1.0))
        central = sorted(members, key=lambda n: (-strength[n], n))[:top_members]
        spanned = sorted({a for n in members if (a := H.nodes[n].get("accountId")) is not None})
        out.append(
            Community(
                id=index,
                size=len(members),
                members=tuple(members),
                central_members=tuple(central),
                accounts=tuple(spanned),
                internal_weight=sum(strength.values()) / 2,
                bridges=tuple(sorted(reach, key=lambda t: (-reach[t], t))),
            )
        )
    return CommunityDetection(tuple(out), modularity)
