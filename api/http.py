"""GraphQL over HTTP: content negotiation, status codes, GET and POST.

Follows the GraphQL-over-HTTP draft: ``application/graphql-response+json``
answers say by their status whether execution began (200) or the request
was refused before it (4xx/5xx); legacy ``application/json`` answers use 200
for every well-formed GraphQL request, whatever its GraphQL errors.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import anyio
import orjson
import strawberry
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from strawberry.http.ides import get_graphql_ide_html
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from api.graphql.core.persisted import BadPersistedQuery, DocumentRefused, PersistedDocuments, Resolved
from api.ratelimit import RateLimiter

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
ContextFactory = Callable[[Request], Awaitable[Any]]

_UTF8 = ("utf-8", "utf8")
_READ_ONLY = frozenset({OperationType.QUERY})
_EXACT = 2
_WILDCARDS = {"*/*": 0, "application/*": 1}
_CODES = {
    400: "BAD_REQUEST",
    401: "UNAUTHENTICATED",
    405: "METHOD_NOT_ALLOWED",
    406: "NOT_ACCEPTABLE",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    429: "RATE_LIMITED",
    503: "SERVICE_UNAVAILABLE",
}

logger = logging.getLogger("relgraph.api")


class HttpError(Exception):
    """The request is refused before any GraphQL work is done."""

    def __init__(
        self, status: int, message: str, *, headers: dict[str, str] | None = None, code: str | None = None
    ) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}
        self.code = code or _CODES.get(status, "BAD_REQUEST")


@dataclass(frozen=True)
class GraphQLParams:
    # None when the request names a persisted document by its hash alone.
    query: str | None
    variables: dict[str, Any] | None
    operation_name: str | None
    extensions: dict[str, Any] | None


def _media_type(value: str) -> tuple[str, dict[str, str]]:
    """Split ``type/subtype; name=value`` into the lower-cased type and its parameters."""
    media, *raw_params = value.split(";")
    params: dict[str, str] = {}
    for raw in raw_params:
        name, _, param = raw.partition("=")
        params[name.strip().lower()] = param.strip().strip('"')
    return media.strip().lower(), params


def negotiate(accept: str) -> str | None:
    """The response media type for an Accept header, or None when neither is acceptable.

    Each type takes the quality of the most specific range that names it.
    Wildcards and a missing header mean application/json: clients that do
    not ask for graphql-response+json may not understand its status codes.
    """
    if not accept.strip():
        return JSON
    # type -> (specificity of the best range so far, its quality)
    matches: dict[str, tuple[int, float]] = {}
    for part in accept.split(","):
        media, params = _media_type(part)
        if params.get("charset", "utf-8").lower() not in _UTF8:
            continue
        try:
            quality = float(params.get("q", "1"))
        except ValueError:
            continue
        for candidate in (GRAPHQL_RESPONSE, JSON):
            specificity = _EXACT if media == candidate else _WILDCARDS.get(media)
            if specificity is not None and specificity >= matches.get(candidate, (-1, 0.0))[0]:
                matches[candidate] = (specificity, quality)

    def preference(candidate: str) -> tuple[float, bool, bool]:
        specificity, quality = matches[candidate]
        explicit = specificity == _EXACT
        # On a tie an explicit graphql-response+json wins; among wildcards, JSON.
        return quality, explicit, (candidate == GRAPHQL_RESPONSE) == explicit

    acceptable = [c for c in matches if matches[c][1] > 0]
    return max(acceptable, key=preference) if acceptable else None


def _error_body(message: str, code: str) -> dict[str, Any]:
    return {"errors": [{"message": message, "extensions": {"code": code}}]}


def _respond(
    body: dict[str, Any], status: int, media: str, headers: dict[str, str] | None = None
) -> Response:
    return Response(_encode(body), status_code=status, media_type=f"{media}; charset=utf-8", headers=headers)


def _encode(body: dict[str, Any]) -> bytes:
    # A large map is megabytes of JSON: orjson writes it several times faster.
    # What it refuses (an integer beyond 64 bits) the standard library writes.
    try:
        return orjson.dumps(body)
    except TypeError:
        return json.dumps(body, separators=(",", ":")).encode()


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _json_param(value: str, name: str) -> Any:
    # NaN and Infinity are not JSON, and integers of thousands of digits
    # raise ValueError in the standard library's conversion.
    try:
        return json.loads(value, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        raise HttpError(400, f"{name} is not valid JSON") from None


def _utf8(body: bytes) -> str:
    # json.loads would guess UTF-16 and UTF-32 from bytes; only UTF-8 is accepted.
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise HttpError(400, "request body is not valid UTF-8") from None


async def _read_body(request: Request, max_body: int) -> bytes:
    declared = request.headers.get("content-length", "")
    # Refuse a declared oversize body before reading any of it.
    if declared.isdigit() and int(declared) > max_body:
        raise HttpError(413, f"request body larger than {max_body} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > max_body:
            raise HttpError(413, f"request body larger than {max_body} bytes")
    return bytes(body)


async def read_params(request: Request, max_body: int) -> GraphQLParams:
    """The GraphQL request parameters from the query string (GET) or a JSON body (POST)."""
    if request.method in ("GET", "HEAD"):
        query = request.query_params
        raw: dict[str, Any] = {"query": query.get("query"), "operationName": query.get("operationName")}
        for key in ("variables", "extensions"):
            if key in query:
                raw[key] = _json_param(query[key], key)
        return _check_params(raw)
    media, params = _media_type(request.headers.get("content-type", ""))
    if media != JSON or params.get("charset", "utf-8").lower() not in _UTF8:
        raise HttpError(415, "POST requests must have Content-Type: application/json (UTF-8)")
    data = _json_param(_utf8(await _read_body(request, max_body)), "request body")
    if isinstance(data, list):
        raise HttpError(400, "batched requests are not supported: send one JSON object per request")
    if not isinstance(data, dict):
        raise HttpError(400, "request body must be a JSON object")
    return _check_params(data)


def _check_params(raw: dict[str, Any]) -> GraphQLParams:
    query, variables, name = raw.get("query"), raw.get("variables"), raw.get("operationName")
    extensions = raw.get("extensions")
    if query is not None and (not isinstance(query, str) or not query.strip()):
        raise HttpError(400, "query must be a non-empty string")
    if variables is not None and not isinstance(variables, dict):
        raise HttpError(400, "variables must be an object")
    if name is not None and not isinstance(name, str):
        raise HttpError(400, "operationName must be a string")
    if extensions is not None and not isinstance(extensions, dict):
        raise HttpError(400, "extensions must be an object")
    return GraphQLParams(query, variables, name, extensions)


def _code(error: GraphQLError) -> object:
    return (error.extensions or {}).get("code")


def _execution_began(result: ExecutionResult) -> bool:
    # Parse, validation and variable errors stop a request before any field
    # runs, and only field errors have a path.
    return result.data is not None or not result.errors or any(e.path for e in result.errors)


# How long a client should wait before retrying while the engine restarts.
RETRY_AFTER_S = 2


def _status(result: ExecutionResult, media: str) -> int:
    errors = result.errors or []
    if any(_code(e) == "UNAUTHENTICATED" for e in errors):
        return 401
    if any(_code(e) == "SERVICE_UNAVAILABLE" for e in errors):
        # The whole service is briefly down, whatever the media type.
        return 503
    if media == JSON or _execution_began(result):
        return 200
    if any(_code(e) == "INTERNAL_SERVER_ERROR" for e in errors):
        return 500
    return 400


_STATUS_HEADERS = {401: {"WWW-Authenticate": "Bearer"}, 503: {"Retry-After": str(RETRY_AFTER_S)}}


def _result_body(result: ExecutionResult) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if result.errors:
        body["errors"] = [e.formatted for e in result.errors]
    # A request refused before execution has no data entry at all; one that
    # ran has one, even if it is null.
    if _execution_began(result):
        body["data"] = result.data
    if result.extensions:
        body["extensions"] = result.extensions
    return body


def graphql_endpoint(
    schema: strawberry.Schema,
    context_factory: ContextFactory,
    *,
    max_body: int,
    request_timeout_s: float,
    graphiql: bool,
    documents: PersistedDocuments,
    rate_limiter: RateLimiter | None = None,
) -> Callable[[Request], Awaitable[Response]]:
    def limit(caller: str) -> None:
        if rate_limiter is None:
            return
        wait_s = rate_limiter.take(caller)
        if wait_s is not None:
            retry = RateLimiter.retry_after(wait_s)
            raise HttpError(429, f"too many requests: try again in {retry} s", headers={"Retry-After": retry})

    async def execute(
        resolved: Resolved, params: GraphQLParams, context: Any, read_only: bool, media: str
    ) -> Response:
        try:
            with anyio.fail_after(request_timeout_s):
                result = await schema.execute(
                    resolved.query,
                    variable_values=params.variables,
                    context_value=context,
                    operation_name=params.operation_name,
                    allowed_operation_types=_READ_ONLY if read_only else None,
                    operation_extensions=params.extensions,
                )
        except TimeoutError:
            logger.warning("request stopped after the %ss limit", request_timeout_s)
            message = f"The request took longer than {request_timeout_s:g}s and was stopped."
            body = _error_body(message, "TIMEOUT")
            return _respond(body, 504 if media == GRAPHQL_RESPONSE else 200, media)
        except InvalidOperationTypeError as exc:
            raise HttpError(405, exc.as_http_error_reason("GET"), headers={"Allow": "POST"}) from None
        except CannotGetOperationTypeError as exc:
            # A GraphQL request error, so it follows the media type's rules.
            body = _error_body(exc.as_http_error_reason(), "BAD_REQUEST")
            return _respond(body, 400 if media == GRAPHQL_RESPONSE else 200, media)
        if _execution_began(result):
            documents.ran(resolved)
        status = _status(result, media)
        headers = _STATUS_HEADERS.get(status)
        return _respond(_result_body(result), status, media, headers)

    async def endpoint(request: Request) -> Response:
        accept = request.headers.get("accept", "")
        if request.method not in ("GET", "HEAD", "POST"):
            message = f"{request.method} is not supported: use GET (queries) or POST"
            body = _error_body(message, _CODES[405])
            return _respond(body, 405, negotiate(accept) or JSON, {"Allow": "GET, POST"})
        if request.method == "GET" and graphiql and "text/html" in accept:
            return HTMLResponse(get_graphql_ide_html("graphiql"))
        media = negotiate(accept)
        if media is None:
            message = f"Accept must allow {GRAPHQL_RESPONSE} or {JSON}"
            return _respond(_error_body(message, _CODES[406]), 406, JSON)
        try:
            # Authenticate before reading the body: strangers may not make us buffer it.
            address = f"address:{request.client.host if request.client else 'unknown'}"
            try:
                context = await context_factory(request)
            except HttpError:
                # Failed credentials count against the address: guessing keys is throttled too.
                limit(address)
                raise
            anonymous = getattr(context, "subject", "anonymous") == "anonymous"
            limit(address if anonymous else f"subject:{context.subject}")
            params = await read_params(request, max_body)
            try:
                resolved = documents.resolve(params.query, params.extensions)
            except BadPersistedQuery as exc:
                raise HttpError(400, str(exc)) from None
            return await execute(resolved, params, context, request.method != "POST", media)
        except HttpError as exc:
            return _respond(_error_body(exc.message, exc.code), exc.status, media, exc.headers)
        except DocumentRefused as exc:
            status = exc.status if media == GRAPHQL_RESPONSE else 200
            return _respond(_error_body(exc.message, exc.code), status, media)

    return endpoint
