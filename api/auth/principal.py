"""Who is calling, and what part of the graph that lets them touch."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from graph_model.access import AccessScope

from .errors import PrincipalError

Via = Literal["api-key", "jwt", "anonymous"]


class Role(StrEnum):
    ADMIN = "admin"
    EDITOR = "editor"
    ANALYST = "analyst"
    ACCOUNT_MEMBER = "account_member"


ROLE_NAMES: tuple[str, ...] = tuple(role.value for role in Role)


def parse_role(name: str) -> Role:
    """Turn a role name from a key file, token or command line into a ``Role``."""
    try:
        return Role(name)
    except ValueError:
        raise PrincipalError(f"unknown role {name!r} (expected one of: {', '.join(ROLE_NAMES)})") from None


def normalize_accounts(role: Role, accounts: Iterable[str]) -> frozenset[str]:
    """Check that the account binding makes sense for ``role``.

    Accounts on any role other than ``account_member`` are refused rather than
    ignored: whoever issued them probably believed the caller was restricted,
    and silently granting everything would betray that belief.
    """
    cleaned: set[str] = set()
    for account in accounts:
        if not isinstance(account, str) or not account.strip():
            raise PrincipalError("account ids must be non-empty strings")
        cleaned.add(account.strip())
    if role is Role.ACCOUNT_MEMBER and not cleaned:
        raise PrincipalError("role account_member needs at least one account")
    if role is not Role.ACCOUNT_MEMBER and cleaned:
        raise PrincipalError(f"accounts only apply to role account_member, not {role.value}")
    return frozenset(cleaned)


@dataclass(frozen=True)
class Principal:
    subject: str
    role: Role
    accounts: frozenset[str] = field(default_factory=frozenset)
    via: Via = "anonymous"

    def __post_init__(self) -> None:
        # Constructing a principal is the last chance to stop an unscoped
        # account member from reaching the store with "see everything".
        object.__setattr__(self, "accounts", normalize_accounts(self.role, self.accounts))

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    def access_scope(self) -> AccessScope:
        if self.role in (Role.ADMIN, Role.EDITOR):
            return AccessScope(accounts=None, pii=True, can_write=True, actor=self.subject)
        if self.role is Role.ANALYST:
            return AccessScope(accounts=None, pii=False, can_write=False, actor=self.subject)
        return AccessScope(accounts=self.accounts, pii=True, can_write=True, actor=self.subject)


ANONYMOUS_ADMIN = Principal(subject="anonymous", role=Role.ADMIN, via="anonymous")
