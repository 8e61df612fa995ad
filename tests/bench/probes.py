"""Time spent inside the engine, per statement, so a figure can be split into engine and Python.

Wraps a store's engine methods in place; the wrapper costs a
``perf_counter`` pair per statement, noise next to a socket round trip.
"""

from __future__ import annotations

import contextvars
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from typing import Any

from graph_model import cypher
from graph_model.columns import ColumnRead
from graph_model.store import GraphStore

_NAMES = {text: name for name, text in cypher.STATEMENTS.items()}
_READS = ("read", "read_columns")
# Set while a timed call runs: an engine method calling another (``read_columns``
# delegating to ``read``) is then counted once, by the outer call.
_inside: contextvars.ContextVar[bool] = contextvars.ContextVar("engine_clock_inside", default=False)


def statement_name(statement: str | ColumnRead) -> str:
    if isinstance(statement, ColumnRead):
        return statement.name
    return _NAMES.get(statement, "other")


class EngineClock:
    """Adds up wall time per statement name for the engine reads of one store."""

    def __init__(self, store: GraphStore) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self._engine: Any = store.engine
        self._originals = {m: getattr(self._engine, m) for m in _READS}
        for method, call in self._originals.items():
            setattr(self._engine, method, self._timed(call))

    def _timed(self, call: Callable[[str, Any], Awaitable[Any]]) -> Callable[[str, Any], Awaitable[Any]]:
        async def timed(statement: str, params: Any) -> Any:
            if _inside.get():
                return await call(statement, params)
            token = _inside.set(True)
            started = time.perf_counter()
            try:
                return await call(statement, params)
            finally:
                _inside.reset(token)
                name = statement_name(statement)
                self.seconds[name] += time.perf_counter() - started
                self.calls[name] += 1

        return timed

    def reset(self) -> None:
        self.seconds.clear()
        self.calls.clear()

    def total(self, predicate: Callable[[str], bool] = lambda _: True) -> float:
        return sum(s for name, s in self.seconds.items() if predicate(name))

    def restore(self) -> None:
        for method, call in self._originals.items():
            setattr(self._engine, method, call)

    def report(self) -> dict[str, dict[str, float | int]]:
        ranked = sorted(self.seconds, key=lambda n: -self.seconds[n])
        return {n: {"seconds": round(self.seconds[n], 4), "calls": self.calls[n]} for n in ranked}
