"""Hostile requests against a real server: each refused quickly, with its status and code.

Every case runs with both response media types, and after each the server
must still answer /healthz at once: no request may freeze it.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.hostile.cases import GQL, JSON, Case, all_cases, cost_cases, number_cases
from tests.hostile.server import Server

# A refusal is decided before any expensive work: far below the request limit.
REFUSAL_S = 2.0
# /healthz right after each hostile request (a loose bound for a shared machine); the
# under-attack test below holds its p95 to 50 ms.
HEALTHZ_AFTER_S = 0.5
# p95 of /healthz while bombs are refused: under 50 ms more than the same pings'
# p95 without the attack (a few ms on an idle machine, tens on a busy shared one).
HEALTHZ_UNDER_ATTACK_S = 0.05

CASES = all_cases()


def _params() -> Iterator[Any]:
    for case in CASES:
        medias = [None] if "accept" in case.headers else [GQL, JSON]
        for media in medias:
            suffix = "" if media is None else ("-gql" if media == GQL else "-json")
            yield pytest.param(case, media, id=f"{case.id}{suffix}")


@pytest.fixture(scope="module")
def http(hostile_server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=hostile_server.url, timeout=60) as client:
        yield client


def send(http: httpx.Client, server: Server, case: Case, media: str | None) -> httpx.Response:
    headers = dict(server.headers[case.role]) if case.role else {}
    if case.body is not None and case.method == "POST":
        headers["content-type"] = "application/json"
    if media is not None:
        headers["accept"] = media
    headers.update(case.headers)
    return http.request(case.method, "/graphql", content=case.body, params=case.query_string, headers=headers)


def test_the_suite_has_enough_distinct_cases() -> None:
    assert len(CASES) >= 300, len(CASES)


@pytest.mark.parametrize(("case", "media"), list(_params()))
def test_hostile_request(http: httpx.Client, hostile_server: Server, case: Case, media: str | None) -> None:
    started = time.perf_counter()
    response = send(http, hostile_server, case, media)
    elapsed = time.perf_counter() - started
    expected = case.status if media != JSON or case.json_status is None else case.json_status
    assert response.status_code == expected, response.text[:500]
    assert response.status_code != 500
    payload = response.json() if response.content else {}
    if case.code is not None:
        errors = payload.get("errors") or []
        assert errors, payload
        assert all("code" in (e.get("extensions") or {}) for e in errors), payload
        assert errors[0]["extensions"]["code"] == case.code, payload
    if case.status == 401:
        assert response.headers.get("www-authenticate") == "Bearer"
    if case.check is not None:
        case.check(payload)
    assert elapsed < REFUSAL_S, f"answered after {elapsed:.2f} s"
    health_started = time.perf_counter()
    assert http.get("/healthz").status_code == 200
    assert time.perf_counter() - health_started < HEALTHZ_AFTER_S


ATTACKS = [
    c
    for c in [*cost_cases(), *number_cases()]
    if c.id
    in {
        "flat-bomb-40",
        "flat-bomb-aliased-22",
        "nested-bomb-33",
        "fragment-cycle-400",
        "int-5000-digits-first",
        "selections-2001",
        "wide-bomb-300x2",
        "tokens-5001",
    }
]


# Sends the given bodies in turn until killed, counting the statuses it gets; in its
# own process, so that the pings measured here do not wait on its threads.
ATTACKER = """
import json, os, sys, httpx
url, headers, bodies, out = sys.argv[1], json.loads(sys.argv[2]), json.load(open(sys.argv[3])), sys.argv[4]
statuses = {}
with httpx.Client(timeout=60) as client:
    while True:
        for body in bodies:
            status = client.post(url, content=body.encode(), headers=headers).status_code
            statuses[status] = statuses.get(status, 0) + 1
            # Replaced whole, so that a kill never leaves half a file.
            with open(out + ".tmp", "w") as f:
                json.dump(statuses, f)
            os.replace(out + ".tmp", out)
"""


def test_healthz_stays_fast_while_hostile_documents_are_refused(
    hostile_server: Server, tmp_path: Path
) -> None:
    assert len(ATTACKS) == 8
    bodies = tmp_path / "bodies.json"
    bodies.write_text(json.dumps([c.body.decode() for c in ATTACKS if c.body is not None]))
    headers = {**hostile_server.headers["admin"], "content-type": "application/json", "accept": GQL}
    # The same pings with no attack first: on a machine shared with other work the
    # scheduler alone can delay a ping, and that is no fault of the server.
    quiet = p95_s(healthz_pings(hostile_server, 100))
    attackers = []
    for i in range(2):
        out = tmp_path / f"statuses-{i}.json"
        command = [sys.executable, "-c", ATTACKER, f"{hostile_server.url}/graphql", json.dumps(headers)]
        attackers.append((subprocess.Popen([*command, str(bodies), str(out)]), out))
    try:
        time.sleep(1.0)
        pings = healthz_pings(hostile_server, 200)
    finally:
        for process, _ in attackers:
            process.kill()
            process.wait()
    statuses: dict[str, int] = {}
    for _, out in attackers:
        for status, count in json.loads(out.read_text()).items():
            statuses[status] = statuses.get(status, 0) + count
    assert set(statuses) == {"400"} and statuses["400"] >= 50, statuses
    p95 = p95_s(pings)
    summary = (
        f"p95 {p95 * 1000:.1f} ms under attack, {quiet * 1000:.1f} ms without,"
        f" median {statistics.median(pings) * 1000:.1f} ms, {statuses}"
    )
    print(summary)
    assert p95 < HEALTHZ_UNDER_ATTACK_S + quiet, summary


def healthz_pings(server: Server, count: int) -> list[float]:
    pings = []
    with httpx.Client(base_url=server.url, timeout=10) as client:
        for _ in range(count):
            started = time.perf_counter()
            assert client.get("/healthz").status_code == 200
            pings.append(time.perf_counter() - started)
            time.sleep(0.01)
    return pings


def p95_s(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[int(len(ordered) * 0.95) - 1]
