"""The pages over HTTP: what is served, from where, and what GraphiQL opens with."""

from __future__ import annotations

import fnmatch
import re
import tomllib
from pathlib import Path

import httpx
import pytest
from graphql import parse, print_ast

from api.explorer.examples import EXAMPLES, example_tabs
from api.explorer.pages import STATIC, TEMPLATES
from graph_model.settings import StoreSettings
from tests.explorer.support import LiveServer, live_server

ROOT = Path(__file__).resolve().parents[2]
VENDORED = ("cytoscape", "graphiql", "react", "react-dom")


def test_graphiql_opens_with_the_readme_examples() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"Try in GraphiQL:\n\n```graphql\n(.*?)```", readme, re.DOTALL)
    assert block is not None
    operations = [line for line in block.group(1).splitlines() if line.strip()]
    assert operations == [operation for _, operation in EXAMPLES]
    tabs = [parse(tab["query"]) for tab in example_tabs()]
    named = [parse(f"query {name} {operation}") for name, operation in EXAMPLES]
    assert [print_ast(tab) for tab in tabs] == [print_ast(example) for example in named]


def test_every_shipped_file_is_package_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["api.explorer"]
    package = STATIC.parent
    shipped = [p for folder in (STATIC, TEMPLATES) for p in folder.rglob("*") if p.is_file()]
    assert shipped
    for path in shipped:
        relative = path.relative_to(package).as_posix()
        assert any(fnmatch.fnmatchcase(relative, pattern) for pattern in patterns), relative


@pytest.mark.parametrize("package", VENDORED)
def test_vendored_builds_keep_their_licence_and_version(package: str) -> None:
    folder = STATIC / "vendor" / package
    assert (folder / "LICENSE").read_text(encoding="utf-8").strip()
    assert re.fullmatch(rf"{package}@\d+\.\d+\.\d+\n", (folder / "VERSION").read_text(encoding="utf-8"))


def test_pages_load_nothing_from_elsewhere(demo_server: LiveServer) -> None:
    for path in ("/", "/explore", "/graphql"):
        page = httpx.get(f"{demo_server.url}{path}", headers={"Accept": "text/html"})
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        assert "default-src 'self'" in page.headers["content-security-policy"]
        for reference in re.findall(r'(?:src|href)="([^"]*)"', page.text):
            assert not re.match(r"[a-z]+:|//", reference) or reference == "data:,", (path, reference)
            if reference.startswith("static/"):
                asset = httpx.get(f"{demo_server.url}/{reference}")
                assert asset.status_code == 200, reference
    module = httpx.get(f"{demo_server.url}/static/vendor/cytoscape/cytoscape.esm.min.js")
    assert module.headers["content-type"].startswith("text/javascript")


def test_graphql_still_answers_clients_that_are_not_browsers(demo_server: LiveServer) -> None:
    answer = httpx.get(f"{demo_server.url}/graphql", params={"query": "{ __typename }"})
    assert answer.json() == {"data": {"__typename": "Query"}}


def test_production_serves_no_graphiql_and_does_not_link_it(
    demo_graph: StoreSettings, tmp_path_factory: pytest.TempPathFactory
) -> None:
    log = tmp_path_factory.mktemp("explorer") / "production-server.log"
    with live_server(demo_graph, auth="off", log=log, production=True) as server:
        html = {"Accept": "text/html"}
        home = httpx.get(f"{server.url}/", headers=html)
        assert 'href="explore"' in home.text
        assert 'href="graphql"' not in home.text
        ide = httpx.get(f"{server.url}/graphql", headers=html)
        assert "graphiql" not in ide.text.lower()
        explorer = httpx.get(f"{server.url}/explore", headers=html)
        assert explorer.status_code == 200
        assert 'href="graphql"' not in explorer.text
