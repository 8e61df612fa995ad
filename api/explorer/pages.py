"""Routes of the pages: the landing page, the explorer, GraphiQL and their static files.

Everything a page loads is in ``static/`` (third-party builds under
``static/vendor`` with their licences), so the pages work with no network.
The pages are served with a Content-Security-Policy that allows only this
origin, so nothing can quietly reach elsewhere either.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from functools import cache
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from api.explorer.examples import example_tabs

STATIC = Path(__file__).parent / "static"
TEMPLATES = Path(__file__).parent / "templates"
Endpoint = Callable[[Request], Awaitable[Response]]

# Inline styles are allowed because GraphiQL and Cytoscape.js set element styles;
# scripts, data and fonts come from this origin (fonts inlined as data: URLs).
_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
_HEADERS = {"Content-Security-Policy": _POLICY, "X-Content-Type-Options": "nosniff"}


@cache
def _template(name: str) -> str:
    return (TEMPLATES / name).read_text(encoding="utf-8")


def _page(name: str, *, title: str, **values: str) -> HTMLResponse:
    # Every page opens with the same head (charset, viewport, icon); only its title differs.
    text = _template("page-head.html").replace("{{title}}", title) + _template(name)
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    return HTMLResponse(text, headers=_HEADERS)


def _json_for_html(value: object) -> str:
    # Inside <script type="application/json">, "</" would end the element early.
    return json.dumps(value).replace("</", "<\\/")


def graphiql_page() -> HTMLResponse:
    return _page("graphiql.html", title="relgraph GraphiQL", tabs=_json_for_html(example_tabs()))


def with_graphiql(endpoint: Endpoint) -> Endpoint:
    """The GraphQL endpoint, answering a browser's GET with the shipped GraphiQL."""

    async def endpoint_or_ide(request: Request) -> Response:
        if request.method == "GET" and "text/html" in request.headers.get("accept", ""):
            return graphiql_page()
        return await endpoint(request)

    return endpoint_or_ide


def page_routes(*, graphiql: bool) -> list[BaseRoute]:
    """``/`` (links to the tools), ``/explore`` and the static files they load."""

    async def home(request: Request) -> Response:
        graphiql_link = (
            '<li><a href="graphql">GraphiQL</a>: write and run GraphQL operations, '
            "with the schema's documentation at hand.</li>"
            if graphiql
            else ""
        )
        return _page("home.html", title="relgraph", graphiql_link=graphiql_link)

    async def explore(request: Request) -> Response:
        link = '<a href="graphql">GraphiQL</a>' if graphiql else ""
        return _page("explorer.html", title="relgraph explorer", graphiql_link=link)

    return [
        Route("/", home, methods=["GET", "HEAD"]),
        Route("/explore", explore, methods=["GET", "HEAD"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
