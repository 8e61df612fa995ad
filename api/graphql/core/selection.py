"""What a query asks of the field being resolved, so a store read can skip the rest."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from api.graphql.core.context import Info


def _is_field(item: Any) -> bool:
    # Fields carry a name; fragments (named or inline) only selections.
    return isinstance(getattr(item, "name", None), str) and hasattr(item, "arguments")


def _selects(selections: Iterable[Any], names: frozenset[str]) -> bool:
    for item in selections:
        if _is_field(item) and item.name in names:
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


def _children_named(selections: Iterable[Any], names: frozenset[str]) -> Iterator[Any]:
    """The fields named in ``names`` among these selections, fragments spread out."""
    for item in selections:
        if _is_field(item):
            if item.name in names:
                yield item
        else:
            yield from _children_named(getattr(item, "selections", ()) or (), names)


def selects_under(info: Info, parents: frozenset[str], names: frozenset[str]) -> bool:
    """Whether any field named in ``names`` appears under a field of the current one named in ``parents``.

    Counts conditional fields as ``selects_any`` does.
    """
    return any(
        _selects(child.selections, names)
        for field in info.selected_fields
        for child in _children_named(field.selections, parents)
    )
