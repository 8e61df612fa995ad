"""CPU work of the analytics service, run off the event loop."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import anyio.to_thread

from graph_model.bulk import gc_paused

T = TypeVar("T")


async def off_loop(func: Callable[..., T], *args: Any) -> T:
    """Run CPU work in a worker thread, with the cyclic collector held meanwhile.

    A projection or a ranking allocates tens of thousands of small acyclic
    objects; left on, the collector runs full passes over the whole process
    in the middle of it, which doubled the slowest cold answers.
    """

    def run() -> T:
        with gc_paused():
            return func(*args)

    return await anyio.to_thread.run_sync(run)
