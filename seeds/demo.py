"""The hand-made demo dataset: seven accounts in four industries, with planted answers.

``demo.json`` is an import document (see ``graph_model.importer``);
``demo_answers.json`` lists what the analytics should find in it, and
``DEMO.md`` tells the story behind both.  Dates are fixed relative to
:data:`REFERENCE_DATE` so the answers do not drift with the calendar:
analytics asked "as of" that date must find exactly the planted answers.
"""

from __future__ import annotations

import json
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any, Final

from graph_model.access import EVERYTHING, AccessScope
from graph_model.importer import Progress, import_document
from graph_model.records import ImportReport
from graph_model.store import GraphStore

# A pathlib.Path in every ordinary install (the package is a directory).
DEMO_PATH: Final[Traversable] = resources.files(__package__) / "demo.json"
ANSWERS_PATH: Final[Traversable] = resources.files(__package__) / "demo_answers.json"
# "Today" for the demo: staleness and recency are measured from here.
REFERENCE_DATE: Final = "2026-11-01T00:00:00.000Z"


def demo_document() -> dict[str, Any]:
    """The demo as an import document (a fresh copy on every call)."""
    document: dict[str, Any] = json.loads(DEMO_PATH.read_text(encoding="utf-8"))
    return document


def planted_answers() -> dict[str, Any]:
    """The expected findings in the demo, by question (see ``DEMO.md``)."""
    answers: dict[str, Any] = json.loads(ANSWERS_PATH.read_text(encoding="utf-8"))
    return answers


async def load_demo(
    store: GraphStore, *, access: AccessScope = EVERYTHING, progress: Progress | None = None
) -> ImportReport:
    """Import the demo (idempotent: every row is an upsert by id)."""
    return await import_document(store, demo_document(), access, progress=progress)
