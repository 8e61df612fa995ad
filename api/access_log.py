"""The access log names the path, never the query string.

A GET request carries its whole GraphQL request in the query string:
documents, and variables holding search text, names and email addresses.
uvicorn's access log writes the full target; this filter cuts it at "?".
"""

from __future__ import annotations

import logging

ACCESS_LOGGER = "uvicorn.access"


class QueryStringFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        # uvicorn's record: (client address, method, full path, HTTP version, status).
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str) and "?" in args[2]:
            record.args = (*args[:2], args[2].split("?", 1)[0], *args[3:])
        return True


def hide_query_strings() -> None:
    """Install the filter on uvicorn's access logger, once."""
    access = logging.getLogger(ACCESS_LOGGER)
    if not any(isinstance(f, QueryStringFilter) for f in access.filters):
        access.addFilter(QueryStringFilter())
