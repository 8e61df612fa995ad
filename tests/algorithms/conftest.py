"""Named graphs shared by the algorithm tests, with string node ids."""

from __future__ import annotations

from typing import Any

import networkx as nx
import pytest


@pytest.fixture(scope="session")
def karate() -> Any:
    return nx.freeze(nx.relabel_nodes(nx.karate_club_graph(), str))


@pytest.fixture(scope="session")
def florentine() -> Any:
    return nx.freeze(nx.florentine_families_graph())


@pytest.fixture(scope="session")
def random_digraph() -> Any:
    G = nx.gnm_random_graph(400, 1600, seed=7, directed=True)
    G = nx.relabel_nodes(G, lambda n: f"n{n:03d}")
    for i, (u, v) in enumerate(G.edges()):
        G[u][v]["weight"] = 0.1 + (i * 37 % 90) / 100
    return nx.freeze(G)
