"""What a query asks of the field being resolved, so a store read can skip the rest."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from api.graphql.core.context import Info


def _selects(selections: Iterable[Any], names: frozenset[str]) -> bool:
    for item in selections:
        # Fields carry a name; fragments (named or inline) only selections.
        if isinstance(getattr(item, "name", None), str) and hasattr(item, "arguments") and item.name in names:
            return True
        if _selects(getattr(item, "selections", ()) or (), names):
            return True
    return False


def selects_any(info: Info, names: frozenset[str]) -> bool:
    """Whether any field named in ``names`` appears anywhere under the current field.

    Conditional fields (``@include``/``@skip``) count as selected: reading a
    little more than needed is harmless, reading less is not.
    """
    return any(_selects(field.selections, names) for field in info.selected_fields)
