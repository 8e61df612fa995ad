"""Influence measures over people graphs, each returning ranked, explained results."""

from algorithms.influence.betweenness import betweenness, betweenness_values
from algorithms.influence.brokerage import brokerage
from algorithms.influence.closeness import closeness
from algorithms.influence.composite import (
    BUYING_ROLE_LEVELS,
    DEFAULT_INFLUENCE_WEIGHTS,
    SENIORITY_LEVELS,
    influence_scores,
)
from algorithms.influence.eigenvector import eigenvector, eigenvector_values
from algorithms.influence.hits import HitsResult, hits, hits_values
from algorithms.influence.pagerank import pagerank, pagerank_values, personalized_pagerank

__all__ = [
    "BUYING_ROLE_LEVELS",
    "DEFAULT_INFLUENCE_WEIGHTS",
    "SENIORITY_LEVELS",
    "HitsResult",
    "betweenness",
    "betweenness_values",
    "brokerage",
    "closeness",
    "eigenvector",
    "eigenvector_values",
    "hits",
    "hits_values",
    "influence_scores",
    "pagerank",
    "pagerank_values",
    "personalized_pagerank",
]
