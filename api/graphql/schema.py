"""The strawberry schema with its limits, caches and error masking."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import strawberry
from graphql import GraphQLError, NoSchemaIntrospectionCustomRule, OperationDefinitionNode
from graphql.validation import ASTValidationRule
from strawberry.extensions import (
    AddValidationRules,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
    ValidationCache,
)
from strawberry.extensions.max_aliases import create_validator as max_aliases_rule
from strawberry.extensions.query_depth_limiter import create_validator as max_depth_rule
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext, ExecutionResult
from strawberry.types.graphql import OperationType

from api.graphql.analytics_fields import AnalyticsQuery
from api.graphql.changes import SCALARS, Subscription
from api.graphql.entities import (
    Customer,
    Department,
    Industry,
    Interaction,
    Stakeholder,
    Supplier,
    TeamMember,
)
from api.graphql.errors import should_mask
from api.graphql.execution import RecordExecutionContext
from api.graphql.mutations import Mutation
from api.graphql.queries import Query
from api.settings import ApiSettings
from graph_model.errors import EngineUnavailable

SDL_PATH = Path(__file__).resolve().parents[2] / "schema.graphql"
INTERNAL_ERROR = "Internal server error."
QUERY_TIMEOUT = "The database query took too long and was stopped."
ENGINE_UNAVAILABLE = "The database is not answering right now (it may be restarting); try again shortly."
CACHE_SIZE = 256

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


def mask(error: GraphQLError) -> GraphQLError:
    """The error a client may see: itself when meant for clients, a coded stand-in otherwise."""
    if is_variable_error(error):
        return error
    timed_out = is_query_timeout(error)
    unavailable = isinstance(error.original_error, EngineUnavailable)
    if not timed_out and not unavailable and not should_mask(error):
        return error
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
            raise GraphQLError("Must provide operation name if query contains multiple operations.")


class RelgraphSchema(strawberry.Schema):
    """A schema whose results never carry an unmasked unexpected error."""

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
        result = await super().execute(
            query,
            variable_values=variable_values,
            context_value=context_value,
            root_value=root_value,
            operation_name=operation_name,
            allowed_operation_types=allowed_operation_types,
            operation_extensions=operation_extensions,
        )
        # Masking here, not in an extension, also covers failures raised by
        # extensions themselves, which strawberry reports without running the
        # remaining hooks. A new list: validation errors come from a shared cache.
        if result.errors:
            result.errors = [mask(e) for e in result.errors]
        return result


def validation_rules(settings: ApiSettings) -> list[type[ASTValidationRule]]:
    rules: list[type[ASTValidationRule]] = [
        max_depth_rule(settings.max_query_depth, None, None),
        max_aliases_rule(settings.max_aliases),
    ]
    if not settings.introspection_enabled:
        rules.append(NoSchemaIntrospectionCustomRule)
    return rules


def build_schema(settings: ApiSettings | None = None) -> RelgraphSchema:
    settings = settings or ApiSettings()
    # The rule classes are built once: the validation cache keys on them, and
    # strawberry's limiter extensions would make new classes on every request.
    rules = validation_rules(settings)
    # Factories, so each request gets fresh extension instances.
    extensions: list[Callable[[], SchemaExtension] | type[SchemaExtension]] = [
        lambda: AddValidationRules(rules),
        lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
        # Their LRU caches live at module level, shared by every request.
        lambda: ParserCache(maxsize=CACHE_SIZE),
        lambda: ValidationCache(maxsize=CACHE_SIZE),
        OperationChoice,
    ]
    return RelgraphSchema(
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


def export_sdl() -> str:
    return build_schema().as_str() + "\n"
