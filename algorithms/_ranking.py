"""Rankings of people for the analytics service: scores cut to a scope's own people.

A scoped projection also holds the people of other accounts tied to the
scope's people: they shape the scores, but a scope's rankings list only its
own stakeholders (an automotive buyer is no KOL of the energy industry).
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from algorithms.influence import (
    betweenness,
    brokerage,
    closeness,
    eigenvector,
    hits,
    influence_scores,
    pagerank,
)
from algorithms.influence._backend import Backend
from algorithms.results import Factor, ScoredNode
from graph_model.analytics_export import ExportScope, GraphExport, ScopeKind
from graph_model.model import Label, RelType

# Above this many people, the igraph fast paths (checked against networkx in
# the tests) replace the pure-Python reference implementations.
FAST_PATH_FROM = 50
SEED = 0
# Graph attribute of a scope's projection: the accounts whose people it ranks.
SCOPE_ACCOUNTS = "scopeAccounts"


@dataclass(frozen=True)
class RankedPerson:
    id: str
    name: str
    label: str
    account_id: str | None
    score: float
    rank: int
    factors: tuple[Factor, ...]


def scope_accounts(export: GraphExport, scope: ExportScope) -> frozenset[str] | None:
    """The accounts whose people a scope's rankings list (``None``: every account)."""
    if scope.kind is ScopeKind.ALL:
        return None
    if scope.kind is ScopeKind.CUSTOMER:
        return frozenset({str(scope.id)})
    customers = {n.id for n in export.nodes if n.label == Label.CUSTOMER.value}
    return frozenset(
        e.source
        for e in export.edges
        if e.type == RelType.IN_INDUSTRY.value and e.target == scope.id and e.source in customers
    )


def in_scope(graph: nx.DiGraph, scored: list[ScoredNode], top: int) -> list[ScoredNode]:
    """The scope's own stakeholders among ``scored`` (best first), ranked anew."""
    accounts = graph.graph.get(SCOPE_ACCOUNTS)
    nodes = graph.nodes
    kept = [
        s
        for s in scored
        if nodes[s.id].get("label") == Label.STAKEHOLDER.value
        and (accounts is None or nodes[s.id].get("accountId") in accounts)
    ][:top]
    return [ScoredNode(s.id, s.score, i, s.factors) for i, s in enumerate(kept, start=1)]


def rank_people(graph: nx.DiGraph, measure: str, top: int) -> list[ScoredNode]:
    """Score every person, then keep the scope's stakeholders: our own team is not a lead."""
    big = graph.number_of_nodes() >= FAST_PATH_FROM
    backend: Backend = "igraph" if big else "networkx"
    if measure == "COMPOSITE":
        return in_scope(graph, influence_scores(graph, seed=SEED, backend=backend), top)
    if measure == "PAGERANK":
        scored = pagerank(graph, backend=backend)
    elif measure == "BETWEENNESS":
        scored = betweenness(graph, seed=SEED, backend=backend)
    elif measure == "EIGENVECTOR":
        scored = eigenvector(graph)
    elif measure == "CLOSENESS":
        scored = closeness(graph)
    elif measure == "HITS":
        scored = list(hits(graph).authorities)
    elif measure == "BROKERAGE":
        scored = brokerage(graph)
    else:
        raise ValueError(f"unknown influence measure {measure!r}")
    return in_scope(graph, scored, top)


def people_results(graph: nx.DiGraph, scored: list[ScoredNode]) -> list[RankedPerson]:
    nodes = graph.nodes
    return [
        RankedPerson(
            s.id,
            str(nodes[s.id].get("name", "")),
            str(nodes[s.id].get("label", "")),
            nodes[s.id].get("accountId"),
            s.score,
            s.rank,
            s.factors,
        )
        for s in scored
    ]
