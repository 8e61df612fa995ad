"""Hubs and authorities (HITS).

Reference: J. Kleinberg, "Authoritative sources in a hyperlinked
environment", Journal of the ACM 46(5), 1999.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Unpack

import networkx as nx
import numpy as np
import scipy.sparse.linalg as spla

from algorithms.errors import NotConverged, check_range
from algorithms.influence.options import IterativeOptions
from algorithms.ranking import Factor, ScoredNode, rank

__all__ = ["HitsResult", "hits"]

# Below this size a dense SVD is both exact and cheaper than ARPACK, which
# also cannot handle matrices smaller than 3 x 3.
_DENSE_BELOW = 500


@dataclass(frozen=True, slots=True)
class HitsResult:
    """Both HITS rankings: who points at good authorities, who good hubs point at."""

    hubs: tuple[ScoredNode, ...]
    authorities: tuple[ScoredNode, ...]


def hits_values(
    G: Any, *, weight: str | None = "weight", tol: float = 1e-8, max_iter: int = 1000
) -> tuple[dict[str, float], dict[str, float]]:
    """Hub and authority score of every node, each summing to 1 (or all 0)."""
    check_range("tol", tol, 0.0, 1.0, low_open=True)
    nodes = list(G)
    if not nodes:
        return {}, {}
    A = nx.to_scipy_sparse_array(G, nodelist=nodes, weight=weight, dtype=float)
    if A.nnz == 0:
        zeros = dict.fromkeys(nodes, 0.0)
        return zeros, dict(zeros)
    if len(nodes) < _DENSE_BELOW:
        _, _, vt = np.linalg.svd(A.toarray())
        a = vt[0]
    else:
        try:
            _, _, vt = spla.svds(A, k=1, tol=tol, maxiter=max_iter)
        except spla.ArpackNoConvergence as exc:
            raise NotConverged(f"HITS did not converge within {max_iter} iterations") from exc
        a = vt[0]
    # The leading singular vector of a non-negative matrix can be taken
    # non-negative; the solver may return it with either sign.
    a = np.abs(np.real(a))
    h = A @ a
    a = a / a.sum()
    h = h / h.sum()
    return (
        dict(zip(nodes, map(float, h), strict=True)),
        dict(zip(nodes, map(float, a), strict=True)),
    )


def hits(G: Any, *, top_k: int | None = None, **options: Unpack[IterativeOptions]) -> HitsResult:
    """Rank nodes as hubs and as authorities.

    A good authority is pointed at by good hubs, a good hub points at good
    authorities.  On a people graph (edges point at the person deferred to)
    authorities are the people whose opinion is sought, hubs the people who
    seek out the right opinions.  On an undirected graph both rankings agree.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        Node ids are strings.
    top_k : int, optional
        Return only the best ``top_k`` nodes of each ranking.
    **options : IterativeOptions
        ``weight`` as for :func:`~algorithms.influence.eigenvector.eigenvector`;
        ``tol`` (default 1e-8) and ``max_iter`` (default 1000), tolerance and
        budget of the sparse SVD used on large graphs.

    Returns
    -------
    HitsResult
        ``hubs`` and ``authorities``, each best first with ties broken by id
        and scores summing to 1.  Each node's factors carry both scores.
        A graph without edges scores 0 everywhere.

    Raises
    ------
    NotConverged
        When the sparse SVD exhausts ``max_iter``.

    References
    ----------
    J. Kleinberg, "Authoritative sources in a hyperlinked environment",
    Journal of the ACM 46(5):604-632, 1999.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("h", "a1"), ("h", "a2"), ("x", "a1")])
    >>> r = hits(G)
    >>> r.hubs[0].id, r.authorities[0].id
    ('h', 'a1')
    """
    hubs, authorities = hits_values(G, **options)

    def factors(node: str) -> tuple[Factor, ...]:
        return (Factor("authority", authorities[node]), Factor("hub", hubs[node]))

    return HitsResult(
        hubs=tuple(rank(hubs, factors, top_k)),
        authorities=tuple(rank(authorities, factors, top_k)),
    )
