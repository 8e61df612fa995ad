"""The strawberry schema with its limits, caches and error masking."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import strawberry
from graphql import GraphQLError, NoSchemaIntrospectionCustomRule, specified_rules
from graphql.validation import ASTValidationRule
from strawberry.extensions import SchemaExtension
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext, ExecutionResult

from api.graphql.analytics.schema import AnalyticsQuery
from api.graphql.changes.schema import ChangeQuery, Subscription
from api.graphql.core.documents import DocumentCache, DocumentLimits
from api.graphql.core.execution import RecordExecutionContext
from api.graphql.core.extensions import OperationChoice, PreparedDocument, prepared_document
from api.graphql.core.masking import mask
from api.graphql.core.scalars import SCALARS
from api.graphql.entities.schema import EntityQuery
from api.graphql.entities.types import (
    Customer,
    Department,
    Industry,
    Interaction,
    Stakeholder,
    Supplier,
    TeamMember,
)
from api.graphql.maps.schema import MapQuery
from api.graphql.mutations.schema import Mutation
from api.settings import ApiSettings

SDL_PATH = Path(__file__).resolve().parents[2] / "schema.graphql"
CACHE_SIZE = 256

logger = logging.getLogger("relgraph.api")


@strawberry.type(name="Query")
class RootQuery(EntityQuery, MapQuery, ChangeQuery, AnalyticsQuery):
    """Entity reads, maps and search, the change log, and network analytics."""


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

    async def execute(self, query: str | None, *args: Any, **kwargs: Any) -> ExecutionResult:
        # Only the document matters here; every other argument goes to
        # strawberry as given, whatever strawberry's signature grows.
        prepared = await self.documents.get(query) if isinstance(query, str) else None
        if prepared is not None and (prepared.document is None or prepared.errors):
            # Refused before execution: not a document, too costly, or invalid.
            return ExecutionResult(data=None, errors=[self._mask(e) for e in prepared.errors])
        token = prepared_document.set(prepared)
        try:
            result = await super().execute(query, *args, **kwargs)
        finally:
            prepared_document.reset(token)
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
    extensions: list[type[SchemaExtension]] = [PreparedDocument, OperationChoice]
    refuse_per_field_hooks(extensions)
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


def refuse_per_field_hooks(extensions: Iterable[type[SchemaExtension]]) -> None:
    """Refuse extensions that hook every field's resolution: fields completed directly skip the hook.

    ``RecordExecutionContext`` completes plain records without resolving their
    leaf fields one by one, so a per-field hook (tracing, say) would silently
    miss them.
    """
    for extension in extensions:
        if extension.resolve is not SchemaExtension.resolve:
            raise TypeError(
                f"{extension.__name__} hooks each field's resolution, which RecordExecutionContext "
                "skips for the plain fields it completes directly"
            )


def export_sdl() -> str:
    return build_schema().as_str() + "\n"
