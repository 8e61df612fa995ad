from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .support import Relgraph, command_line


@pytest.fixture
def relgraph(engine_dir: Path) -> Iterator[Relgraph]:
    with command_line(engine_dir) as opened:
        yield opened
