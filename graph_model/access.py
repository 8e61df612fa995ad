"""Who may see what: the access scope every store read and write is given."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# The actor of writes no caller asked for (seeding at start-up, tests).
SYSTEM_ACTOR = "system"
CLI_ACTOR = "cli"


@dataclass(frozen=True)
class AccessScope:
    """The part of the graph a caller may see.

    ``accounts`` is ``None`` for callers that see every account; otherwise only
    nodes owned by those customers (and shared nodes: industries, suppliers,
    our team members) are visible.  ``pii`` says whether personal fields
    (email, phone) may be returned.  ``actor`` names the caller in the change
    log: an API key's id, a token's subject, ``cli``.
    """

    accounts: frozenset[str] | None = None
    pii: bool = True
    can_write: bool = True
    actor: str = SYSTEM_ACTOR

    @classmethod
    def everything(cls) -> AccessScope:
        return cls()

    @classmethod
    def for_accounts(
        cls, accounts: Iterable[str], *, pii: bool = True, actor: str = SYSTEM_ACTOR
    ) -> AccessScope:
        return cls(accounts=frozenset(accounts), pii=pii, actor=actor)

    @property
    def sees_all(self) -> bool:
        return self.accounts is None

    def params(self) -> dict[str, object]:
        """Parameters every scoped Cypher statement takes."""
        return {"seeAll": self.accounts is None, "accounts": sorted(self.accounts or ())}

    def cache_key(self) -> tuple[object, ...]:
        return (None if self.accounts is None else tuple(sorted(self.accounts)), self.pii)


EVERYTHING = AccessScope.everything()
# What the command line writes, it writes as the operator: everything, logged as "cli".
CLI_SCOPE = AccessScope(actor=CLI_ACTOR)
