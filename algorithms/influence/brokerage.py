"""Brokerage: Burt's constraint and effective size (structural holes).

Reference: R. S. Burt, "Structural Holes: The Social Structure of
Competition", Harvard University Press, 1992.
"""

from __future__ import annotations

import math
from typing import Any

import networkx as nx

from algorithms.ranking import Factor, ScoredNode, rank

__all__ = ["brokerage"]


def brokerage(G: Any, *, weight: str | None = "weight", top_k: int | None = None) -> list[ScoredNode]:
    """Rank nodes by brokerage opportunity: ``1 - constraint``, at least 0.

    Burt's constraint measures how much a person's contacts are tied to one
    another: a person whose contacts do not know each other spans structural
    holes and can broker between them (low constraint, score near 1); a
    person embedded in one closed clique, or with a single contact, cannot
    (constraint near or above 1, score 0).  Directed ties count in either
    direction, as Burt defines it.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        Node ids are strings.
    weight : str or None
        Edge attribute holding the tie strength; ``None`` for unweighted.
    top_k : int, optional
        Return only the best ``top_k`` nodes.

    Returns
    -------
    list of ScoredNode
        Best first, ties broken by id.  Factors: ``constraint``,
        ``effectiveSize`` (number of non-redundant contacts), ``efficiency``
        (effective size per contact) and ``contacts``.  A node without
        contacts scores 0 with constraint 1 and effective size 0.

    References
    ----------
    R. S. Burt, "Structural Holes: The Social Structure of Competition",
    Harvard University Press, 1992.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("a1", "a2"), ("a1", "b"), ("a2", "b"),
    ...               ("b", "c1"), ("c1", "c2"), ("b", "c2")])
    >>> top = brokerage(G)[0]
    >>> top.id, round(top.score, 3)
    ('b', 0.438)
    """
    constraint: dict[str, float] = nx.constraint(G, weight=weight)
    effective: dict[str, float] = nx.effective_size(G, weight=weight)
    contacts = {n: len(set(nx.all_neighbors(G, n)) - {n}) for n in G}
    for n in G:
        if contacts[n] == 0 or math.isnan(constraint[n]):
            constraint[n] = 1.0
            effective[n] = 0.0
    scores = {n: max(0.0, 1.0 - constraint[n]) for n in G}

    def factors(node: str) -> tuple[Factor, ...]:
        degree = contacts[node]
        return (
            Factor("constraint", constraint[node]),
            Factor("effectiveSize", effective[node]),
            Factor("efficiency", effective[node] / degree if degree else 0.0),
            Factor("contacts", float(degree)),
        )

    return rank(scores, factors, top_k)
