"""The Starlette application: lifespan-owned resources, health and GraphQL routes."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass

import anyio
import anyio.to_thread
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route, WebSocketRoute

from api.access_log import hide_query_strings
from api.analytics.service import AnalyticsService
from api.analytics.workers import AnalyticsPool
from api.auth.authenticate import Authenticator
from api.auth.errors import Unauthenticated
from api.auth.principal import Principal
from api.auth.settings import AuthSettings, is_loopback
from api.explorer import page_routes, with_graphiql
from api.graphql.core.context import Context
from api.graphql.core.persisted import PersistedDocuments
from api.graphql.schema import build_schema
from api.http import RETRY_AFTER_S, HttpError, graphql_endpoint
from api.ratelimit import RateLimiter
from api.settings import ApiSettings
from api.subscriptions import SubscriptionEndpoint
from graph_model.access import AccessScope
from graph_model.errors import EngineError
from graph_model.gc_pauses import long_lived_frozen
from graph_model.pruning import prune_periodically
from graph_model.settings import StoreSettings
from graph_model.store import GraphStore
from graph_model.store_lifecycle import open_store

logger = logging.getLogger("relgraph.api")
# A database that takes longer than this to answer a ping is reported unavailable.
HEALTH_TIMEOUT_S = 2.0


@dataclass
class Services:
    """Resources shared by all requests, opened and closed by the lifespan."""

    store: GraphStore
    authenticator: Authenticator
    analytics: AnalyticsService | None = None


def create_app(
    *,
    host: str = "127.0.0.1",
    store_settings: StoreSettings | None = None,
    api_settings: ApiSettings | None = None,
    auth_settings: AuthSettings | None = None,
) -> Starlette:
    store_settings = store_settings or StoreSettings.from_env()
    api_settings = api_settings or ApiSettings.from_env()
    auth_settings = auth_settings or AuthSettings.from_env()
    # Read once, here: a manifest entry that does not match its hash stops start-up
    # before anything else is said.
    documents = PersistedDocuments.from_settings(
        max_entries=api_settings.apq_max_entries,
        max_bytes=api_settings.apq_max_bytes,
        manifest=api_settings.trusted_documents,
    )
    # Fail at start-up, not on the first request, when auth is misconfigured.
    authenticator = Authenticator.from_settings(auth_settings, host=host)
    if not authenticator.required:
        logger.warning(
            "AUTHENTICATION IS OFF: every request on %s runs as admin. "
            "Fine for local exploration only; set RELGRAPH_AUTH=on to require keys.",
            host,
        )
    schema = build_schema(api_settings)
    hide_query_strings()
    services: dict[str, Services] = {}

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with open_store(store_settings) as store:
            analytics = AnalyticsService(
                store,
                pool=AnalyticsPool(
                    workers=api_settings.analytics_workers, queue=api_settings.analytics_queue
                ),
                cache_bytes=api_settings.analytics_cache_mb * 1024 * 1024,
                budget_s=api_settings.analytics_budget_s or api_settings.request_timeout_s,
            )
            services["current"] = Services(store=store, authenticator=authenticator, analytics=analytics)
            pruning = asyncio.create_task(prune_periodically(store), name="relgraph-change-pruning")
            warming = asyncio.create_task(analytics.live.warm_up(), name="relgraph-analytics-warm-up")
            try:
                with long_lived_frozen():
                    yield
            finally:
                for task in (pruning, warming):
                    task.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await task
                services.clear()
                analytics.close()

    async def make_context(request: Request) -> Context:
        current = services["current"]
        try:
            principal = await anyio.to_thread.run_sync(current.authenticator.authenticate, request.headers)
        except Unauthenticated as exc:
            raise HttpError(401, str(exc), headers={"WWW-Authenticate": "Bearer"}) from None
        return Context(
            store=current.store,
            analytics=current.analytics,
            access=principal.access_scope(),
            settings=api_settings,
            subject=principal.subject,
        )

    def unauthenticated_context() -> Context:
        # Sees nothing of any account until its connection authenticates.
        return Context(
            store=services["current"].store,
            analytics=services["current"].analytics,
            access=AccessScope(accounts=frozenset(), pii=False, can_write=False),
            settings=api_settings,
        )

    async def authenticate(headers: Mapping[str, str]) -> Principal:
        return await anyio.to_thread.run_sync(services["current"].authenticator.authenticate, headers)

    async def healthz(request: Request) -> JSONResponse:
        """Whether the service can answer now: up, and its database answering."""
        current = services.get("current")
        if current is None:
            return JSONResponse({"status": "starting"}, status_code=503)
        try:
            with anyio.fail_after(HEALTH_TIMEOUT_S):
                await current.store.ping()
        except (TimeoutError, EngineError):
            return JSONResponse(
                {"status": "unavailable", "engine": current.store.engine_name},
                status_code=503,
                headers={"Retry-After": str(RETRY_AFTER_S)},
            )
        return JSONResponse({"status": "ok", "engine": current.store.engine_name})

    async def readyz(request: Request) -> JSONResponse:
        current = services.get("current")
        if current is None:
            return JSONResponse({"status": "starting"}, status_code=503)
        try:
            version = await current.store.version()
        except Exception as exc:
            logger.warning("readiness check failed: %s", type(exc).__name__)
            return JSONResponse(
                {"status": "unavailable", "engine": current.store.engine_name}, status_code=503
            )
        # Analytics answer while their projection is still being built, only slower.
        analytics = (
            "ready" if current.analytics is None or current.analytics.live.warmed.is_set() else "warming"
        )
        return JSONResponse(
            {
                "status": "ready",
                "engine": current.store.engine_name,
                "graphVersion": version,
                "analytics": analytics,
            }
        )

    graphiql = is_loopback(host) and not api_settings.production
    endpoint = graphql_endpoint(
        schema,
        make_context,
        max_body=api_settings.max_body_bytes,
        request_timeout_s=api_settings.request_timeout_s,
        graphiql=False,  # served below from the package's own files, not a CDN
        documents=documents,
        rate_limiter=RateLimiter(
            rate_per_s=api_settings.rate_limit_per_s, burst=api_settings.rate_limit_burst
        ),
    )
    if graphiql:
        endpoint = with_graphiql(endpoint)
    middleware = []
    if api_settings.cors_origins:
        # Off unless origins are named: a browser page elsewhere may then call
        # /graphql with a key or token of its own, never with cookies.
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(api_settings.cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=["Authorization", "Content-Type", "X-API-Key", "Accept"],
                expose_headers=["Retry-After"],
                allow_credentials=False,
                max_age=600,
            )
        )
    app = Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            # Every method reaches the endpoint, which refuses the others with a coded 405.
            Route("/graphql", endpoint, methods=["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]),
            WebSocketRoute(
                "/graphql", SubscriptionEndpoint(schema, unauthenticated_context, authenticate, documents)
            ),
            *page_routes(graphiql=graphiql),
        ],
        middleware=middleware,
        lifespan=lifespan,
    )
    app.state.services = services
    return app


def services_of(app: Starlette) -> Services:
    """The running app's shared resources (inside its lifespan)."""
    services: dict[str, Services] = app.state.services
    return services["current"]
