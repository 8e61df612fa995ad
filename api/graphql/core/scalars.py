"""Scalars of the API beyond GraphQL's own."""

from __future__ import annotations

from typing import Final, NewType

import strawberry
from strawberry.types.scalar import ScalarDefinition

# A date-time travels as ISO-8601 text. Arguments are kept as the text the
# client sent, so a malformed one is reported by the resolver as
# BAD_USER_INPUT naming its argument; results are stored UTC text.
DateTime = NewType("DateTime", str)

SCALARS: Final[dict[object, ScalarDefinition]] = {
    DateTime: strawberry.scalar(
        name="DateTime",
        description="An ISO-8601 date or date-time; without an offset it is taken as UTC.",
        serialize=str,
        parse_value=str,
    )
}
