"""Schema extensions: how a document reaches execution."""

from __future__ import annotations

from collections.abc import Iterator
from contextvars import ContextVar

from graphql import GraphQLError, OperationDefinitionNode
from strawberry.extensions import SchemaExtension

from api.graphql.core.documents import Prepared

# The document the schema prepared off the event loop for the running request.
prepared_document: ContextVar[Prepared | None] = ContextVar("relgraph_prepared_document", default=None)


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
        prepared = prepared_document.get()
        if prepared is not None:
            self.execution_context.graphql_document = prepared.document
        yield

    def on_validate(self) -> Iterator[None]:
        prepared = prepared_document.get()
        if prepared is not None:
            self.execution_context.pre_execution_errors = list(prepared.errors)
        yield
