"""What every ``relgraph`` command shares: one-line errors and a store to work on."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from typing import ParamSpec, TypeVar

import click

from api.auth.errors import AuthConfigError
from graph_model.errors import EngineError, StoreError
from graph_model.settings import SettingsError, StoreSettings
from graph_model.store import GraphStore
from graph_model.store_lifecycle import open_store

P = ParamSpec("P")
R = TypeVar("R")


def user_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Report expected failures as one line and exit 1, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except (EngineError, SettingsError, AuthConfigError, StoreError, OSError) as exc:
            raise click.ClickException(
                str(exc).splitlines()[0] if isinstance(exc, OSError) else str(exc)
            ) from None

    return wrapper


def store_settings(*, existing: bool) -> StoreSettings:
    """The store the environment names; ``existing`` refuses an embedded data dir that is not there.

    A command that only reads must not create an empty store where a
    mistyped ``RELGRAPH_DATA_DIR`` points.
    """
    settings = StoreSettings.from_env()
    if existing and settings.engine_kind == "embedded" and not settings.data_dir.is_dir():
        raise SettingsError(
            f"data dir {settings.data_dir} does not exist; check RELGRAPH_DATA_DIR "
            "(only serve, seed and import create one)"
        )
    return settings


def run_with_store(work: Callable[[GraphStore], Awaitable[R]], *, existing: bool = False) -> R:
    """Open the store, run ``work`` on it, close it; ``existing`` as for ``store_settings``."""
    settings = store_settings(existing=existing)

    async def main() -> R:
        async with open_store(settings) as store:
            return await work(store)

    return asyncio.run(main())


__all__ = ["run_with_store", "store_settings", "user_errors"]
