"""A bounded, thread-safe cache of graph projections.

Projecting a scope is as costly as analysing it (at 1M nodes, building the
networkx graph takes half a minute), so a projection is built once per graph
version and shared by every request that needs it.  Writes bump the graph
version, which changes the key: stale projections are never served, and are
dropped as soon as a newer version of the same projection is stored.

The cache is bounded by entries and by bytes: one projection of the whole
graph weighs as much as thousands of account projections, so a count alone
would let a handful of big scopes hold gigabytes.
"""

from __future__ import annotations

import dataclasses
import sys
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Collection, Hashable, Mapping
from dataclasses import dataclass
from itertools import islice
from typing import Any, Generic, TypeVar

import networkx as nx

from algorithms.errors import InvalidParameter
from graph_model.access import AccessScope
from graph_model.analytics_export import ExportScope

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ProjectionKey:
    """Everything a projection depends on.

    ``access`` is :meth:`AccessScope.cache_key`, so callers who may see
    different accounts never share a projection.  ``kind`` names the
    projection function (``"people"``, ``"coverage"``...) and ``options`` any
    of its tuning arguments.
    """

    scope: ExportScope
    types: frozenset[str]
    version: int
    access: tuple[object, ...]
    kind: str = "people"
    options: tuple[Hashable, ...] = ()

    @classmethod
    def of(
        cls,
        scope: ExportScope,
        *,
        types: Collection[str],
        version: int,
        access: AccessScope,
        kind: str = "people",
        options: tuple[Hashable, ...] = (),
    ) -> ProjectionKey:
        return cls(scope, frozenset(types), version, access.cache_key(), kind, options)

    def lineage(self) -> tuple[object, ...]:
        """The key without its version: successive versions share a lineage."""
        return (self.scope, self.types, self.access, self.kind, self.options)


@dataclass(frozen=True, slots=True)
class CacheStats:
    hits: int
    misses: int
    builds: int
    evictions: int
    size: int
    bytes: int = 0


class _Pending:
    """A build in progress that other threads asking for the same key wait on."""

    __slots__ = ("done", "error", "value")

    def __init__(self) -> None:
        self.done = threading.Event()
        self.value: object = None
        self.error: BaseException | None = None


class ProjectionCache(Generic[T]):
    """LRU cache of projections with at most ``max_entries`` entries and about ``max_bytes`` bytes.

    Sizes are estimated when an entry is stored (:func:`approx_bytes`).  An
    entry larger than the whole budget is returned to its caller but not kept.

    :meth:`get_or_build` builds a missing entry once even when many threads
    ask for it at the same moment: the first builds, the others wait for its
    result (or its exception, which is not cached).  networkx graphs are
    frozen before they are stored, so a shared projection cannot be changed
    by one of its readers.

    Examples
    --------
    >>> from graph_model.access import EVERYTHING
    >>> from graph_model.analytics_export import ExportScope
    >>> cache: ProjectionCache[str] = ProjectionCache(max_entries=2)
    >>> key = ProjectionKey.of(ExportScope.customer("c1"), types=["KNOWS"],
    ...                        version=3, access=EVERYTHING)
    >>> cache.get_or_build(key, lambda: "projected"), cache.stats().builds
    ('projected', 1)
    >>> cache.get_or_build(key, lambda: "again"), cache.stats().builds
    ('projected', 1)
    """

    def __init__(self, *, max_entries: int = 16, max_bytes: int | None = None) -> None:
        if max_entries < 1:
            raise InvalidParameter(f"max_entries must be >= 1, got {max_entries}")
        if max_bytes is not None and max_bytes < 1:
            raise InvalidParameter(f"max_bytes must be >= 1, got {max_bytes}")
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._entries: OrderedDict[ProjectionKey, T] = OrderedDict()
        self._sizes: dict[ProjectionKey, int] = {}
        self._bytes = 0
        self._pending: dict[ProjectionKey, _Pending] = {}
        self._hits = self._misses = self._builds = self._evictions = 0

    def get(self, key: ProjectionKey) -> T | None:
        with self._lock:
            return self._lookup(key)

    def _lookup(self, key: ProjectionKey) -> T | None:
        """The entry under ``key`` (counted as a hit, and now the most recent) or None; lock held."""
        if key in self._entries:
            self._entries.move_to_end(key)
            self._hits += 1
            return self._entries[key]
        self._misses += 1
        return None

    def put(self, key: ProjectionKey, value: T) -> None:
        with self._lock:
            self._store(key, _frozen(value))

    def get_or_build(self, key: ProjectionKey, build: Callable[[], T]) -> T:
        with self._lock:
            found = self._lookup(key)
            if found is not None:
                return found
            pending = self._pending.get(key)
            owner = pending is None
            if pending is None:
                pending = self._pending[key] = _Pending()
        if not owner:
            pending.done.wait()
            if pending.error is not None:
                raise pending.error
            return pending.value  # type: ignore[return-value]
        try:
            value = _frozen(build())
        except BaseException as exc:
            pending.error = exc
            raise
        else:
            pending.value = value
            with self._lock:
                self._builds += 1
                self._store(key, value)
            return value
        finally:
            with self._lock:
                self._pending.pop(key, None)
            pending.done.set()

    def invalidate(self, predicate: Callable[[ProjectionKey], bool] | None = None) -> int:
        """Drop the entries matching ``predicate`` (all by default); return how many."""
        with self._lock:
            doomed = [k for k in self._entries if predicate is None or predicate(k)]
            for k in doomed:
                self._drop(k)
            return len(doomed)

    def stats(self) -> CacheStats:
        with self._lock:
            return CacheStats(
                self._hits, self._misses, self._builds, self._evictions, len(self._entries), self._bytes
            )

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def __contains__(self, key: object) -> bool:
        with self._lock:
            return key in self._entries

    def _store(self, key: ProjectionKey, value: T) -> None:
        # Versions only grow, so an older version of the same projection is
        # never asked for again once a newer one exists: drop it, and do not
        # store a late build of an older version.
        lineage = key.lineage()
        relatives = [k for k in self._entries if k.lineage() == lineage and k != key]
        if any(k.version > key.version for k in relatives):
            return
        for old in relatives:
            self._drop(old)
            self._evictions += 1
        size = approx_bytes(value) if self.max_bytes is not None else 0
        if self.max_bytes is not None and size > self.max_bytes:
            return
        if key in self._entries:
            self._drop(key)
        self._entries[key] = value
        self._sizes[key] = size
        self._bytes += size
        while len(self._entries) > self.max_entries or (
            self.max_bytes is not None and self._bytes > self.max_bytes
        ):
            oldest = next(iter(self._entries))
            self._drop(oldest)
            self._evictions += 1

    def _drop(self, key: ProjectionKey) -> None:
        del self._entries[key]
        self._bytes -= self._sizes.pop(key, 0)


