from __future__ import annotations

import pytest

from api.auth import ANONYMOUS_ADMIN, Principal, PrincipalError, Role
from graph_model.access import AccessScope


@pytest.mark.parametrize(
    ("role", "accounts", "expected"),
    [
        (Role.ADMIN, (), AccessScope(accounts=None, pii=True, can_write=True, actor="s")),
        (Role.EDITOR, (), AccessScope(accounts=None, pii=True, can_write=True, actor="s")),
        (Role.ANALYST, (), AccessScope(accounts=None, pii=False, can_write=False, actor="s")),
        (
            Role.ACCOUNT_MEMBER,
            ("acme", "globex"),
            AccessScope(accounts=frozenset({"acme", "globex"}), pii=True, can_write=True, actor="s"),
        ),
    ],
)
def test_role_to_access_scope(role: Role, accounts: tuple[str, ...], expected: AccessScope) -> None:
    principal = Principal(subject="s", role=role, accounts=frozenset(accounts), via="jwt")
    assert principal.access_scope() == expected


def test_analyst_sees_no_pii_and_cannot_write() -> None:
    scope = Principal(subject="s", role=Role.ANALYST).access_scope()
    assert scope.sees_all
    assert not scope.pii
    assert not scope.can_write


def test_account_member_is_never_unscoped() -> None:
    scope = Principal(subject="s", role=Role.ACCOUNT_MEMBER, accounts=frozenset({"acme"})).access_scope()
    assert not scope.sees_all
    assert scope.params() == {"seeAll": False, "accounts": ["acme"]}


def test_account_member_without_accounts_is_refused() -> None:
    with pytest.raises(PrincipalError, match="at least one account"):
        Principal(subject="s", role=Role.ACCOUNT_MEMBER, accounts=frozenset())


@pytest.mark.parametrize("bad", ["", "   "])
def test_blank_account_ids_are_refused(bad: str) -> None:
    with pytest.raises(PrincipalError, match="non-empty"):
        Principal(subject="s", role=Role.ACCOUNT_MEMBER, accounts=frozenset({"acme", bad}))


def test_accounts_on_unscoped_roles_are_refused() -> None:
    # An editor "bound" to one account would otherwise silently see everything.
    with pytest.raises(PrincipalError, match="only apply to role account_member"):
        Principal(subject="s", role=Role.EDITOR, accounts=frozenset({"acme"}))


def test_anonymous_admin() -> None:
    assert ANONYMOUS_ADMIN.via == "anonymous"
    assert ANONYMOUS_ADMIN.is_admin
    assert ANONYMOUS_ADMIN.access_scope() == AccessScope(
        accounts=None, pii=True, can_write=True, actor="anonymous"
    )
