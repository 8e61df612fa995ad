"""GraphQL over HTTP: content negotiation, status codes, GET and POST."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

import strawberry
from graphql import GraphQLError, OperationType, parse
from graphql.error import GraphQLSyntaxError
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from strawberry.http.ides import get_graphql_ide_html

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
ContextFactory = Callable[[Request], Awaitable[Any]]


class HttpError(Exception):
    def __init__(self, status: int, message: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


def _accepted_type(request: Request) -> str | None:
    """Pick the response media type from Accept (graphql-response+json preferred)."""
    accept = request.headers.get("accept", "")
    if not accept.strip():
        return JSON
    best: tuple[float, str] | None = None
    for part in accept.split(","):
        media, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        media = media.lower()
        if media in (GRAPHQL_RESPONSE, "application/*", "*/*"):
            candidate = GRAPHQL_RESPONSE
        elif media == JSON:
            candidate = JSON
        else:
            continue
        if q > 0 and (best is None or q > best[0] or (q == best[0] and candidate == GRAPHQL_RESPONSE)):
            best = (q, candidate)
    return best[1] if best else None


def _error_body(message: str) -> dict[str, Any]:
    return {"errors": [{"message": message}]}


def _respond(body: dict[str, Any], status: int, media: str) -> Response:
    return Response(json.dumps(body, separators=(",", ":")), status_code=status, media_type=media)


async def _read_params(request: Request, max_body: int) -> dict[str, Any]:
    if request.method == "GET":
        query = request.query_params
        params: dict[str, Any] = {"query": query.get("query")}
        for key in ("variables", "extensions"):
            if key in query:
                try:
                    params[key] = json.loads(query[key])
                except ValueError:
                    raise HttpError(400, f"{key} is not valid JSON") from None
        params["operationName"] = query.get("operationName")
        return params
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != JSON:
        raise HttpError(415, "POST requests must have Content-Type: application/json")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > max_body:
            raise HttpError(413, f"request body larger than {max_body} bytes")
    try:
        data = json.loads(body)
    except ValueError:
        raise HttpError(400, "request body is not valid JSON") from None
    if not isinstance(data, dict):
        raise HttpError(400, "request body must be a JSON object (batching is not supported)")
    return data


def _check_params(params: dict[str, Any]) -> tuple[str, dict[str, Any] | None, str | None]:
    query, variables, name = params.get("query"), params.get("variables"), params.get("operationName")
    if not isinstance(query, str) or not query:
        raise HttpError(400, "query must be a non-empty string")
    if variables is not None and not isinstance(variables, dict):
        raise HttpError(400, "variables must be an object")
    if name is not None and not isinstance(name, str):
        raise HttpError(400, "operationName must be a string")
    extensions = params.get("extensions")
    if extensions is not None and not isinstance(extensions, dict):
        raise HttpError(400, "extensions must be an object")
    return query, variables, name


def _operation_type(query: str, name: str | None) -> OperationType | None:
    try:
        document = parse(query)
    except GraphQLSyntaxError:
        return None
    ops = [d for d in document.definitions if getattr(d, "operation", None) is not None]
    for op in ops:
        if name is None or (op.name and op.name.value == name):  # type: ignore[attr-defined]
            return op.operation  # type: ignore[attr-defined, no-any-return]
    return None


def graphql_endpoint(
    schema: strawberry.Schema, context_factory: ContextFactory, *, max_body: int, graphiql: bool
) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        if request.method == "GET" and graphiql and "text/html" in request.headers.get("accept", ""):
            return HTMLResponse(get_graphql_ide_html("graphiql"))
        media = _accepted_type(request)
        if media is None:
            return JSONResponse(_error_body("Accept must allow application/graphql-response+json or application/json"),
                                status_code=406)
        try:
            params = await _read_params(request, max_body)
            query, variables, name = _check_params(params)
            if request.method == "GET" and _operation_type(query, name) is OperationType.MUTATION:
                raise HttpError(405, "mutations are not allowed over GET", headers={"Allow": "POST"})
            context = await context_factory(request)
        except HttpError as exc:
            response = _respond(_error_body(exc.message), exc.status, media)
            response.headers.update(exc.headers)
            return response
        result = await schema.execute(query, variable_values=variables, operation_name=name, context_value=context)
        body: dict[str, Any] = {}
        if result.errors:
            body["errors"] = [e.formatted for e in result.errors]
        if result.data is not None or not result.errors:
            body["data"] = result.data
        status = 200
        if media == GRAPHQL_RESPONSE and result.data is None and result.errors:
            # Request errors (parse, validation, bad variables): nothing executed.
            status = 400
        if any(_code(e) == "UNAUTHENTICATED" for e in result.errors or []):
            status = 401
        return _respond(body, status, media)

    return endpoint


def _code(error: GraphQLError) -> object:
    return (error.extensions or {}).get("code")
