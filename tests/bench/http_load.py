"""A bounded GraphQL request loop: a few concurrent connections, a request cap and a time cap."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.bench.common import latency_ms

HEADERS = {"content-type": "application/json", "accept": "application/graphql-response+json"}


@dataclass
class LoopResult:
    concurrency: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    response_bytes: list[int] = field(default_factory=list)

    def figures(self) -> dict[str, Any]:
        done = len(self.latencies)
        return {
            "concurrency": self.concurrency,
            "requests": done,
            "errors": len(self.errors),
            "first_errors": self.errors[:3],
            "seconds": round(self.seconds, 3),
            "requests_per_second": round(done / self.seconds, 1) if self.seconds > 0 else 0.0,
            "latency_ms": latency_ms(self.latencies),
            "response_bytes_median": sorted(self.response_bytes)[len(self.response_bytes) // 2]
            if self.response_bytes
            else 0,
        }


async def post(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any]
) -> tuple[float, int, str | None]:
    """One request: seconds, body size, and an error description if it failed."""
    started = time.perf_counter()
    response = await client.post("/graphql", json={"query": query, "variables": variables}, headers=HEADERS)
    body = response.content
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        return elapsed, len(body), f"HTTP {response.status_code}: {body[:200]!r}"
    payload = response.json()
    if payload.get("errors"):
        return elapsed, len(body), f"GraphQL errors: {str(payload['errors'])[:200]}"
    return elapsed, len(body), None


async def request_loop(
    url: str,
    query: str,
    variables: Sequence[dict[str, Any]],
    *,
    concurrency: int,
    max_requests: int,
    max_seconds: float,
    timeout_s: float = 60.0,
) -> LoopResult:
    """Send ``query`` with each ``variables`` in turn (cycling) until a cap is hit."""
    cycle = itertools.cycle(variables)
    issued = 0
    deadline = time.perf_counter() + max_seconds
    result = LoopResult(concurrency, 0.0)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal issued
        while issued < max_requests and time.perf_counter() < deadline:
            issued += 1
            try:
                elapsed, size, error = await post(client, query, next(cycle))
            except httpx.HTTPError as exc:
                result.errors.append(f"{type(exc).__name__}: {exc}")
                continue
            if error is None:
                result.latencies.append(elapsed)
                result.response_bytes.append(size)
            else:
                result.errors.append(error)

    async with httpx.AsyncClient(base_url=url, timeout=timeout_s, limits=limits) as client:
        started = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        result.seconds = time.perf_counter() - started
    return result
