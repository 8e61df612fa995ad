"""Explainable influence score: network position blended with formal standing.

A buying centre's influencers are not only the people the network points
to: seniority, buying role and the size of the organisation under someone
matter as much.  The score is a weighted mean of five signals, each in
``[0, 1]``, and every result lists each signal's value and contribution.

References: L. Page et al., "The PageRank citation ranking", 1999;
U. Brandes, "A faster algorithm for betweenness centrality", 2001;
T. V. Bonoma, "Major sales: who really does the buying?", Harvard Business
Review 60(3), 1982 (buying-centre roles).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from typing import Any, Final

from algorithms.errors import check_weights
from algorithms.influence._backend import Backend
from algorithms.influence.betweenness import betweenness_values
from algorithms.influence.pagerank import pagerank_values
from algorithms.projection import reports_counts, with_labels
from algorithms.ranking import Factor, ScoredNode, rank
from graph_model.model import BuyingRole, Label, Seniority

__all__ = ["influence_scores"]

SENIORITY_LEVELS: Final[Mapping[str, float]] = {
    Seniority.C_LEVEL.value: 1.0,
    Seniority.VP.value: 0.8,
    Seniority.DIRECTOR.value: 0.6,
    Seniority.MANAGER.value: 0.4,
    Seniority.STAFF.value: 0.2,
}
BUYING_ROLE_LEVELS: Final[Mapping[str, float]] = {
    BuyingRole.DECISION_MAKER.value: 1.0,
    BuyingRole.ECONOMIC_BUYER.value: 0.9,
    BuyingRole.INFLUENCER.value: 0.7,
    BuyingRole.CHAMPION.value: 0.6,
    BuyingRole.TECHNICAL_EVALUATOR.value: 0.5,
    BuyingRole.GATEKEEPER.value: 0.4,
    BuyingRole.USER.value: 0.2,
}
DEFAULT_INFLUENCE_WEIGHTS: Final[Mapping[str, float]] = {
    "pagerank": 0.30,
    "betweenness": 0.15,
    "seniority": 0.20,
    "buyingRole": 0.20,
    "reportingLine": 0.15,
}


def influence_scores(
    G: Any,
    *,
    weights: Mapping[str, float] | None = None,
    labels: Collection[str] | None = (Label.STAKEHOLDER.value,),
    alpha: float = 0.85,
    betweenness_exact_below: int = 2000,
    betweenness_k: int = 256,
    seed: int | None = None,
    top_k: int | None = None,
    backend: Backend = "networkx",
) -> list[ScoredNode]:
    """Rank people by a blend of network position and formal standing.

    Signals, each scaled to ``[0, 1]``:

    ``pagerank``
        PageRank over the people graph, divided by the largest.
    ``betweenness``
        Betweenness (hops, sampled above ``betweenness_exact_below`` nodes),
        divided by the largest.
    ``seniority``
        C_LEVEL 1.0, VP 0.8, DIRECTOR 0.6, MANAGER 0.4, STAFF 0.2, unknown 0.
    ``buyingRole``
        DECISION_MAKER 1.0, ECONOMIC_BUYER 0.9, INFLUENCER 0.7, CHAMPION 0.6,
        TECHNICAL_EVALUATOR 0.5, GATEKEEPER 0.4, USER 0.2, unknown 0.
    ``reportingLine``
        ``log(1 + r) / log(1 + r_max)`` for ``r`` direct and indirect reports
        along ``REPORTS_TO``, so a large organisation counts without
        swamping the other signals.

    The score is ``sum(w_i * x_i) / sum(w_i)``.

    Parameters
    ----------
    G : networkx.DiGraph
        A people graph (see :func:`algorithms.projection.people_graph`).
    weights : mapping, optional
        Weight per signal name; missing names weigh 0.  Default
        :data:`DEFAULT_INFLUENCE_WEIGHTS`.
    labels : collection of str, optional
        Only nodes with these labels take part (default stakeholders, so our
        own team does not lend influence to the people it covers); ``None``
        for every node.
    alpha : float
        PageRank damping.
    betweenness_exact_below, betweenness_k, seed
        Betweenness sampling (see :func:`algorithms.influence.betweenness`).
    top_k : int, optional
        Return only the best ``top_k`` people.
    backend : {"networkx", "igraph"}
        Backend of PageRank and betweenness.

    Returns
    -------
    list of ScoredNode
        Best first, ties broken by id.  Factors: one per signal with its
        value and contribution (contributions add up to the score), then
        ``directReports`` and ``reports`` as counts.

    Raises
    ------
    InvalidParameter
        For unknown or negative weights, or bad PageRank/betweenness options.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_node("ceo", label="Stakeholder", seniority="C_LEVEL",
    ...            buyingRole="DECISION_MAKER")
    >>> G.add_node("eng", label="Stakeholder", seniority="STAFF", buyingRole="USER")
    >>> G.add_edge("eng", "ceo", weight=1.0, types=frozenset({"REPORTS_TO"}))
    >>> [(r.id, round(r.score, 3)) for r in influence_scores(G)]
    [('ceo', 0.85), ('eng', 0.242)]
    """
    w = check_weights(DEFAULT_INFLUENCE_WEIGHTS if weights is None else weights, DEFAULT_INFLUENCE_WEIGHTS)
    H = with_labels(G, labels)
    if len(H) == 0:
        return []
    signals: dict[str, dict[str, float]] = {}
    raw_pr = pagerank_values(H, alpha=alpha, backend=backend) if w.get("pagerank", 0.0) > 0 else {}
    signals["pagerank"] = _scaled(raw_pr, H)
    raw_bc: dict[str, float] = {}
    if w.get("betweenness", 0.0) > 0:
        raw_bc, _ = betweenness_values(
            H,
            exact_below=betweenness_exact_below,
            k=betweenness_k,
            seed=seed,
            backend=backend,
        )
    signals["betweenness"] = _scaled(raw_bc, H)
    nodes = H.nodes
    signals["seniority"] = {n: SENIORITY_LEVELS.get(nodes[n].get("seniority"), 0.0) for n in H}
    signals["buyingRole"] = {n: BUYING_ROLE_LEVELS.get(nodes[n].get("buyingRole"), 0.0) for n in H}
    counts = reports_counts(H)
    most = max((total for _, total in counts.values()), default=0)
    signals["reportingLine"] = {n: math.log1p(counts[n][1]) / math.log1p(most) if most else 0.0 for n in H}
    total_weight = sum(w.values())
    share = {name: w.get(name, 0.0) / total_weight for name in DEFAULT_INFLUENCE_WEIGHTS}
    raw = {"pagerank": raw_pr, "betweenness": raw_bc}
    scores = {n: sum(share[s] * signals[s][n] for s in share) for n in H}

    def factors(node: str) -> tuple[Factor, ...]:
        out = [
            Factor(
                name,
                raw[name].get(node, 0.0) if name in raw else signals[name][node],
                share[name] * signals[name][node],
            )
            for name in DEFAULT_INFLUENCE_WEIGHTS
        ]
        direct, total = counts[node]
        out += [Factor("directReports", float(direct)), Factor("reports", float(total))]
        return tuple(out)

    return rank(scores, factors, top_k)


def _scaled(values: Mapping[str, float], H: Any) -> dict[str, float]:
    top = max(values.values(), default=0.0)
    return {n: values.get(n, 0.0) / top if top > 0 else 0.0 for n in H}
