"""Errors the store raises for expected outcomes callers can act on."""

from __future__ import annotations

from dataclasses import dataclass


class StoreError(Exception):
    """Base of every error the graph store raises on purpose."""


@dataclass(frozen=True)
class FieldError:
    """One problem with one input: where it is and why it is refused."""

    field: str
    reason: str
    index: int | None = None
    entity: str | None = None
    section: str | None = None
    # The id of the row the problem is in (``TYPE from->to`` for a relationship).
    row_id: str | None = None

    def __str__(self) -> str:
        where = f"{self.section or 'row'}[{self.index}] " if self.index is not None else ""
        if self.row_id is not None:
            where += f"({self.row_id}) "
        subject = f"{self.entity}." if self.entity else ""
        return f"{where}{subject}{self.field}: {self.reason}"


class ValidationFailed(StoreError):
    """The input was refused; nothing was written."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        shown = "; ".join(str(e) for e in errors[:5])
        more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
        super().__init__(f"{len(errors)} invalid input(s): {shown}{more}")


class NotFound(StoreError):
    def __init__(self, what: str, ident: str) -> None:
        self.what, self.ident = what, ident
        super().__init__(f"{what} {ident!r} not found")


class HasDependants(StoreError):
    """Deleting the node would orphan others; pass cascade to delete them too."""

    def __init__(self, ident: str, dependants: int) -> None:
        self.ident, self.dependants = ident, dependants
        super().__init__(
            f"node {ident!r} has {dependants} dependant node(s); delete with cascade to remove them"
        )


class EngineError(StoreError):
    """The storage engine could not be started or reached."""


class EngineUnavailable(EngineError):
    """The engine does not answer right now (restarting, loading its data); try again shortly."""
