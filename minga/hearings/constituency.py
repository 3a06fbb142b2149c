"""A person's constituency in a session: the organization they act for, its stakeholder type,
country and subregion, and the balance group (civil society, migrants, States, UN) used by
the speakers-list balance indicator. Only public facts are used (organization memberships and
roles), never the private self-identification."""

from dataclasses import dataclass
from typing import Any

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from minga.accounts import permissions
from minga.accounts.models import Role
from minga.gcm.models import StakeholderType
from minga.stakeholders.models import Membership, MembershipStatus, Organization


class BalanceGroup(TextChoices):
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    MIGRANTS = "migrants", _("Migrants and diaspora")
    STATES = "states", _("States")
    UN = "un", _("United Nations")
    OTHER = "other", _("Others")


MIGRANT_TYPES = {StakeholderType.MIGRANT_LED, StakeholderType.DIASPORA}
STATE_TYPES = {StakeholderType.STATE, StakeholderType.LOCAL_AUTHORITY}
UN_TYPES = {StakeholderType.UN, StakeholderType.IGO}


@dataclass(frozen=True)
class Constituency:
    organization: Organization | None
    stakeholder_type: str
    country: str
    subregion: str
    group: str


def group_of(stakeholder_type: str, *, migrant_led: bool = False) -> str:
    if stakeholder_type in MIGRANT_TYPES or migrant_led:
        return BalanceGroup.MIGRANTS
    if stakeholder_type in STATE_TYPES:
        return BalanceGroup.STATES
    if stakeholder_type in UN_TYPES:
        return BalanceGroup.UN
    if stakeholder_type:
        return BalanceGroup.CIVIL_SOCIETY
    return BalanceGroup.OTHER


def constituency_of(user: Any, review: Any = None) -> Constituency:
    """Two queries at most: the person's first approved membership, and their roles."""
    membership = (
        Membership.objects.select_related("organization__headquarters")
        .filter(person=user, status=MembershipStatus.APPROVED)
        .order_by("created_at", "id")
        .first()
    )
    if membership is not None:
        org = membership.organization
        hq = org.headquarters
        return Constituency(
            organization=org,
            stakeholder_type=org.stakeholder_type,
            country=str(hq.code) if hq else "",
            subregion=hq.subregion if hq else "",
            group=group_of(org.stakeholder_type, migrant_led=org.is_migrant_led),
        )
    if permissions.has_role(user, Role.STATE_FOCAL_POINT):
        return Constituency(None, StakeholderType.STATE, "", "", BalanceGroup.STATES)
    if permissions.has_role(user, Role.UN_DELEGATE, review=review):
        return Constituency(None, StakeholderType.UN, "", "", BalanceGroup.UN)
    return Constituency(None, "", "", "", BalanceGroup.OTHER)
