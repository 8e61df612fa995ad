"""Exceptions raised by the authentication layer."""

from __future__ import annotations


class Unauthenticated(Exception):
    """The request carries no usable credentials.

    ``reason`` is meant to be shown to the caller, so it never contains the
    presented secret or token.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class AuthConfigError(Exception):
    """The server's authentication settings are unsafe or malformed."""


class KeyStoreError(Exception):
    """The API key file cannot be read or changed as asked."""


class PrincipalError(ValueError):
    """A role or account binding that no principal may have."""
