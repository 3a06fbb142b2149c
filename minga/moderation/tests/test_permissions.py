import pytest
from django.contrib.auth.models import AnonymousUser

from minga.accounts.models import Role
from minga.moderation.permissions import can_moderate
from minga.testing import factories as f

pytestmark = pytest.mark.django_db


def test_moderators_committee_un_delegates_and_admins_moderate(
    moderator, committee_member, un_delegate, admin_user
):
    assert can_moderate(moderator)
    assert can_moderate(committee_member)
    assert can_moderate(un_delegate)
    assert can_moderate(admin_user)


def test_others_do_not_moderate(migrant, cso_rep, state_focal_point, outsider):
    for user in (AnonymousUser(), migrant, cso_rep, state_focal_point, outsider):
        assert not can_moderate(user)


def test_committee_member_without_mfa_does_not_moderate(review):
    user = f.make_user()
    f.grant(user, Role.COMMITTEE_MEMBER, review=review)
    assert not can_moderate(user)
