"""The tuning each measure's values function takes.

A ranked measure (``pagerank``, ``betweenness``, ...) passes these on
unchanged to its values function, where the defaults live, and adds only
``top_k``.
"""

from __future__ import annotations

from typing import TypedDict

from algorithms.influence._backend import Backend


class IterativeOptions(TypedDict, total=False):
    """An iterative solver's edge weight attribute, tolerance and iteration budget."""

    weight: str | None
    tol: float
    max_iter: int


class PageRankOptions(IterativeOptions, total=False):
    alpha: float
    backend: Backend


class BetweennessOptions(TypedDict, total=False):
    normalized: bool
    weight: str | None
    exact_below: int
    k: int
    seed: int | None
    backend: Backend


__all__ = ["BetweennessOptions", "IterativeOptions", "PageRankOptions"]
