"""Helpers for account tests: real logins (password, then authenticator code) at a fixed time."""

import types
from collections.abc import Callable, Iterator
from unittest import mock

import pytest
from allauth.mfa.totp.internal import auth as totp_auth
from django.core.cache import cache

# A fixed moment, so authenticator codes never depend on the clock.
FIXED_TIME = 1_760_000_000.0


@pytest.fixture(autouse=True)
def _clean_cache() -> Iterator[None]:
    """Used authenticator codes and rate-limit counters live in the cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def totp_code() -> Iterator[Callable[[str], str]]:
    """Freeze allauth's TOTP clock and give a function computing the current code."""
    clock = types.SimpleNamespace(time=lambda: FIXED_TIME)
    with mock.patch.object(totp_auth, "time", clock):

        def code(secret: str) -> str:
            counter = int(FIXED_TIME) // 30
            return totp_auth.format_hotp_value(totp_auth.hotp_value(secret, counter))

        yield code
