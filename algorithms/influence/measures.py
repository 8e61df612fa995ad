"""Influence measures by name, and the ranking of a scope's own people by one of them.

A scoped projection also holds the people of other accounts tied to the
scope's people: they shape the scores, but a scope's rankings list only its
own stakeholders (an automotive buyer is no KOL of the energy industry).
The graph attribute ``scopeAccounts`` names the accounts whose people are
listed (absent or ``None``: every account).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

from algorithms.influence._backend import Backend, backend_for
from algorithms.influence.betweenness import betweenness
from algorithms.influence.brokerage import brokerage
from algorithms.influence.closeness import closeness
from algorithms.influence.composite import influence_scores
from algorithms.influence.eigenvector import eigenvector
from algorithms.influence.hits import hits
from algorithms.influence.pagerank import pagerank
from algorithms.ranking import ScoredNode
from graph_model.model import ClosedSet, Label, names

SEED = 0
SCOPE_ACCOUNTS = "scopeAccounts"


class Measure(ClosedSet):
    """How influence is measured: one of the rankings of this package."""

    PAGERANK, BETWEENNESS, EIGENVECTOR, CLOSENESS, HITS, BROKERAGE, COMPOSITE = names(7)


# Each measure's ranking of a whole people graph, given the backend it suits.
_RANKINGS: Final[Mapping[Measure, Callable[[Any, Backend], list[ScoredNode]]]] = {
    Measure.PAGERANK: lambda graph, backend: pagerank(graph, backend=backend),
    Measure.BETWEENNESS: lambda graph, backend: betweenness(graph, seed=SEED, backend=backend),
    Measure.EIGENVECTOR: lambda graph, _: eigenvector(graph),
    Measure.CLOSENESS: lambda graph, _: closeness(graph),
    Measure.HITS: lambda graph, _: list(hits(graph).authorities),
    Measure.BROKERAGE: lambda graph, _: brokerage(graph),
    Measure.COMPOSITE: lambda graph, backend: influence_scores(graph, seed=SEED, backend=backend),
}


def in_scope(graph: Any, scored: list[ScoredNode], top: int) -> list[ScoredNode]:
    """The scope's own stakeholders among ``scored`` (best first), ranked anew.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph(scopeAccounts=frozenset({"c1"}))
    >>> G.add_node("a", label="Stakeholder", accountId="c1")
    >>> G.add_node("b", label="Stakeholder", accountId="c2")
    >>> G.add_node("us", label="TeamMember", accountId=None)
    >>> scored = [ScoredNode("us", 0.5, 1), ScoredNode("b", 0.3, 2), ScoredNode("a", 0.2, 3)]
    >>> [(s.id, s.rank) for s in in_scope(G, scored, 5)]
    [('a', 1)]
    """
    accounts = graph.graph.get(SCOPE_ACCOUNTS)
    nodes = graph.nodes
    kept = [
        s
        for s in scored
        if nodes[s.id].get("label") == Label.STAKEHOLDER.value
        and (accounts is None or nodes[s.id].get("accountId") in accounts)
    ][:top]
    return [ScoredNode(s.id, s.score, i, s.factors) for i, s in enumerate(kept, start=1)]


def rank_people(graph: Any, measure: str, top: int) -> list[ScoredNode]:
    """Score every person by ``measure``, then keep the scope's stakeholders: our own team is not a lead.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("a", "boss"), ("b", "boss")])
    >>> nx.set_node_attributes(G, "Stakeholder", "label")
    >>> [s.id for s in rank_people(G, "PAGERANK", 1)]
    ['boss']
    """
    try:
        ranking = _RANKINGS[Measure(measure)]
    except ValueError:
        expected = tuple(m.value for m in Measure)
        raise ValueError(f"unknown influence measure {measure!r}; expected one of {expected}") from None
    return in_scope(graph, ranking(graph, backend_for(graph.number_of_nodes())), top)
