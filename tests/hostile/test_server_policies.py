"""Rate limits, the access log and CORS, on real servers over real HTTP (and a real browser)."""

from __future__ import annotations

import contextlib
import http.server
import json
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.ratelimit import RateLimiter
from tests.hostile.server import HOST, Server, free_port, serve

GQL = "application/graphql-response+json"
QUERY = {"query": "{ __typename }"}


def test_token_bucket_refills_at_its_rate() -> None:
    now = [0.0]
    limiter = RateLimiter(rate_per_s=2, burst=3, clock=lambda: now[0])
    assert [limiter.take("a") for _ in range(3)] == [None, None, None]
    wait = limiter.take("a")
    assert wait == pytest.approx(0.5)
    assert limiter.take("b") is None  # every caller has a bucket of its own
    now[0] += 0.5
    assert limiter.take("a") is None
    assert limiter.take("a") is not None
    assert RateLimiter.retry_after(0.01) == "1"
    assert RateLimiter(rate_per_s=0, burst=1).take("a") is None  # 0 turns it off


@pytest.fixture(scope="module")
def strict_server() -> Iterator[Server]:
    with serve({"RELGRAPH_RATE_LIMIT_PER_S": "1", "RELGRAPH_RATE_LIMIT_BURST": "5"}) as server:
        yield server


def test_each_key_has_its_budget_and_past_it_gets_429(strict_server: Server) -> None:
    with httpx.Client(base_url=strict_server.url, timeout=30) as client:
        statuses = [
            client.post("/graphql", json=QUERY, headers={**strict_server.headers["admin"], "accept": GQL})
            for _ in range(8)
        ]
        codes = [r.status_code for r in statuses]
        assert codes[:5] == [200] * 5, codes
        refused = statuses[-1]
        assert refused.status_code == 429
        assert int(refused.headers["retry-after"]) >= 1
        assert refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
        legacy = client.post(
            "/graphql", json=QUERY, headers={**strict_server.headers["admin"], "accept": "application/json"}
        )
        assert legacy.status_code == 429
        # Another key is not charged for the first one's requests.
        other = client.post(
            "/graphql", json=QUERY, headers={**strict_server.headers["analyst"], "accept": GQL}
        )
        assert other.status_code == 200, other.text


def test_failed_credentials_are_charged_to_the_address(strict_server: Server) -> None:
    with httpx.Client(base_url=strict_server.url, timeout=30) as client:
        codes = [
            client.post(
                "/graphql", json=QUERY, headers={"authorization": "Bearer rgk_" + "B" * 40}
            ).status_code
            for _ in range(8)
        ]
    assert codes[:5] == [401] * 5 and codes[-1] == 429, codes


def test_the_access_log_has_no_query_strings_or_variables(strict_server: Server) -> None:
    secret = "needle-4711@example.test"
    params = {
        "query": "query($t: String!) { search(text: $t) { nodes { node { id } } } }",
        "variables": json.dumps({"t": secret}),
    }
    with httpx.Client(base_url=strict_server.url, timeout=30) as client:
        response = client.get("/graphql", params=params, headers=strict_server.headers["editor"])
        assert response.status_code == 200, response.text
    time.sleep(0.3)
    log = strict_server.log()
    assert '"GET /graphql HTTP/1.1" 200' in log, log[-2000:]
    assert secret not in log and "needle" not in log and "query=" not in log


# -- CORS ------------------------------------------------------------------------------


@contextlib.contextmanager
def page_server(html: str, port: int) -> Iterator[str]:
    """A static page on another loopback port: the browser's origin."""
    directory = Path(tempfile.mkdtemp(prefix="rgc-"))
    (directory / "index.html").write_text(html)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(directory), **kwargs)

        def log_message(self, format: str, *args: Any) -> None:
            return

    httpd = http.server.ThreadingHTTPServer((HOST, port), Quiet)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{port}"
    finally:
        httpd.shutdown()
        shutil.rmtree(directory, ignore_errors=True)


def page(api: str, key: str) -> str:
    """Calls the API with a custom header (so the browser sends a preflight) and shows the outcome."""
    return f"""<!doctype html><html><body><pre id="out">pending</pre><script>
fetch("{api}/graphql", {{method: "POST",
  headers: {{"Content-Type": "application/json", "Accept": "{GQL}", "X-API-Key": "{key}"}},
  body: JSON.stringify({{query: "{{ __typename }}"}})}})
  .then(r => r.text().then(t => document.getElementById("out").textContent = "status=" + r.status + " " + t))
  .catch(e => document.getElementById("out").textContent = "blocked " + e);
</script></body></html>"""


def browser_outcome(url: str) -> str:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("no chromium on this machine (Debian package 'chromium')")
    profile = tempfile.mkdtemp(prefix="rgb-")
    try:
        completed = subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                f"--user-data-dir={profile}",
                "--virtual-time-budget=10000",
                "--dump-dom",
                url,
            ],
            capture_output=True,
            text=True,
            timeout=90,
            check=False,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    start = completed.stdout.find('<pre id="out">')
    assert start >= 0, completed.stderr[-2000:]
    return completed.stdout[start + len('<pre id="out">') : completed.stdout.find("</pre>", start)]


def test_cors_is_off_by_default(strict_server: Server) -> None:
    preflight = httpx.options(
        f"{strict_server.url}/graphql",
        headers={"origin": "http://127.0.0.1:1", "access-control-request-method": "POST"},
    )
    assert preflight.status_code == 405
    assert "access-control-allow-origin" not in preflight.headers
    assert preflight.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"


def test_a_listed_origin_calls_the_api_from_a_browser_and_others_are_blocked() -> None:
    allowed_port, other_port = free_port(), free_port()
    allowed_origin, other_origin = f"http://{HOST}:{allowed_port}", f"http://{HOST}:{other_port}"
    with serve({"RELGRAPH_CORS_ORIGINS": f"{allowed_origin}, https://app.example.test"}) as api:
        # The preflight over plain HTTP first: what the browser will ask.
        preflight = httpx.options(
            f"{api.url}/graphql",
            headers={
                "origin": allowed_origin,
                "access-control-request-method": "POST",
                "access-control-request-headers": "content-type, x-api-key",
            },
        )
        assert preflight.status_code == 200, preflight.text
        assert preflight.headers["access-control-allow-origin"] == allowed_origin
        assert "x-api-key" in preflight.headers["access-control-allow-headers"].lower()
        denied = httpx.options(
            f"{api.url}/graphql", headers={"origin": other_origin, "access-control-request-method": "POST"}
        )
        assert denied.status_code == 400
        assert "access-control-allow-origin" not in denied.headers
        # Then a page on each origin calls the API from a real browser.
        key = api.headers["analyst"]["Authorization"].removeprefix("Bearer ")
        html = page(api.url, key)
        with page_server(html, allowed_port) as allowed, page_server(html, other_port) as other:
            outcome = browser_outcome(f"{allowed}/index.html")
            assert outcome.startswith("status=200"), outcome
            assert '"__typename":"Query"' in outcome, outcome
            blocked = browser_outcome(f"{other}/index.html")
            assert blocked.startswith("blocked"), blocked
