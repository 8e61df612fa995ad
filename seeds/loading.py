"""Write synthetic graphs and import documents into a store, with a progress bar.

Synthetic loads overlap generation and writing: a worker thread builds the
next chunk of rows while the event loop sends the current one, so on two
cores the Python generator and the database engine run side by side.  At
most a few chunks are ever held in memory.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final

import anyio
import anyio.to_thread
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from graph_model.access import EVERYTHING, AccessScope
from graph_model.importer import import_document
from graph_model.model import RelType
from graph_model.records import ImportReport
from graph_model.store import GraphStore
from seeds.synthetic import Batch, estimate_rows, generate

# Rows per chunk: large enough that per-statement overhead vanishes, small
# enough that a chunk's nodes and relationships are a few store batches each.
CHUNK_ROWS: Final = 20_000
# Chunks generated ahead of the writer.
READ_AHEAD: Final = 2

Advance = Callable[[int], None]
_TREE: Final = frozenset({RelType.HAS_DEPARTMENT, RelType.PART_OF})


@dataclass(frozen=True)
class LoadReport:
    """What a synthetic load wrote and how long it took."""

    stakeholders: int
    seed: int
    nodes: int
    relationships: int
    seconds: float

    @property
    def rows(self) -> int:
        return self.nodes + self.relationships

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else 0.0

    def __str__(self) -> str:
        return (
            f"{self.nodes:,} nodes and {self.relationships:,} relationships "
            f"({self.stakeholders:,} stakeholders, seed {self.seed}) in {self.seconds:.1f} s, "
            f"{self.rows_per_second:,.0f} rows/s"
        )


class _RateColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("" if speed is None else f"{speed:,.0f} rows/s", style="progress.data.speed")


class RowCounter:
    """Advances a rows-written bar; ``total`` may start as an estimate and grows when passed."""

    def __init__(self, bar: Progress, task: TaskID, total: int) -> None:
        self._bar, self._task = bar, task
        self.total = total
        self.done = 0

    def __call__(self, rows: int) -> None:
        self.done += rows
        if self.done > self.total:
            self.total = self.done + self.done // 10
            self._bar.update(self._task, total=self.total)
        self._bar.advance(self._task, rows)

    def finish(self) -> None:
        """Replace the estimate by what was actually written."""
        self._bar.update(self._task, total=max(self.done, 1), completed=self.done)


@contextlib.contextmanager
def progress_bar(description: str, total: int, *, enabled: bool = True) -> Iterator[RowCounter]:
    """A rows-written progress bar on stderr; drawn only when enabled and stderr is a terminal."""
    console = Console(stderr=True)
    bar = Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("rows"),
        _RateColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        disable=not (enabled and console.is_terminal),
    )
    with bar:
        counter = RowCounter(bar, bar.add_task(description, total=max(total, 1)), total)
        yield counter
        counter.finish()


def _chunks(batches: Iterator[Batch], rows: int) -> Iterator[Batch]:
    """Merge small per-customer batches into chunks of about ``rows`` rows."""
    chunk = Batch()
    for batch in batches:
        chunk.nodes.extend(batch.nodes)
        chunk.relationships.extend(batch.relationships)
        if len(chunk.nodes) + len(chunk.relationships) >= rows:
            yield chunk
            chunk = Batch()
    if chunk.nodes or chunk.relationships:
        yield chunk


async def write_chunk(store: GraphStore, chunk: Batch, advance: Advance | None = None) -> tuple[int, int]:
    """Nodes first (label checks included), then relationships, valid by construction.

    The department tree goes in before anything hangs off it: the store
    re-derives the owning account of everything below each linked department,
    so linking departments first keeps that to the departments themselves
    instead of every person in them (half the load time at 100k otherwise).
    """
    nodes = await store.upsert_nodes(chunk.nodes, progress=advance)
    tree = [r for r in chunk.relationships if r.type in _TREE]
    rest = [r for r in chunk.relationships if r.type not in _TREE]
    rels = 0
    for rows in (tree, rest):
        rels += await store.upsert_relationships(rows, checked=True, progress=advance)
    return nodes, rels


async def load_synthetic(
    store: GraphStore,
    stakeholders: int,
    seed: int,
    *,
    progress: bool = True,
    chunk_rows: int = CHUNK_ROWS,
) -> LoadReport:
    """Generate ``stakeholders`` synthetic stakeholders (and all around them) into ``store``."""
    started = time.perf_counter()
    chunks = _chunks(generate(stakeholders, seed=seed), chunk_rows)
    send, receive = anyio.create_memory_object_stream[Batch](max_buffer_size=READ_AHEAD)

    async def produce() -> None:
        async with send:
            while (chunk := await anyio.to_thread.run_sync(next, chunks, None)) is not None:
                await send.send(chunk)

    nodes = rels = 0
    label = f"Loading {stakeholders:,} stakeholders"
    with progress_bar(label, estimate_rows(stakeholders), enabled=progress) as advance:
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(produce)
            async with receive:
                async for chunk in receive:
                    written = await write_chunk(store, chunk, advance)
                    nodes += written[0]
                    rels += written[1]
    return LoadReport(stakeholders, seed, nodes, rels, time.perf_counter() - started)


async def load_document_with_progress(
    store: GraphStore, document: Any, access: AccessScope = EVERYTHING, *, progress: bool = True
) -> ImportReport:
    """``import_document`` with a progress bar over the rows written."""
    total = 0
    if isinstance(document, Mapping):
        total = sum(
            len(v) for v in (document.get("nodes"), document.get("relationships")) if isinstance(v, list)
        )
    with progress_bar("Importing", total, enabled=progress) as advance:
        return await import_document(store, document, access, progress=advance)
