"""The ``relgraph`` command line, run for real against graphs of its own in the session's engine."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Iterator
from pathlib import Path

from click.testing import CliRunner, Result

from api.cli import cli
from graph_model.settings import StoreSettings
from graph_model.store_lifecycle import open_store


class Relgraph:
    """Runs ``relgraph`` commands with the environment naming one graph of the session's engine."""

    def __init__(self, engine_dir: Path, made: list[str]) -> None:
        self.graph = f"t-{uuid.uuid4().hex[:12]}"
        self.engine_dir, self._made = engine_dir, made
        made.append(self.graph)
        self.env = {"RELGRAPH_DB": "", "RELGRAPH_DATA_DIR": str(engine_dir), "RELGRAPH_GRAPH": self.graph}

    def __call__(self, *args: str, stdin: bytes | None = None, **env: str) -> Result:
        return CliRunner().invoke(cli, list(args), input=stdin, env={**self.env, **env})

    def fresh(self) -> Relgraph:
        """The same command line on another, empty graph."""
        return Relgraph(self.engine_dir, self._made)


@contextlib.contextmanager
def command_line(engine_dir: Path) -> Iterator[Relgraph]:
    """A command line on a fresh graph; every graph it made is dropped after."""
    made: list[str] = []
    yield Relgraph(engine_dir, made)

    async def drop() -> None:
        for graph in made:
            async with open_store(StoreSettings(data_dir=engine_dir, graph_name=graph)) as store:
                await store.engine.drop_all()

    asyncio.run(drop())
