"""Named errors raised by the analytics layer.

Every error derives from :class:`AlgorithmError`, so callers (the API layer)
can map the whole family to one client-facing error code, while tests and
callers that care can catch the precise kind.

Conventions shared by all algorithms:

- functions that return one item per node, account or gap return an empty
  list for an empty input;
- functions that return a single aggregate raise :class:`EmptyScope` when the
  aggregate is undefined for an empty input;
- a node named by the caller that is not in the graph raises
  :class:`NodeNotFound`;
- a tuning parameter out of its range raises :class:`InvalidParameter`.
"""

from __future__ import annotations


class AlgorithmError(Exception):
    """Base class of every error raised by :mod:`algorithms`."""


class NodeNotFound(AlgorithmError, LookupError):
    """A node the caller named is not part of the graph or scope."""

    def __init__(self, node_id: str, what: str = "node") -> None:
        super().__init__(f"{what} {node_id!r} is not in the graph")
        self.node_id = node_id


class EmptyScope(AlgorithmError, ValueError):
    """The scope holds nothing to compute an aggregate over."""


class InvalidParameter(AlgorithmError, ValueError):
    """A tuning parameter is outside its allowed range."""


class NotConverged(AlgorithmError, RuntimeError):
    """An iterative method did not reach its tolerance within its budget."""
