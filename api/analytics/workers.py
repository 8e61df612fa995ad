"""CPU work of the analytics service: what it may cost, and the bounded pool it runs in."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from algorithms.errors import AlgorithmError
from graph_model.bulk import gc_paused

T = TypeVar("T")

RETRY_AFTER_S = 2


class AnalyticsBusy(AlgorithmError):
    """Every analytics worker is busy and the queue is full: try again shortly."""

    graphql_code = "SERVICE_UNAVAILABLE"

    def __init__(self, retry_after_s: int = RETRY_AFTER_S) -> None:
        super().__init__(
            f"The analytics workers are busy; try again in {retry_after_s} s.",
        )
        self.retry_after_s = retry_after_s


class AnalyticsPool:
    """A fixed number of worker threads with a bounded queue in front of them.

    A job waiting in the queue when its request gives up (the request's time
    limit) is dropped and never runs.  A running one cannot be interrupted
    (networkx and igraph hold no cancellation points), so it is abandoned:
    its request answers at once, the job finishes on its worker and what it
    built (a projection) is still cached for the next request.  Jobs are
    bounded in size before they are submitted, so an abandoned one ends soon.
    """

    def __init__(self, *, workers: int = 2, queue: int = 8) -> None:
        if workers < 1 or queue < 0:
            raise ValueError(f"need workers >= 1 and queue >= 0, got {workers} and {queue}")
        self.workers, self.queue = workers, queue
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="relgraph-analytics")
        self._lock = threading.Lock()
        self._pending = 0  # queued or running

    @property
    def pending(self) -> int:
        with self._lock:
            return self._pending

    async def run(self, func: Callable[..., T], *args: Any) -> T:
        """Run CPU work on a worker, with the cyclic collector held meanwhile.

        A projection or a ranking allocates tens of thousands of small acyclic
        objects; left on, the collector runs full passes over the whole process
        in the middle of it, which doubled the slowest cold answers.
        """
        with self._lock:
            if self._pending >= self.workers + self.queue:
                raise AnalyticsBusy()
            self._pending += 1

        def job() -> T:
            with gc_paused():
                return func(*args)

        try:
            future: Future[T] = self._executor.submit(job)
        except BaseException:
            self._finished(None)
            raise
        future.add_done_callback(self._finished)
        # Cancelling the awaiting task cancels a queued job (it never starts).
        return await asyncio.wrap_future(future)

    def _finished(self, _: object) -> None:
        with self._lock:
            self._pending -= 1

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


# How much of each measure's work these machines do per second, measured on
# synthetic graphs (2k and 10k stakeholders, ~4 ties each), and what that work
# grows with: closeness, eigenvector (networkx) and brokerage visit every
# tie from every person; betweenness and the composite score visit every tie
# from a sample of at most 256 sources; PageRank and HITS every tie a few
# dozen times.  A question whose estimate is past the budget is refused before
# any of it runs.
_SAMPLED_SOURCES = 256
_WORK_PER_SECOND = {
    "CLOSENESS": 8e6,
    "EIGENVECTOR": 5e7,
    "BROKERAGE": 7e7,
    "BETWEENNESS": 1e7,
    "COMPOSITE": 1e7,
    "PAGERANK": 7e4,
    "HITS": 7e4,
}
_SCALABLE = "PAGERANK, HITS or COMPOSITE"


class ScopeTooLarge(AlgorithmError):
    """A measure would take longer than the server allows on this scope."""

    graphql_code = "BAD_USER_INPUT"
    graphql_field = "measure"


def estimated_seconds(measure: str, people: int, ties: int) -> float:
    """Rough time of one influence measure on a projection of this size."""
    if measure in ("CLOSENESS", "EIGENVECTOR", "BROKERAGE"):
        work = people * ties
    elif measure in ("BETWEENNESS", "COMPOSITE"):
        work = min(people, _SAMPLED_SOURCES) * ties
    else:
        work = ties
    return work / _WORK_PER_SECOND.get(measure, _WORK_PER_SECOND["CLOSENESS"])


def check_affordable(measure: str, people: int, ties: int, budget_s: float) -> None:
    estimate = estimated_seconds(measure, people, ties)
    if estimate > budget_s:
        raise ScopeTooLarge(
            f"{measure} over {people:,} people and {ties:,} ties would take about {estimate:.0f} s,"
            f" past this server's {budget_s:g} s limit. Narrow the scope to one account"
            f" (customerId) or industry (industryId), or use {_SCALABLE}, which scale to"
            " the whole graph."
        )
