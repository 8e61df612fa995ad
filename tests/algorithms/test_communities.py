"""Louvain communities with a seed."""

from __future__ import annotations

from typing import Any

import networkx as nx
import pytest

from algorithms.communities import communities, tie_graph
from algorithms.errors import InvalidParameter


def two_triangles() -> nx.Graph:
    return nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z"), ("c", "x")])


def test_two_groups_and_their_modularity() -> None:
    # m = 7; each side has 3 internal edges and degree sum 7:
    # Q = 2 * (3/7 - (7/14)^2) = 5/14.
    result = communities(two_triangles(), seed=1)
    assert [c.members for c in result.communities] == [("a", "b", "c"), ("x", "y", "z")]
    assert [c.id for c in result.communities] == [0, 1]
    assert result.modularity == pytest.approx(5 / 14)
    first = result.communities[0]
    assert first.size == 3
    assert first.internal_weight == 3.0
    # Inside the community everybody has weighted degree 2: ids break the tie.
    assert first.central_members == ("a", "b", "c")


def test_central_members_by_internal_strength() -> None:
    G = two_triangles()
    G["a"]["b"]["weight"] = 0.9
    G["a"]["c"]["weight"] = 0.8
    G["b"]["c"]["weight"] = 0.1
    first = communities(G, seed=1, top_members=2).communities[0]
    assert first.central_members == ("a", "b")
    assert first.internal_weight == pytest.approx(1.8)


def test_directed_ties_are_read_as_undirected_at_their_strongest() -> None:
    G = nx.DiGraph()
    G.add_edge("a", "b", weight=0.2)
    G.add_edge("b", "a", weight=0.9)
    G.add_edge("c", "d", weight=0.5)
    H = tie_graph(G)
    assert not H.is_directed()
    assert H["a"]["b"]["weight"] == 0.9
    assert [c.members for c in communities(G).communities] == [("a", "b"), ("c", "d")]


def test_accounts_spanned() -> None:
    G = two_triangles()
    nx.set_node_attributes(G, {"a": "acme", "b": "acme", "c": "beta", "x": "gamma"}, "accountId")
    first, second = communities(G, seed=1).communities
    assert first.accounts == ("acme", "beta")
    assert second.accounts == ("gamma",)


def test_seeded_and_a_partition(karate: Any) -> None:
    one = communities(karate, seed=42)
    assert one == communities(karate, seed=42)
    members = [m for c in one.communities for m in c.members]
    assert sorted(members) == sorted(karate)
    assert [c.size for c in one.communities] == sorted((c.size for c in one.communities), reverse=True)
    assert one.modularity > 0.4
    # The two rival leaders end up apart.
    home = {m: c.id for c in one.communities for m in c.members}
    assert home["0"] != home["33"]


def test_resolution_changes_granularity(karate: Any) -> None:
    coarse = communities(karate, seed=3, resolution=0.3)
    fine = communities(karate, seed=3, resolution=3.0)
    assert len(coarse.communities) < len(fine.communities)


def test_empty_and_edgeless() -> None:
    empty = communities(nx.Graph())
    assert (empty.communities, empty.modularity) == ((), 0.0)
    edgeless = communities(nx.empty_graph(["a", "b"]))
    assert edgeless.communities == ()  # a person alone is not a community
    assert edgeless.modularity == 0.0
    assert [c.members for c in communities(nx.empty_graph(["a", "b"]), min_size=1).communities] == [
        ("a",),
        ("b",),
    ]


def test_our_team_bridges_communities_and_is_never_a_member() -> None:
    # Without the rule, "us" (tied to everyone) would pull both triangles and
    # the loner into one group around our own people.
    G = two_triangles()
    G.remove_edge("c", "x")
    G.add_node("loner")
    for n, w in (("a", 0.9), ("b", 0.9), ("x", 0.3), ("loner", 1.0)):
        G.add_edge("us", n, weight=w)
    G.add_edge("them", "x", weight=0.8)
    nx.set_node_attributes(G, {"us": "TeamMember", "them": "TeamMember"}, "label")
    found = communities(G, seed=1).communities
    assert [(c.members, c.bridges) for c in found] == [
        (("a", "b", "c"), ("us",)),
        (("x", "y", "z"), ("them", "us")),  # 0.8 before 0.3
    ]


def test_only_the_scopes_accounts_are_members() -> None:
    G = two_triangles()
    nx.set_node_attributes(G, dict.fromkeys("abc", "acme") | dict.fromkeys("xyz", "beta"), "accountId")
    assert [c.members for c in communities(G, seed=1, accounts=["acme"]).communities] == [("a", "b", "c")]


def test_bad_options() -> None:
    with pytest.raises(InvalidParameter):
        communities(two_triangles(), resolution=0.0)
    with pytest.raises(InvalidParameter):
        communities(two_triangles(), top_members=-1)
    with pytest.raises(InvalidParameter):
        communities(two_triangles(), min_size=0)
