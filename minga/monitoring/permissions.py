"""Who may do what in the monitoring mechanism, built on minga.accounts.permissions.

Monitoring reviewers are privileged: ``has_role`` counts them only with MFA. Reporting needs no
account; organizations' representatives may report on behalf of the people they assist.
"""

from typing import Any

from minga.accounts import permissions
from minga.accounts.models import Role


def is_reviewer(user: Any) -> bool:
    return permissions.has_role(user, Role.MONITORING_REVIEWER)


def can_manage_keys(user: Any) -> bool:
    """Approving or revoking reviewers' keys: platform admins (with MFA)."""
    return permissions.is_platform_admin(user)


def can_report_for(user: Any, organization: Any) -> bool:
    return permissions.is_organization_member(user, organization)
