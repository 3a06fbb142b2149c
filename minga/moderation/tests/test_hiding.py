"""Hiding, auto-hiding and restoring real Moderated content (a proposal), including the
search index following along through the search.index event."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from minga.core.models import AuditEntry
from minga.moderation import actions, queries
from minga.moderation.models import Flag, FlagReason, FlagStatus
from minga.proposals import actions as proposal_actions
from minga.proposals.models import Proposal
from minga.search.queries import search

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(migrant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return proposal_actions.do_submit_proposal(
            migrant,
            title="Documentos para trabalhadores na fronteira",
            text="Precisamos de acesso a documentos e serviços de saúde.",
            language="pt",
        )


def fresh(item: Proposal) -> Proposal:
    return Proposal.objects.get(pk=item.pk)


def test_flags_count_and_auto_hide_at_the_threshold(
    proposal, reporters, django_capture_on_commit_callbacks
):
    assert search("trabalhador").paginator.count == 1
    with django_capture_on_commit_callbacks(execute=True):
        for reporter in reporters[:2]:
            actions.do_flag_content(reporter, proposal, reason=FlagReason.SPAM)
    assert fresh(proposal).flag_count == 2
    assert not fresh(proposal).is_hidden
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_flag_content(reporters[2], proposal, reason=FlagReason.ABUSE)
    hidden = fresh(proposal)
    assert hidden.flag_count == 3
    assert hidden.is_hidden
    assert hidden.hidden_reason == ""  # automatic: pending review
    assert hidden.hidden_at is not None
    assert AuditEntry.objects.filter(action="moderation.auto_hide").count() == 1
    assert search("trabalhador").paginator.count == 0


@override_settings(MINGA_AUTO_HIDE_FLAGS=1)
def test_threshold_comes_from_settings(proposal, reporters):
    actions.do_flag_content(reporters[0], proposal, reason=FlagReason.SPAM)
    assert fresh(proposal).is_hidden


def test_dismissing_reports_restores_an_auto_hidden_item(
    proposal, reporters, moderator, django_capture_on_commit_callbacks
):
    for reporter in reporters[:3]:
        actions.do_flag_content(reporter, proposal, reason=FlagReason.SPAM)
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.do_dismiss_flags(moderator, fresh(proposal)) == 3
    item = fresh(proposal)
    assert not item.is_hidden
    assert item.flag_count == 0
    assert search("trabalhador").paginator.count == 1
    assert set(Flag.objects.values_list("status", flat=True)) == {FlagStatus.DISMISSED}


def test_moderator_hides_with_a_public_reason_and_restores(
    proposal, reporters, moderator, django_capture_on_commit_callbacks
):
    actions.do_flag_content(reporters[0], proposal, reason=FlagReason.PERSONAL_DATA)
    with pytest.raises(ValidationError):
        actions.do_hide_content(moderator, proposal, reason="   ")
    with pytest.raises(ValidationError):
        actions.do_hide_content(moderator, proposal, reason="x" * 301)
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_hide_content(moderator, proposal, reason="Exposes a person's address")
    item = fresh(proposal)
    assert item.is_hidden and item.hidden_reason == "Exposes a person's address"
    assert item.flag_count == 0
    assert Flag.objects.get().status == FlagStatus.UPHELD
    assert Flag.objects.get().decided_by == moderator
    assert search("trabalhador").paginator.count == 0
    assert item in queries.hidden_items()
    # Dismissing later does not undo a moderator's decision.
    actions.do_dismiss_flags(moderator, item)
    assert fresh(proposal).is_hidden
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_restore_content(moderator, fresh(proposal))
    item = fresh(proposal)
    assert not item.is_hidden and item.hidden_reason == "" and item.hidden_at is None
    assert search("trabalhador").paginator.count == 1
    assert [
        a
        for a in AuditEntry.objects.order_by("id").values_list("action", flat=True)
        if a.startswith("moderation.")
    ] == ["moderation.flag", "moderation.hide", "moderation.dismiss", "moderation.restore"]


def test_only_moderators_hide_and_restore(proposal, migrant, cso_rep, state_focal_point):
    for user in (migrant, cso_rep, state_focal_point):
        with pytest.raises(PermissionDenied):
            actions.do_hide_content(user, proposal, reason="no")
        with pytest.raises(PermissionDenied):
            actions.do_restore_content(user, proposal)
    assert not fresh(proposal).is_hidden


def test_blocked_person_cannot_submit_proposals(moderator, outsider):
    actions.do_block_person(moderator, outsider, reason="Spam")
    with pytest.raises(ValidationError):
        proposal_actions.do_submit_proposal(
            outsider, title="Uma proposta bloqueada", text="Texto suficiente para a proposta."
        )


def test_queue_lists_hidden_state_and_items(proposal, reporters):
    for reporter in reporters[:3]:
        actions.do_flag_content(reporter, proposal, reason=FlagReason.SPAM)
    row = queries.flag_queue().object_list[0]
    assert row.item == proposal
    assert row.item.is_hidden
    assert row.url == proposal.get_absolute_url()
