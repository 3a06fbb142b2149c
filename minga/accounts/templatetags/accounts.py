"""Template helpers for account pages. Role checks go through ``permissions`` predicates."""

from typing import Any

from django import template

from minga.accounts import permissions

register = template.Library()


@register.filter
def needs_mfa_setup(user: Any) -> bool:
    """True if the person holds a role that requires two-factor authentication and has none."""
    return permissions.needs_mfa_setup(user)


@register.filter
def is_privileged(user: Any) -> bool:
    """True if the person holds a role that requires two-factor authentication."""
    return permissions.is_privileged(user)
