"""Turn what a user typed into a safe full-text query.

Both engines parse a query language inside the search string (RediSearch and
Lucene); user text is reduced to plain word terms with prefix matching so
nothing the user types can change the query's meaning.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
MAX_TERMS = 8


def terms(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)][:MAX_TERMS]


def prefix_query(text: str) -> str:
    """``"ann lee"`` -> ``"ann* lee*"``: every term, matched as a prefix."""
    return " ".join(f"{t}*" for t in terms(text))
