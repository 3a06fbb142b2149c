"""Flags, blocks and revisions work on any model (here an organization, which is not
Moderated); hiding is tested against the domain's Moderated models in test_hiding.py."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError

from minga.core.models import AuditEntry
from minga.moderation import actions, queries
from minga.moderation.models import Block, Flag, FlagReason, FlagStatus, Revision
from minga.testing import factories as f

pytestmark = pytest.mark.django_db


def audit_actions() -> list[str]:
    return list(AuditEntry.objects.order_by("id").values_list("action", flat=True))


def test_flag_records_one_flag_and_an_audit_entry(migrant, organization):
    flag = actions.do_flag_content(
        migrant, organization, reason=FlagReason.SPAM, comment="  advertising  "
    )
    assert flag.reporter == migrant
    assert flag.status == FlagStatus.OPEN
    assert flag.comment == "advertising"
    assert flag.item == organization
    assert "moderation.flag" in audit_actions()


def test_flag_twice_by_the_same_person_is_refused(migrant, organization):
    actions.do_flag_content(migrant, organization, reason=FlagReason.SPAM)
    with pytest.raises(ValidationError) as excinfo:
        actions.do_flag_content(migrant, organization, reason=FlagReason.ABUSE)
    assert excinfo.value.code == "duplicate"
    assert Flag.objects.count() == 1


def test_flag_needs_a_known_reason_and_a_short_comment(migrant, organization):
    with pytest.raises(ValidationError):
        actions.do_flag_content(migrant, organization, reason="nonsense")
    with pytest.raises(ValidationError):
        actions.do_flag_content(migrant, organization, reason=FlagReason.OTHER, comment="x" * 1001)
    assert Flag.objects.count() == 0


def test_anonymous_and_blocked_people_cannot_flag(migrant, outsider, moderator, organization):
    with pytest.raises(PermissionDenied):
        actions.do_flag_content(AnonymousUser(), organization, reason=FlagReason.SPAM)
    actions.do_block_person(moderator, outsider, reason="Spam")
    with pytest.raises(ValidationError):
        actions.do_flag_content(outsider, organization, reason=FlagReason.SPAM)


def test_queue_groups_open_flags_per_item_in_bounded_queries(
    django_assert_max_num_queries, reporters, moderator
):
    orgs = [f.make_organization(f"Org {i}") for i in range(3)]
    for i, org in enumerate(orgs):
        for reporter in reporters[: i + 1]:
            actions.do_flag_content(reporter, org, reason=FlagReason.SPAM)
    ContentType.objects.clear_cache()
    with django_assert_max_num_queries(5):  # count, groups, flags, content type, organizations
        page = queries.flag_queue()
        rows = list(page.object_list)
        assert [r.item for r in rows] == [orgs[2], orgs[1], orgs[0]]
        assert [r.open_flags for r in rows] == [3, 2, 1]
        assert [len(r.flags) for r in rows] == [3, 2, 1]
        assert rows[0].reasons == [("Spam or advertising", 3)]
        assert all(r.flags[0].reporter.email for r in rows)
    actions.do_dismiss_flags(moderator, orgs[2])
    assert [r.item for r in queries.flag_queue().object_list] == [orgs[1], orgs[0]]
    assert set(Flag.objects.filter(object_id=orgs[2].pk).values_list("status", flat=True)) == {
        FlagStatus.DISMISSED
    }


def test_dismissing_needs_a_moderator(migrant, organization):
    with pytest.raises(PermissionDenied):
        actions.do_dismiss_flags(migrant, organization)


def test_block_and_unblock(moderator, migrant):
    assert not queries.is_blocked(migrant)
    actions.do_block_person(moderator, migrant, reason="Repeated insults")
    assert queries.is_blocked(migrant)  # the cache on the object was cleared
    block = Block.objects.get(person=migrant)
    assert block.blocked_by == moderator
    with pytest.raises(ValidationError):
        actions.do_block_person(moderator, migrant, reason="again")
    actions.do_unblock_person(moderator, migrant)
    assert not queries.is_blocked(migrant)
    with pytest.raises(ValidationError):
        actions.do_unblock_person(moderator, migrant)
    assert audit_actions() == ["moderation.block", "moderation.unblock"]


def test_is_blocked_is_cached_on_the_user(django_assert_num_queries, moderator, migrant):
    actions.do_block_person(moderator, migrant, reason="Spam")
    fresh = type(migrant).objects.get(pk=migrant.pk)
    with django_assert_num_queries(1):
        assert queries.is_blocked(fresh)
        assert queries.is_blocked(fresh)
    assert not queries.is_blocked(AnonymousUser())


def test_block_rules(moderator, committee_member, migrant, outsider):
    with pytest.raises(PermissionDenied):
        actions.do_block_person(outsider, migrant, reason="Spam")
    with pytest.raises(ValidationError):
        actions.do_block_person(moderator, migrant, reason="  ")
    with pytest.raises(ValidationError):
        actions.do_block_person(moderator, moderator, reason="me")
    with pytest.raises(ValidationError):
        actions.do_block_person(moderator, committee_member, reason="a moderator")
    with pytest.raises(PermissionDenied):
        actions.do_unblock_person(outsider, migrant)
    assert Block.objects.count() == 0


def test_record_revision_keeps_previous_values_json_safe(cso_rep, organization):
    actions.do_record_revision(
        cso_rep,
        organization,
        {"name": "Old name", "founded": datetime.date(2001, 2, 3), "country": f.country("MX")},
    )
    actions.do_record_revision(cso_rep, organization, {"name": "Older name"})
    revisions = queries.revisions_of(organization)
    assert [r.previous["name"] for r in revisions] == ["Older name", "Old name"]
    assert revisions[1].previous["founded"] == "2001-02-03"
    assert isinstance(revisions[1].previous["country"], str)
    assert revisions[0].editor == cso_rep
    assert Revision.objects.count() == 2
    assert audit_actions() == ["moderation.revision", "moderation.revision"]
