"""Industry key opinion leaders (KOLs): people whose word travels across accounts.

A KOL is not the most senior person of the largest customer: it is someone
many buyers in the industry listen to, whatever their own account is worth.
The score therefore weighs the number of *other* accounts a person reaches
through the cross-company network above network centrality.

References: E. Katz and P. F. Lazarsfeld, "Personal Influence", Free Press,
1955 (opinion leaders); L. Page et al., "The PageRank citation ranking",
1999; R. S. Burt, "Structural holes and good ideas", American Journal of
Sociology 110(2), 2004 (reach across groups).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import numpy as np
import scipy.sparse

from algorithms.compact_graph import ScopeTies, compact_pagerank
from algorithms.errors import InvalidParameter, check_weights
from algorithms.influence._backend import Backend
from algorithms.influence.pagerank import pagerank_values
from algorithms.projection import with_labels
from algorithms.ranking import Factor, ScoredNode, rank
from graph_model.model import Label

__all__ = ["accounts_reached", "industry_kols"]

DEFAULT_KOL_WEIGHTS: Final[Mapping[str, float]] = {
    "accountsReached": 0.45,
    "pagerank": 0.35,
    "crossAccountTies": 0.20,
}


def accounts_reached(G: Any, *, hops: int = 2) -> dict[str, int]:
    """Number of distinct other accounts each node reaches within ``hops`` edges.

    Reach follows influence: along a people graph's edges backwards (an edge
    ``u -> v`` says u listens to v, so v reaches u).  Nodes without an
    ``accountId`` reach others but are not an account themselves.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("x", "kol"), ("y", "x")])
    >>> nx.set_node_attributes(G, {"kol": "k", "x": "a1", "y": "a2"}, "accountId")
    >>> accounts_reached(G, hops=1), accounts_reached(G, hops=2)["kol"]
    ({'x': 1, 'kol': 1, 'y': 0}, 2)
    """
    if hops < 1:
        raise InvalidParameter(f"hops must be >= 1, got {hops}")
    account = {n: G.nodes[n].get("accountId") for n in G}
    listeners = G.pred if G.is_directed() else G.adj
    # Accounts reachable within h hops = own neighbours' accounts plus what
    # they reach within h - 1; sets of accounts stay small, so this is
    # cheaper than a search per node.
    within: dict[str, frozenset[str]] = {n: frozenset() for n in G}
    for _ in range(hops):
        within = {
            n: frozenset(a for u in listeners[n] for a in (account[u], *within[u]) if a is not None)
            for n in G
        }
    return {n: len(within[n] - {account[n]}) for n in G}


def industry_kols(
    G: Any,
    *,
    hops: int = 2,
    weights: Mapping[str, float] | None = None,
    alpha: float = 0.85,
    top_k: int | None = None,
    backend: Backend = "networkx",
) -> list[ScoredNode]:
    """Rank an industry's stakeholders as key opinion leaders.

    Signals, each in ``[0, 1]``:

    ``accountsReached``
        Distinct accounts other than their own reached within ``hops``
        ties (see :func:`accounts_reached`), divided by the largest.
    ``pagerank``
        PageRank over the cross-company network, divided by the largest.
    ``crossAccountTies``
        Share of the person's tie strength that goes to other accounts.

    The score is ``sum(w_i * x_i) / sum(w_i)``.

    Parameters
    ----------
    G : networkx.DiGraph
        A people graph of an industry scope, typically projected with
        ``types=("KNOWS", "INFLUENCES")`` (see
        :func:`algorithms.projection.people_graph`).  Only stakeholders take
        part.
    hops : int
        Reach radius.
    weights : mapping, optional
        Weight per signal; default :data:`DEFAULT_KOL_WEIGHTS`.
    alpha : float
        PageRank damping.
    top_k : int, optional
        Return only the best ``top_k``.
    backend : {"networkx", "igraph"}
        PageRank backend.

    Returns
    -------
    list of ScoredNode
        Only people with a tie of their own to another account
        (``crossAccountTies > 0``), best first, ties broken by id.  Factors: the three signals (value as
        measured: a count, a probability, a share; contribution to the
        score), then ``accountSize`` (stakeholders of their own account in
        ``G``).

    Raises
    ------
    InvalidParameter
        For ``hops < 1`` or bad weights.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> for n, acct in [("kol", "small"), ("a", "big"), ("b", "big"), ("c", "c3"),
    ...                 ("d", "c4")]:
    ...     G.add_node(n, label="Stakeholder", accountId=acct)
    >>> G.add_edges_from([("a", "b"), ("b", "a"), ("c", "kol"), ("d", "kol"), ("a", "kol")])
    >>> [r.id for r in industry_kols(G)][:2]
    ['kol', 'a']
    """
    w = check_weights(DEFAULT_KOL_WEIGHTS if weights is None else weights, DEFAULT_KOL_WEIGHTS)
    H = with_labels(G, (Label.STAKEHOLDER.value,))
    if len(H) == 0:
        return []
    reach = accounts_reached(H, hops=hops)
    pr = pagerank_values(H, alpha=alpha, backend=backend) if w.get("pagerank", 0) > 0 else {}
    cross = _cross_account_share(H)
    top_reach = max(reach.values())
    top_pr = max(pr.values(), default=0.0)
    total = sum(w.values())
    share = {name: w.get(name, 0.0) / total for name in DEFAULT_KOL_WEIGHTS}
    sizes: dict[Any, int] = {}
    for n in H:
        acct = H.nodes[n].get("accountId")
        sizes[acct] = sizes.get(acct, 0) + 1

    def signals(n: str) -> dict[str, float]:
        return {
            "accountsReached": reach[n] / top_reach if top_reach else 0.0,
            "pagerank": pr.get(n, 0.0) / top_pr if top_pr > 0 else 0.0,
            "crossAccountTies": cross[n],
        }

    # A KOL's own word must cross an account boundary: someone whose ties all
    # stay at home reaches other accounts only through colleagues who do.
    scores = {n: sum(share[k] * v for k, v in signals(n).items()) for n in H if cross[n] > 0}

    def factors(n: str) -> tuple[Factor, ...]:
        x = signals(n)
        measured = {
            "accountsReached": float(reach[n]),
            "pagerank": pr.get(n, 0.0),
            "crossAccountTies": cross[n],
        }
        own = H.nodes[n].get("accountId")
        return (
            *(Factor(k, measured[k], share[k] * x[k]) for k in DEFAULT_KOL_WEIGHTS),
            Factor("accountSize", float(sizes[own]) if own is not None else 0.0),
        )

    return rank(scores, factors, top_k)


def scope_kols(
    scope: ScopeTies,
    top: int,
    *,
    hops: int = 2,
    weights: Mapping[str, float] | None = None,
    alpha: float = 0.85,
) -> list[ScoredNode]:
    """The scope's own KOLs from arrays: ``in_scope(G, industry_kols(G), top)`` for the same graph.

    ``scope`` is :meth:`~algorithms.compact_graph.CompactPeopleGraph.scope_ties`
    of an industry's accounts (stakeholders, ``KNOWS`` and ``INFLUENCES``).
    The signals are :func:`industry_kols`' computed with sparse matrices:
    reach as the boolean powers of the listening matrix times each
    person's account, PageRank by :func:`~algorithms.compact_graph.compact_pagerank`
    (equal to networkx's within its tolerance), tie shares summed per edge.

    Examples
    --------
    >>> from algorithms.compact_graph import CompactPeopleGraph
    >>> g = CompactPeopleGraph()
    >>> for n, acct in [("kol", "small"), ("a", "big"), ("b", "big"), ("c", "c3"), ("d", "c4")]:
    ...     g.set_person(n, "Stakeholder", acct)
    >>> for u, v in [("a", "b"), ("c", "kol"), ("d", "kol"), ("a", "kol")]:
    ...     g.set_tie("INFLUENCES", v, u, 1.0)
    >>> g.set_tie("INFLUENCES", "a", "b", 1.0)
    >>> everyone = ["small", "big", "c3", "c4"]
    >>> [r.id for r in scope_kols(g.scope_ties(everyone, ["INFLUENCES"], "Stakeholder"), 2)]
    ['kol', 'a']
    """
    w = check_weights(DEFAULT_KOL_WEIGHTS if weights is None else weights, DEFAULT_KOL_WEIGHTS)
    if hops < 1:
        raise InvalidParameter(f"hops must be >= 1, got {hops}")
    people, n = scope.people, len(scope.people)
    if n == 0 or top < 1:
        return []
    u, v, account = scope.u, scope.v, scope.account
    listens = scipy.sparse.csr_array((np.ones(len(u)), (v, u)), shape=(n, n))
    within = listens
    for _ in range(hops - 1):
        within = listens + listens @ within
    has_account = np.flatnonzero(account >= 0)
    one_hot = scipy.sparse.csr_array(
        (np.ones(len(has_account)), (has_account, account[has_account])),
        shape=(n, max(len(scope.account_ids), 1)),
    )
    reached_accounts = (within @ one_hot).tocsr()
    reached_accounts.eliminate_zeros()
    reach = np.diff(reached_accounts.indptr).astype(float)
    own = account >= 0
    reach[own] -= reached_accounts[np.flatnonzero(own), account[own]] > 0
    pr = compact_pagerank(people, alpha=alpha)[0] if w.get("pagerank", 0) > 0 else np.zeros(n)
    total = np.bincount(u, weights=scope.w, minlength=n) + np.bincount(v, weights=scope.w, minlength=n)
    across = np.where(account[u] != account[v], scope.w, 0.0)
    cross_weight = np.bincount(u, weights=across, minlength=n) + np.bincount(v, weights=across, minlength=n)
    cross = np.divide(cross_weight, total, out=np.zeros(n), where=total > 0)
    top_reach, top_pr = reach.max(), pr.max()
    weight_sum = sum(w.values())
    share = {name: w.get(name, 0.0) / weight_sum for name in DEFAULT_KOL_WEIGHTS}
    signals = {
        "accountsReached": reach / top_reach if top_reach else np.zeros(n),
        "pagerank": pr / top_pr if top_pr > 0 else np.zeros(n),
        "crossAccountTies": cross,
    }
    score = sum(share[k] * signals[k] for k in DEFAULT_KOL_WEIGHTS)
    sizes = np.bincount(account[own], minlength=len(scope.account_ids))
    measured = {"accountsReached": reach, "pagerank": pr, "crossAccountTies": cross}
    index = {node: i for i, node in enumerate(people.ids)}
    # A KOL's own word must cross an account boundary (see industry_kols);
    # only the scope's own people are listed.
    candidates = np.flatnonzero((cross > 0) & scope.inside)
    scores = {people.ids[i]: float(score[i]) for i in candidates}

    def factors(node: str) -> tuple[Factor, ...]:
        i = index[node]
        return (
            *(Factor(k, float(measured[k][i]), float(share[k] * signals[k][i])) for k in DEFAULT_KOL_WEIGHTS),
            Factor("accountSize", float(sizes[account[i]]) if account[i] >= 0 else 0.0),
        )

    return rank(scores, factors, top)


def _cross_account_share(H: Any) -> dict[str, float]:
    out: dict[str, float] = {}
    adjacencies = (H.succ, H.pred) if H.is_directed() else (H.adj,)
    for n in H:
        own = H.nodes[n].get("accountId")
        total = cross = 0.0
        for adjacency in adjacencies:
            for v, data in adjacency[n].items():
                w = float(data.get("weight", 1.0))
                total += w
                if H.nodes[v].get("accountId") != own:
                    cross += w
        out[n] = cross / total if total > 0 else 0.0
    return out