def _frozen(value: T) -> T:
    if isinstance(value, nx.Graph) and not nx.is_frozen(value):
        nx.freeze(value)
    return value


async def cached(cache: ProjectionCache[Any], key: ProjectionKey, produce: Callable[[], Awaitable[T]]) -> T:
    """``cache``'s entry for ``key``, produced and stored when missing."""
    found: T | None = cache.get(key)
    if found is None:
        found = await produce()
        cache.put(key, found)
    return found


@dataclass(frozen=True)
class AnalyticsCaches:
    """The analytics service's caches: exports, projections and answers."""

    exports: ProjectionCache[Any]
    projections: ProjectionCache[Any]
    results: ProjectionCache[Any]

    @classmethod
    def sized(cls, entries: int, max_bytes: int) -> AnalyticsCaches:
        # An export and its projection are about the same size, so the budget
        # is split between them; answers are small lists.
        half = max(max_bytes // 2, 1)
        return cls(
            ProjectionCache(max_entries=entries, max_bytes=half),
            ProjectionCache(max_entries=entries, max_bytes=half),
            ProjectionCache(max_entries=entries * 8, max_bytes=max(max_bytes // 16, 1)),
        )


# Measured with tracemalloc on synthetic projections (5k stakeholders): a
# networkx node or edge with its attributes takes about 480 bytes.
_GRAPH_ITEM_BYTES = 480
# How many items of a large container are measured to estimate the rest.
_SAMPLE = 32


def approx_bytes(value: Any, depth: int = 4) -> int:
    """An estimate of the memory ``value`` keeps alive (graphs, exports, results)."""
    if isinstance(value, nx.Graph):
        return int(value.number_of_nodes() + value.number_of_edges()) * _GRAPH_ITEM_BYTES
    size = sys.getsizeof(value)
    if depth == 0 or isinstance(value, str | bytes | int | float | bool) or value is None:
        return size
    items: list[Any]
    if isinstance(value, Mapping):
        items = [part for pair in islice(value.items(), _SAMPLE) for part in pair]
    elif isinstance(value, list | tuple | set | frozenset):
        items = list(islice(value, _SAMPLE))
    elif dataclasses.is_dataclass(value):
        items = [getattr(value, f.name) for f in dataclasses.fields(value)]
    elif hasattr(value, "__dict__"):
        items = list(vars(value).values())
    else:
        return size
    if not items:
        return size
    total_items = len(value) * (2 if isinstance(value, Mapping) else 1) if hasattr(value, "__len__") else 0
    measured = sum(approx_bytes(item, depth - 1) for item in items)
    if total_items > len(items):
        measured = measured * total_items // len(items)
    return size + measured
