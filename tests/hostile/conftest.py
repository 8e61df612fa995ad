"""One production-mode server for the hostile-request suite, seeded with the API tests' graph."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.api.support import IMPORT, SEED
from tests.hostile.server import Server, serve


@pytest.fixture(scope="session")
def hostile_server() -> Iterator[Server]:
    env = {
        "RELGRAPH_PRODUCTION": "true",
        # The suite sends hundreds of requests from one address and key: its
        # budget is not what is tested here (test_rate_limit.py tests it).
        "RELGRAPH_RATE_LIMIT_PER_S": "10000",
        "RELGRAPH_RATE_LIMIT_BURST": "10000",
    }
    with serve(env) as server:
        response = httpx.post(
            f"{server.url}/graphql",
            json={"query": IMPORT, "variables": {"data": SEED}},
            headers=server.headers["admin"],
            timeout=60,
        )
        assert response.json()["data"]["importGraph"]["ok"], response.text
        yield server
