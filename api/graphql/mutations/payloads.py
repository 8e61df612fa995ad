"""Mutation results: what was written, or why nothing was.

Every expected refusal (invalid input, an id that names nothing the caller may
see, a conflict, dependants in the way, a role that may not write) is a
``UserError`` in the payload, never a top-level error: a document with several
mutations shows each one's outcome.
"""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable
from functools import wraps
from typing import Any, ParamSpec, TypeVar

import strawberry

from api.graphql.core.errors import ClientError
from api.graphql.core.scalars import DateTime
from api.graphql.entities.types import Interaction
from api.graphql.maps.types import MapEdge
from graph_model.errors import FieldError


@strawberry.enum(description="Why a mutation wrote nothing.")
class UserErrorCode(enum.Enum):
    INVALID = "INVALID"
    NOT_FOUND = "NOT_FOUND"
    CONFLICT = "CONFLICT"
    HAS_DEPENDANTS = "HAS_DEPENDANTS"
    FORBIDDEN = "FORBIDDEN"


_REFUSALS = {
    "BAD_USER_INPUT": UserErrorCode.INVALID,
    "NOT_FOUND": UserErrorCode.NOT_FOUND,
    "FORBIDDEN": UserErrorCode.FORBIDDEN,
}


@strawberry.type(description="Why an input was refused. Nothing was written.")
class UserError:
    field: str | None = strawberry.field(
        description="Path of the offending input field; null when the refusal is not about one field."
    )
    message: str
    code: UserErrorCode

    @classmethod
    def of(cls, error: FieldError, *, field: str) -> UserError:
        """``field`` is where the refused value sits in the mutation's arguments."""
        code = (
            UserErrorCode.NOT_FOUND if error.reason.startswith("no node with id") else UserErrorCode.INVALID
        )
        if "already used by" in error.reason or "already in use" in error.reason:
            code = UserErrorCode.CONFLICT
        return cls(field=field, message=error.reason, code=code)

    @classmethod
    def refused(cls, error: ClientError) -> UserError:
        field = (error.extensions or {}).get("field")
        return cls(
            field=field if isinstance(field, str) else None, message=error.message, code=_REFUSALS[error.code]
        )


P = ParamSpec("P")
R = TypeVar("R")


def refusals_in(
    payload: Callable[..., R], error: Callable[[ClientError], object] | None = None
) -> Callable[[Callable[P, Awaitable[R]]], Callable[P, Awaitable[R]]]:
    """Report a mutation's expected refusals as ``payload(errors=[...])`` instead of raising them."""
    as_error = error or UserError.refused

    def wrap(resolve: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
        @wraps(resolve)
        async def refusing(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return await resolve(*args, **kwargs)
            except ClientError as refusal:
                if refusal.code not in _REFUSALS:
                    raise
                return payload(errors=[as_error(refusal)])

        return refusing

    return wrap


def node_payload(node_type: type, field: str) -> Any:
    """``CustomerPayload { customer errors }``: the node as now stored, or why nothing was written."""
    namespace: dict[str, Any] = {
        "__annotations__": {field: node_type | None, "errors": list[UserError]},
        field: None,
        "errors": strawberry.field(default_factory=list),
    }
    name = f"{node_type.__name__}Payload"
    return strawberry.type(
        type(name, (), namespace), description=f"The {field} as now stored, or the errors."
    )


@strawberry.type
class LinkPayload:
    edge: MapEdge | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class UnlinkPayload:
    deleted: bool = False
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class DeleteNodePayload:
    deleted_ids: list[strawberry.ID] = strawberry.field(default_factory=list)
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(description="A relationship's last contact, as now stored.")
class Contact:
    team_member_id: strawberry.ID
    stakeholder_id: strawberry.ID
    last_contact_at: DateTime | None


@strawberry.type
class InteractionPayload:
    interaction: Interaction | None = None
    last_contact_at: DateTime | None = strawberry.field(
        default=None, description="lastContactAt of the first team member with the first stakeholder."
    )
    contacts: list[Contact] = strawberry.field(
        default_factory=list, description="lastContactAt of every team member with every stakeholder."
    )
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(description="One refused row of an import, or why the import was refused as a whole.")
class ImportRowError:
    section: str | None
    index: int | None
    row_id: str | None = strawberry.field(
        description="The row's id, or a relationship's `TYPE from->to`, when the row gives one."
    )
    entity: str | None
    field: str | None
    message: str
    code: UserErrorCode = UserErrorCode.INVALID

    @classmethod
    def refused(cls, error: ClientError) -> ImportRowError:
        refusal = UserError.refused(error)
        return cls(
            section=None,
            index=None,
            row_id=None,
            entity=None,
            field=refusal.field,
            message=refusal.message,
            code=refusal.code,
        )


@strawberry.type
class ImportPayload:
    ok: bool = False
    nodes_written: int = 0
    relationships_written: int = 0
    errors: list[ImportRowError] = strawberry.field(default_factory=list)
