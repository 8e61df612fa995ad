"""What every resolver can reach: the store, analytics, the caller, loaders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from strawberry.types import Info as StrawberryInfo

from api.graphql.core.errors import BadUserInput, Forbidden
from api.graphql.entities.loaders import Loaders
from api.settings import ApiSettings
from graph_model.access import AccessScope
from graph_model.store import GraphStore

if TYPE_CHECKING:
    from api.analytics.service import AnalyticsService

# Nested lists without `first` give this many (or the cap, if lower).
NESTED_PAGE_SIZE = 50


@dataclass
class Context:
    store: GraphStore
    analytics: AnalyticsService | None
    access: AccessScope
    settings: ApiSettings
    subject: str = "anonymous"
    # A websocket's headers, and the payload of its connection_init (set by
    # strawberry): the credentials its subscriptions are granted by.
    transport_headers: dict[str, str] = field(default_factory=dict)
    connection_params: dict[str, object] | None = None
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.store, self.access)

    def grant(self, access: AccessScope, subject: str) -> None:
        """Give a websocket's context the access its connection authenticated."""
        self.access, self.subject = access, subject
        self.loaders = Loaders(self.store, access)

    def require_write(self) -> None:
        if not self.access.can_write:
            raise Forbidden("your role may not change the graph")

    def page_size(self, first: int | None, *, field: str = "first") -> int:
        """``first`` checked against the one cap every list has; None is the nested lists' default."""
        cap = self.settings.max_page_size
        if first is None:
            return min(NESTED_PAGE_SIZE, cap)
        if first < 0 or first > cap:
            raise BadUserInput(f"{field} must be between 0 and {cap}, got {first}", field=field)
        return first


Info = StrawberryInfo[Context, Any]
