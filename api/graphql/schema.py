"""The strawberry schema with its limits, caches and error masking."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import strawberry
from strawberry.extensions import (
    DisableIntrospection,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)
from strawberry.schema.config import StrawberryConfig

from api.graphql.entities import Customer, Department, Industry, Interaction, Stakeholder, Supplier, TeamMember
from api.graphql.errors import should_mask
from api.graphql.mutations import Mutation
from api.graphql.queries import Query
from api.settings import ApiSettings

SDL_PATH = Path(__file__).resolve().parents[2] / "schema.graphql"


RootQuery = Query


def build_schema(settings: ApiSettings | None = None) -> strawberry.Schema:
    settings = settings or ApiSettings()
    # Factories, so each request gets fresh extension instances.
    extensions: list[Callable[[], SchemaExtension] | type[SchemaExtension]] = [
        lambda: QueryDepthLimiter(max_depth=settings.max_query_depth),
        lambda: MaxAliasesLimiter(max_alias_count=settings.max_aliases),
        lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
        lambda: MaskErrors(should_mask_error=should_mask, error_message="Internal server error."),
        # Their LRU caches live at module level, shared by every request.
        lambda: ParserCache(maxsize=256),
        lambda: ValidationCache(maxsize=256),
    ]
    if not settings.introspection:
        extensions.append(DisableIntrospection)
    return strawberry.Schema(
        query=RootQuery,
        mutation=Mutation,
        types=[Customer, Department, Stakeholder, Supplier, TeamMember, Industry, Interaction],
        extensions=extensions,
        config=StrawberryConfig(disable_field_suggestions=settings.production),
    )


def export_sdl() -> str:
    return build_schema().as_str() + "\n"
