"""The cyclic collector around bulk reads and around a serving process's long-lived state."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Hold the cyclic collector while a bulk result is materialised.

    The rows hold no reference cycles, yet allocating hundreds of thousands of
    them triggers collections over every live object again and again: pausing
    the collector halves the time of a large export.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextlib.contextmanager
def long_lived_frozen() -> Iterator[None]:
    """Keep every object alive on entry out of the collector's passes until exit.

    A serving process holds its schema, settings and engine connections for
    its whole life.  Requests promote short-lived rows into the oldest
    generation, and each full collection then walks all of that state again:
    pauses of 20-30 ms in the middle of requests, most of the p95 of a
    relationship map.  Frozen, those objects are skipped; on exit they become
    collectable again, so nothing leaks when an application is stopped.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def keep_out_of_collections() -> None:
    """Freeze what is alive now: call it once a large long-lived structure has just been built.

    The analytics projection of a big graph (millions of dicts and tuples)
    is built after start-up and kept for the process's life; left in the
    oldest generation, every full collection walks it, pausing the requests
    of that moment for most of a second at 100k people.  Frozen, it is
    skipped; objects still die by reference count, and everything becomes
    collectable again when the serving process leaves ``long_lived_frozen``.
    """
    gc.freeze()
