"""Communities of the people graph (Louvain modularity maximisation).

Reference: V. D. Blondel, J.-L. Guillaume, R. Lambiotte, E. Lefebvre, "Fast
unfolding of communities in large networks", J. Stat. Mech. P10008, 2008.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx

from algorithms._util import check_range
from algorithms.errors import InvalidParameter


@dataclass(frozen=True, slots=True)
class Community:
    """One community: its members, most central first, and the accounts it spans."""

    id: int
    size: int
    members: tuple[str, ...]
    central_members: tuple[str, ...]
    accounts: tuple[str, ...]
    internal_weight: float


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
) -> CommunityDetection:
    """Split the people of a scope into communities with Louvain.

    Directed graphs are read as undirected ties (see :func:`tie_graph`):
    a community is a group of people tied to each other, whichever way.

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

    Returns
    -------
    CommunityDetection
        Communities ordered by size (then by smallest member id) and
        numbered in that order from 0; members sorted by id.  An empty graph
        gives no communities and modularity 0.

    Raises
    ------
    InvalidParameter
        For a non-positive resolution or negative ``top_members``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"),
    ...               ("x", "y"), ("y", "z"), ("x", "z"), ("c", "x")])
    >>> [c.members for c in communities(G, seed=1).communities]
    [('a', 'b', 'c'), ('x', 'y', 'z')]
    """
    check_range("resolution", resolution, 0.0, float("inf"), low_open=True)
    if top_members < 0:
        raise InvalidParameter(f"top_members must be >= 0, got {top_members}")
    H = tie_graph(G, weight=weight)
    if len(H) == 0:
        return CommunityDetection((), 0.0)
    parts = nx.community.louvain_communities(H, weight=weight, resolution=resolution, seed=seed)
    modularity = (
        float(nx.community.modularity(H, parts, weight=weight, resolution=resolution))
        if H.number_of_edges()
        else 0.0
    )
    ordered = sorted((sorted(p) for p in parts), key=lambda m: (-len(m), m[0]))
    out = []
    for index, members in enumerate(ordered):
        inside = set(members)
        strength = {
            n: sum(float(d.get(weight, 1.0)) for v, d in H.adj[n].items() if v in inside) for n in members
        }
        central = sorted(members, key=lambda n: (-strength[n], n))[:top_members]
        accounts = sorted({a for n in members if (a := H.nodes[n].get("accountId")) is not None})
        out.append(
            Community(
                id=index,
                size=len(members),
                members=tuple(members),
                central_members=tuple(central),
                accounts=tuple(accounts),
                internal_weight=sum(strength.values()) / 2,
            )
        )
    return CommunityDetection(tuple(out), modularity)
