"""ProjectionCache: build once per key, bounded, thread-safe, version-aware."""

from __future__ import annotations

import threading
import time

import networkx as nx
import pytest

from algorithms.errors import InvalidParameter
from api.analytics.cache import ProjectionCache, ProjectionKey
from graph_model.access import EVERYTHING, AccessScope
from graph_model.export import ExportScope


def key(version: int = 1, scope: str = "c1", access: AccessScope = EVERYTHING) -> ProjectionKey:
    return ProjectionKey.of(
        ExportScope.customer(scope), types=["KNOWS", "REPORTS_TO"], version=version, access=access
    )


def test_builds_once_per_key() -> None:
    cache: ProjectionCache[list[int]] = ProjectionCache(max_entries=4)
    calls = []

    def build() -> list[int]:
        calls.append(1)
        return [len(calls)]

    assert cache.get_or_build(key(), build) == [1]
    assert cache.get_or_build(key(), build) == [1]
    assert len(calls) == 1
    stats = cache.stats()
    assert (stats.hits, stats.misses, stats.builds, stats.size) == (1, 1, 1, 1)


def test_key_parts_all_matter() -> None:
    assert key() == ProjectionKey.of(
        ExportScope.customer("c1"), types={"REPORTS_TO", "KNOWS"}, version=1, access=EVERYTHING
    )
    assert key() != key(scope="c2")
    assert key() != key(version=2)
    assert key() != key(access=AccessScope.for_accounts(["c1"]))
    assert key() != ProjectionKey.of(
        ExportScope.customer("c1"), types=["KNOWS"], version=1, access=EVERYTHING
    )


def test_least_recently_used_entry_goes_first() -> None:
    cache: ProjectionCache[str] = ProjectionCache(max_entries=2)
    cache.put(key(scope="a"), "a")
    cache.put(key(scope="b"), "b")
    assert cache.get(key(scope="a")) == "a"  # a is now the most recent
    cache.put(key(scope="c"), "c")
    assert key(scope="b") not in cache
    assert key(scope="a") in cache
    assert key(scope="c") in cache
    assert cache.stats().evictions == 1


def test_a_newer_version_replaces_the_older_one() -> None:
    cache: ProjectionCache[str] = ProjectionCache(max_entries=8)
    cache.put(key(version=1), "v1")
    cache.put(key(version=1, scope="other"), "other")
    cache.put(key(version=2), "v2")
    assert key(version=1) not in cache
    assert cache.get(key(version=2)) == "v2"
    assert cache.get(key(version=1, scope="other")) == "other"
    # A slow build of an older version must not come back after a newer one.
    assert cache.get_or_build(key(version=1), lambda: "late v1") == "late v1"
    assert key(version=1) not in cache
    assert len(cache) == 2


def test_concurrent_requests_share_one_build() -> None:
    cache: ProjectionCache[object] = ProjectionCache()
    builds = []
    start = threading.Barrier(8)
    results: list[object] = []

    def build() -> object:
        builds.append(1)
        time.sleep(0.05)
        return object()

    def worker() -> None:
        start.wait()
        results.append(cache.get_or_build(key(), build))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(builds) == 1
    assert len(results) == 8
    assert all(r is results[0] for r in results)


def test_failed_builds_are_not_cached_and_reach_every_waiter() -> None:
    cache: ProjectionCache[str] = ProjectionCache()
    started = threading.Event()
    errors: list[BaseException] = []

    def failing() -> str:
        started.set()
        time.sleep(0.3)  # long enough for the waiter to queue up behind this build
        raise RuntimeError("store down")

    def waiter() -> None:
        started.wait()
        try:
            cache.get_or_build(key(), lambda: "never")
        except RuntimeError as exc:
            errors.append(exc)

    t = threading.Thread(target=waiter)
    t.start()
    with pytest.raises(RuntimeError, match="store down"):
        cache.get_or_build(key(), failing)
    t.join()
    assert len(errors) == 1
    assert key() not in cache
    assert cache.get_or_build(key(), lambda: "ok") == "ok"


def test_cached_graphs_are_frozen() -> None:
    cache: ProjectionCache[nx.DiGraph] = ProjectionCache()
    G = cache.get_or_build(key(), lambda: nx.DiGraph([("a", "b")]))
    assert nx.is_frozen(G)
    with pytest.raises(nx.NetworkXError):
        G.add_edge("b", "c")


def test_invalidate() -> None:
    cache: ProjectionCache[str] = ProjectionCache()
    cache.put(key(scope="a"), "a")
    cache.put(key(scope="b"), "b")
    assert cache.invalidate(lambda k: k.scope.id == "a") == 1
    assert len(cache) == 1
    assert cache.invalidate() == 1
    assert len(cache) == 0


def test_size_must_be_positive() -> None:
    with pytest.raises(InvalidParameter):
        ProjectionCache(max_entries=0)
