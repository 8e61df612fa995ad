"""GraphQL errors that clients may see, each with an ``extensions.code``.

Anything else raised while resolving is unexpected: the schema masks it.
"""

from __future__ import annotations

import logging
import traceback

from graphql import GraphQLError

logger = logging.getLogger("relgraph.api")


class ClientError(GraphQLError):
    code = "INTERNAL_SERVER_ERROR"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        extensions: dict[str, object] = {"code": self.code}
        if field is not None:
            extensions["field"] = field
        super().__init__(message, extensions=extensions)


class BadUserInput(ClientError):
    code = "BAD_USER_INPUT"


class NotFoundError(ClientError):
    code = "NOT_FOUND"


class Forbidden(ClientError):
    code = "FORBIDDEN"


class Unauthenticated(ClientError):
    code = "UNAUTHENTICATED"


def is_client_error(error: GraphQLError) -> bool:
    """True for errors meant for clients: ours, and GraphQL's own validation."""
    original = error.original_error
    if original is None:
        # Parse and validation errors have no original error: they describe
        # the client's document and are safe to show.
        return True
    return isinstance(original, ClientError)


def should_mask(error: GraphQLError) -> bool:
    if is_client_error(error):
        return False
    original = error.original_error
    # Log where and what kind of failure, never the message: driver errors
    # can quote the data (names, emails) that was being written.
    frames = "".join(traceback.format_tb(original.__traceback__)) if original else ""
    logger.error("unexpected %s at %s\n%s", type(original).__name__, error.path, frames)
    return True
