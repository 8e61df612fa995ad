"""GraphQL subscriptions over a websocket (the graphql-transport-ws protocol).

Queries and mutations stay on the HTTP endpoint (api/http.py); this
endpoint only speaks the websocket protocol.  A connection is authenticated
once, by the credentials of its upgrade request (Authorization or X-API-Key)
or, for browsers that cannot set headers, by the same names in the payload
of its ``connection_init``; a connection without valid credentials is closed
with 4403 before any subscription starts.  Documents pass the same
persisted-documents check as on HTTP: with trusted documents, only listed
ones start, and a known hash stands for its document.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from datetime import timedelta
from typing import cast

from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import BaseGraphQLTransportWSHandler
from strawberry.subscriptions.protocols.graphql_transport_ws.types import ErrorMessage, SubscribeMessage
from strawberry.types.unset import UnsetType

from api.auth.errors import Unauthenticated
from api.auth.principal import Principal
from api.graphql.core.context import Context
from api.graphql.core.persisted import BadPersistedQuery, DocumentRefused, PersistedDocuments
from api.graphql.schema import RelgraphSchema

CREDENTIAL_NAMES = ("authorization", "x-api-key")
# A client that opens a socket and says nothing is let go after this long.
CONNECTION_INIT_TIMEOUT = timedelta(seconds=10)


def credentials(params: Mapping[str, object] | None) -> dict[str, str]:
    """The credential headers a connection_init payload carries, by lower-case name."""
    found: dict[str, str] = {}
    for name, value in (params or {}).items():
        if name.lower() in CREDENTIAL_NAMES and isinstance(value, str):
            found[name.lower()] = value
    return found


class _PersistedDocumentsHandler(BaseGraphQLTransportWSHandler[Context, None]):
    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        documents = cast("SubscriptionEndpoint", self.view).documents
        # Unacknowledged connections are closed by the protocol handler, unanswered.
        if self.connection_acknowledged:
            payload = message["payload"]
            try:
                resolved = documents.resolve(payload.get("query"), payload.get("extensions"))
            except (BadPersistedQuery, DocumentRefused) as exc:
                code = exc.code if isinstance(exc, DocumentRefused) else "BAD_REQUEST"
                refusal = GraphQLError(str(exc), extensions={"code": code})
                await self.send_message(
                    ErrorMessage(id=message["id"], type="error", payload=[refusal.formatted])
                )
                return
            message = {**message, "payload": {**payload, "query": resolved.query}}
        await super().handle_subscribe(message)


class SubscriptionEndpoint(GraphQL[Context, None]):
    graphql_transport_ws_handler_class = _PersistedDocumentsHandler

    def __init__(
        self,
        schema: RelgraphSchema,
        unauthenticated_context: Callable[[], Context],
        authenticate: Callable[[Mapping[str, str]], Awaitable[Principal]],
        documents: PersistedDocuments,
    ) -> None:
        super().__init__(
            schema,
            graphql_ide=None,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            connection_init_wait_timeout=CONNECTION_INIT_TIMEOUT,
        )
        self._unauthenticated_context = unauthenticated_context
        self._authenticate = authenticate
        self.documents = documents

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        context = self._unauthenticated_context()
        context.transport_headers = {k.lower(): v for k, v in request.headers.items()}
        return context

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        headers = {**context.transport_headers, **credentials(context.connection_params)}
        try:
            principal = await self._authenticate(headers)
        except Unauthenticated:
            raise ConnectionRejectionError() from None
        context.grant(principal.access_scope(), principal.subject)
        return await super().on_ws_connect(context)
