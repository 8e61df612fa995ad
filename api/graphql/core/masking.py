"""What a client may see of an error: itself when meant for clients, a coded stand-in otherwise."""

from __future__ import annotations

import logging
import re

from graphql import GraphQLError

from api.graphql.core.documents import VALIDATION_FAILED
from api.graphql.core.errors import should_mask
from graph_model.errors import EngineUnavailable

INTERNAL_ERROR = "Internal server error."
QUERY_TIMEOUT = "The database query took too long and was stopped."
ENGINE_UNAVAILABLE = "The database is not answering right now (it may be restarting); try again shortly."
# graphql-core appends hints naming the schema's fields, arguments, types and
# enum values to its messages; production answers carry none of them.
_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")

logger = logging.getLogger("relgraph.api")


def is_query_timeout(error: GraphQLError) -> bool:
    """Whether the engine gave up on a statement at its per-query time limit."""
    original = error.original_error
    if original is None:
        return False
    # FalkorDB answers with a plain "Query timed out" reply; Neo4j with a
    # TransactionTimedOut* status code.
    if type(original).__name__ == "ResponseError" and str(original) == "Query timed out":
        return True
    return str(getattr(original, "code", "")).startswith("Neo.ClientError.Transaction.TransactionTimedOut")


def is_variable_error(error: GraphQLError) -> bool:
    """Whether graphql-core refused a variable value: about the client's own input, so shown.

    These wrap the GraphQLError that coercion raised and, unlike a value a
    resolver returned that fails its type, have no path.
    """
    return error.path is None and isinstance(error.original_error, GraphQLError)


def _with_code(error: GraphQLError, code: str, message: str | None = None) -> GraphQLError:
    """``error`` with ``code`` unless it has one already, and with ``message`` if given."""
    if message is None and (error.extensions or {}).get("code"):
        return error
    extensions = {**(error.extensions or {})}
    if code and not extensions.get("code"):
        extensions["code"] = code
    return GraphQLError(
        error.message if message is None else message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=error.original_error,
        extensions=extensions,
    )


def _coded_refusal(error: GraphQLError) -> GraphQLError | None:
    """Expected refusals raised below the resolvers, with the code they deserve (None: not one)."""
    original = error.original_error
    code = getattr(original, "graphql_code", None)
    if not isinstance(code, str):
        return None
    coded = _with_code(error, code, str(original))
    field = getattr(original, "graphql_field", None)
    if isinstance(field, str):
        assert coded.extensions is not None
        coded.extensions["field"] = field
    return coded


def mask(error: GraphQLError, *, suggestions: bool = True) -> GraphQLError:
    """The error a client may see: itself when meant for clients, a coded stand-in otherwise.

    Every error shown carries an ``extensions.code``; without ``suggestions``
    no message names a field, argument, type or value the client did not.
    """
    if not suggestions and _SUGGESTION.search(error.message):
        error = _with_code(error, "", _SUGGESTION.sub("", error.message))
    if is_variable_error(error):
        return _with_code(error, "BAD_USER_INPUT")
    refused = _coded_refusal(error)
    if refused is not None:
        return refused
    timed_out = is_query_timeout(error)
    unavailable = isinstance(error.original_error, EngineUnavailable)
    if not timed_out and not unavailable and error.original_error is None:
        # Parse and validation errors of graphql-core itself.
        return _with_code(error, VALIDATION_FAILED)
    if not timed_out and not unavailable and not should_mask(error):
        return _with_code(error, "BAD_REQUEST")
    if timed_out:
        logger.warning("database query timed out at %s", error.path)
        message, code = QUERY_TIMEOUT, "TIMEOUT"
    elif unavailable:
        logger.warning("database unavailable at %s", error.path)
        message, code = ENGINE_UNAVAILABLE, "SERVICE_UNAVAILABLE"
    else:
        message, code = INTERNAL_ERROR, "INTERNAL_SERVER_ERROR"
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions={"code": code},
    )
