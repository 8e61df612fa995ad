"""The account explorer and GraphiQL pages, served from files shipped in this package."""

from api.explorer.pages import page_routes, with_graphiql

__all__ = ["page_routes", "with_graphiql"]
