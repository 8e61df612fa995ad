"""CPU work of the analytics service, run off the event loop in a bounded pool."""

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
