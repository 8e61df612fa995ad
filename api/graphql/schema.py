"""The strawberry schema with its limits, caches and error masking."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import strawberry
from graphql import GraphQLError, NoSchemaIntrospectionCustomRule, OperationDefinitionNode, specified_rules
from graphql.validation import ASTValidationRule
from strawberry.extensions import SchemaExtension
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext, ExecutionResult
from strawberry.types.graphql import OperationType

from api.graphql.analytics.schema import AnalyticsQuery
from api.graphql.changes.types import Subscription
from api.graphql.core.documents import VALIDATION_FAILED, DocumentCache, DocumentLimits, Prepared
from api.graphql.core.errors import should_mask
from api.graphql.core.execution import RecordExecutionContext
from api.graphql.core.scalars import SCALARS
from api.graphql.entities.schema import Query
from api.graphql.entities.types import (
    Customer,
    Department,
    Industry,
    Interaction,
    Stakeholder,
    Supplier,
    TeamMember,
)
from api.graphql.mutations.schema import Mutation
from api.settings import ApiSettings
from graph_model.errors import EngineUnavailable

SDL_PATH = Path(__file__).resolve().parents[2] / "schema.graphql"
INTERNAL_ERROR = "Internal server error."
QUERY_TIMEOUT = "The database query took too long and was stopped."
ENGINE_UNAVAILABLE = "The database is not answering right now (it may be restarting); try again shortly."
CACHE_SIZE = 256
# graphql-core appends hints naming the schema's fields, arguments, types and
# enum values to its messages; production answers carry none of them.
_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")
_prepared: ContextVar[Prepared | None] = ContextVar("relgraph_prepared_document", default=None)

logger = logging.getLogger("relgraph.api")


@strawberry.type(name="Query")
class RootQuery(Query, AnalyticsQuery):
    """Entity reads, maps and search, plus network analytics."""


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


class OperationChoice(SchemaExtension):
    """GraphQL's GetOperation: a document with several operations must name the one to run.

    strawberry would quietly run the first, which may be a mutation.
    """

    named = False

    def on_operation(self) -> Iterator[None]:
        # Read before parsing: once the document is known, strawberry answers
        # with the first operation's name when the request gave none.
        self.named = self.execution_context.operation_name is not None
        yield

    def on_parse(self) -> Iterator[None]:
        yield
        document = self.execution_context.graphql_document
        if self.named or document is None:
            return
        if sum(isinstance(d, OperationDefinitionNode) for d in document.definitions) > 1:
            # Raised, not recorded: strawberry reports it as a request error
            # and the validation cache cannot overwrite it.
            raise GraphQLError(
                "Must provide operation name if query contains multiple operations.",
                extensions={"code": "BAD_REQUEST"},
            )


class PreparedDocument(SchemaExtension):
    """Hands strawberry the document parsed, measured and validated off the event loop."""

    def on_parse(self) -> Iterator[None]:
        prepared = _prepared.get()
        if prepared is not None:
            self.execution_context.graphql_document = prepared.document
        yield

    def on_validate(self) -> Iterator[None]:
        prepared = _prepared.get()
        if prepared is not None:
            self.execution_context.pre_execution_errors = list(prepared.errors)
        yield


class RelgraphSchema(strawberry.Schema):
    """A schema whose results never carry an unmasked unexpected error."""

    documents: DocumentCache
    suggestions: bool = True

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        # strawberry's default logs each error's message and traceback, and
        # driver messages can quote the data being written. `mask` logs the
        # unexpected ones without their messages instead.
        return

    async def execute(
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        allowed_operation_types: Iterable[OperationType] | None = None,
        operation_extensions: dict[str, Any] | None = None,
    ) -> ExecutionResult:
        prepared = await self.documents.get(query) if isinstance(query, str) else None
        if prepared is not None and (prepared.document is None or prepared.errors):
            # Refused before execution: not a document, too costly, or invalid.
            return ExecutionResult(data=None, errors=[self._mask(e) for e in prepared.errors])
        token = _prepared.set(prepared)
        try:
            result = await super().execute(
                query,
                variable_values=variable_values,
                context_value=context_value,
                root_value=root_value,
                operation_name=operation_name,
                allowed_operation_types=allowed_operation_types,
                operation_extensions=operation_extensions,
            )
        finally:
            _prepared.reset(token)
        # Masking here, not in an extension, also covers failures raised by
        # extensions themselves, which strawberry reports without running the
        # remaining hooks. A new list: validation errors come from a shared cache.
        if result.errors:
            result.errors = [self._mask(e) for e in result.errors]
        return result

    def _mask(self, error: GraphQLError) -> GraphQLError:
        return mask(error, suggestions=self.suggestions)


def validation_rules(settings: ApiSettings) -> list[type[ASTValidationRule]]:
    """graphql-core's rules, plus the introspection ban; cost limits are measured before them."""
    rules: list[type[ASTValidationRule]] = list(specified_rules)
    if not settings.introspection_enabled:
        rules.append(NoSchemaIntrospectionCustomRule)
    return rules


def document_limits(settings: ApiSettings) -> DocumentLimits:
    return DocumentLimits(
        max_tokens=settings.max_tokens,
        max_depth=settings.max_query_depth,
        max_aliases=settings.max_aliases,
        max_selections=settings.max_selections,
    )


def build_schema(settings: ApiSettings | None = None) -> RelgraphSchema:
    settings = settings or ApiSettings()
    extensions: list[Callable[[], SchemaExtension] | type[SchemaExtension]] = [
        PreparedDocument,
        OperationChoice,
    ]
    schema = RelgraphSchema(
        query=RootQuery,
        mutation=Mutation,
        subscription=Subscription,
        types=[Customer, Department, Stakeholder, Supplier, TeamMember, Industry, Interaction],
        extensions=extensions,
        execution_context_class=RecordExecutionContext,
        config=StrawberryConfig(
            disable_field_suggestions=not settings.field_suggestions_enabled, scalar_map=SCALARS
        ),
    )
    schema.suggestions = settings.field_suggestions_enabled
    schema.documents = DocumentCache(
        schema._schema, validation_rules(settings), document_limits(settings), max_entries=CACHE_SIZE
    )
    return schema


def export_sdl() -> str:
    return build_schema().as_str() + "\n"
