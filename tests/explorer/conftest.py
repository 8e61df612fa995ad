"""Browser fixtures: Debian's Chromium driven by Playwright (no browser download),
real relgraph servers, and pages that may reach nothing but loopback."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Playwright, Route, sync_playwright

from api.auth import KeyStore
from api.auth.principal import Role
from api.auth.settings import default_keys_path
from graph_model.settings import StoreSettings
from tests.explorer.support import (
    TIMINGS,
    GuardedServer,
    LiveServer,
    Watched,
    drop_graph,
    live_server,
    seeded_graph,
)

LOOPBACK = ("http://127.0.0.1:", "data:", "blob:")


def chromium_path() -> str:
    found = (
        os.environ.get("RELGRAPH_TEST_CHROMIUM")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )
    if not found:
        pytest.fail(
            "The browser tests need Chromium: `apt-get install -y chromium` (Debian), "
            "or set RELGRAPH_TEST_CHROMIUM to a Chromium executable. .ci/run installs it."
        )
    return found


# Module scope: Playwright's sync API holds an event loop in this thread while it
# runs, which the asyncio tests of other modules must not meet.
@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    # Chromium's sandbox needs user namespaces that root in a container lacks.
    args = ["--no-sandbox"] if os.geteuid() == 0 else []
    launched = playwright.chromium.launch(executable_path=chromium_path(), args=args)
    yield launched
    launched.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    opened = browser.new_context(viewport={"width": 1440, "height": 900})
    yield opened
    opened.close()


@pytest.fixture
def watched(context: BrowserContext) -> Iterator[Watched]:
    page = context.new_page()
    watch = Watched(page)

    def only_loopback(route: Route) -> None:
        url = route.request.url
        if url.startswith(LOOPBACK):
            route.continue_()
        else:
            watch.outside.append(url)
            route.abort()

    context.route("**/*", only_loopback)
    page.on("pageerror", lambda error: watch.errors.append(str(error)))
    yield watch
    assert watch.outside == [], f"the page tried to reach beyond loopback: {watch.outside}"
    assert watch.errors == [], f"script errors: {watch.errors}"


@pytest.fixture(scope="session")
def demo_graph(engine_dir: Path) -> Iterator[StoreSettings]:
    settings = seeded_graph(engine_dir, "demo")
    yield settings
    drop_graph(settings)


@pytest.fixture(scope="session")
def demo_server(demo_graph: StoreSettings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    log = tmp_path_factory.mktemp("explorer") / "demo-server.log"
    with live_server(demo_graph, auth="off", log=log) as server:
        yield server


@pytest.fixture(scope="session")
def guarded_server(
    demo_graph: StoreSettings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[GuardedServer]:
    # `relgraph serve` reads its keys from the data directory (the session engine's).
    keys_path = default_keys_path({"RELGRAPH_DATA_DIR": str(demo_graph.data_dir)})
    member = KeyStore(keys_path).create(Role.ACCOUNT_MEMBER, ["cust-northwind"])
    log = tmp_path_factory.mktemp("explorer") / "guarded-server.log"
    try:
        with live_server(demo_graph, auth="on", log=log) as server:
            yield GuardedServer(server, member.key, "cust-northwind")
    finally:
        keys_path.unlink(missing_ok=True)


@pytest.fixture(scope="session")
def large_server(engine_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A synthetic graph whose larger accounts have depth-2 maps of about 500 nodes."""
    settings = seeded_graph(engine_dir, "synthetic", "--stakeholders", "5000", "--seed", "7")
    log = tmp_path_factory.mktemp("explorer") / "large-server.log"
    with live_server(settings, auth="off", log=log) as server:
        yield server
    drop_graph(settings)


class _TimingsSummary:
    """Prints the measured timings after the test results."""

    @staticmethod
    def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
        if TIMINGS:
            terminalreporter.write_sep("-", "explorer timings (measured, not asserted)")
            for line in TIMINGS:
                terminalreporter.write_line(line)


def pytest_configure(config: pytest.Config) -> None:
    # A conftest below the root gets no terminal-summary call; a plugin does.
    config.pluginmanager.register(_TimingsSummary(), "relgraph-explorer-timings")
