import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from minga.gcm.models import Objective
from minga.moderation.models import Block, Revision
from minga.proposals import actions
from minga.proposals.models import AnswerStatus, AuthorDisplay, Endorsement, Proposal
from minga.stakeholders.models import MembershipRole
from minga.testing import factories as f

from .conftest import TEXT, make_proposal


def test_submit_links_objectives_and_publishes_events(
    migrant, captured, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        proposal = make_proposal(
            migrant,
            objectives=[Objective.objects.get(number=15)],
            corridor_roles=["origin", "return"],
        )
    assert proposal.corridor_roles == ["origin", "return"]
    assert [link.objective.number for link in proposal.gcm_links.all()] == [15]
    names = [e.name for e in captured]
    assert "proposal.submitted" in names and "search.index" in names
    submitted = next(e for e in captured if e.name == "proposal.submitted")
    assert [t.number for t in submitted.topics] == [15]
    doc = proposal.search_document()
    assert doc is not None and doc.language == "pt" and doc.objectives == [15]


def test_submit_refuses_bad_input(migrant):
    with pytest.raises(ValidationError) as error:
        actions.do_submit_proposal(migrant, title="x", text="short")
    assert set(error.value.message_dict) == {"title", "text"}
    with pytest.raises(ValidationError) as error:
        actions.do_submit_proposal(migrant, title="t" * 201, text=TEXT)
    assert "title" in error.value.message_dict
    assert not Proposal.objects.exists()


def test_anonymous_needs_login_and_blocked_refused(migrant, moderator):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        make_proposal(AnonymousUser())
    Block.objects.create(person=migrant, reason="spam", blocked_by=moderator)
    with pytest.raises(ValidationError):
        make_proposal(migrant)


def test_organization_display_needs_membership(migrant, cso_rep, organization):
    with pytest.raises(ValidationError) as error:
        make_proposal(migrant, author_display=AuthorDisplay.ORGANIZATION, organization=organization)
    assert "organization" in error.value.message_dict
    proposal = make_proposal(
        cso_rep, author_display=AuthorDisplay.ORGANIZATION, organization=organization
    )
    assert proposal.public_organization == organization and proposal.public_author is None


def test_on_behalf_needs_consent(cso_rep, organization):
    with pytest.raises(ValidationError) as error:
        make_proposal(cso_rep, on_behalf_of="community", people_count=40)
    assert "consent_how" in error.value.message_dict
    proposal = make_proposal(
        cso_rep,
        on_behalf_of="community",
        people_count=40,
        consent_recorded=True,
        consent_how="Oralmente na assembleia",
        intermediary=organization,
    )
    assert proposal.people_count == 40 and proposal.intermediary == organization


def test_edit_records_revision(proposal, migrant, outsider):
    actions.do_edit_proposal(migrant, proposal, title="Documentos e saúde na fronteira", text=TEXT)
    revision = Revision.objects.get()
    assert revision.previous["title"] == "Documentos para migrantes na fronteira"
    with pytest.raises(PermissionDenied):
        actions.do_edit_proposal(outsider, proposal, title="Hijacked title here", text=TEXT)


def test_endorse_person_and_organization_counted_separately(
    proposal, cso_rep, organization, outsider, captured, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_endorse_proposal(outsider, proposal)
        actions.do_endorse_proposal(cso_rep, proposal, organization=organization)
    proposal.refresh_from_db()
    assert (proposal.endorsement_count, proposal.organization_endorsement_count) == (1, 1)
    endorsed = [e for e in captured if e.name == "proposal.endorsed"]
    assert [e.data["by_organization"] for e in endorsed] == [False, True]
    assert endorsed[0].recipients == (proposal.author,)
    with pytest.raises(ValidationError):
        actions.do_endorse_proposal(outsider, proposal)
    with pytest.raises(ValidationError):
        actions.do_endorse_proposal(cso_rep, proposal, organization=organization)
    proposal.refresh_from_db()
    assert (proposal.endorsement_count, proposal.organization_endorsement_count) == (1, 1)
    actions.do_withdraw_endorsement(outsider, proposal)
    proposal.refresh_from_db()
    assert proposal.endorsement_count == 0


def test_only_representative_endorses_for_organization(proposal, organization, outsider):
    member = f.make_user(display_name="Plain member")
    f.add_member(member, organization, role=MembershipRole.MEMBER)
    for person in (member, outsider):
        with pytest.raises(PermissionDenied):
            actions.do_endorse_proposal(person, proposal, organization=organization)


@pytest.mark.django_db(transaction=True)
def test_concurrent_double_endorsement_counts_once(migrant, outsider):
    proposal = make_proposal(migrant)
    if connection.vendor == "sqlite":
        # SQLite serialises writers (its shared in-memory test database cannot run these
        # threads): the same four attempts one after the other must also count once.
        outcomes_seq = []
        for _ in range(4):
            try:
                actions.do_endorse_proposal(outsider, proposal)
                outcomes_seq.append("ok")
            except ValidationError:
                outcomes_seq.append("duplicate")
        assert sorted(outcomes_seq) == ["duplicate", "duplicate", "duplicate", "ok"]
        assert Endorsement.objects.filter(proposal=proposal).count() == 1
        return
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def endorse() -> None:
        barrier.wait()
        try:
            actions.do_endorse_proposal(outsider, proposal)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("duplicate")
        finally:
            connection.close()

    threads = [threading.Thread(target=endorse) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["duplicate", "duplicate", "duplicate", "ok"]
    assert Endorsement.objects.filter(proposal=proposal).count() == 1
    proposal.refresh_from_db()
    assert proposal.endorsement_count == 1


def test_comment_threads_one_level(
    proposal, outsider, migrant, captured, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = actions.do_comment_proposal(outsider, proposal, text="Concordo **muito**.")
        reply = actions.do_comment_proposal(migrant, proposal, text="Obrigada!", parent=first)
        deeper = actions.do_comment_proposal(outsider, proposal, text="De nada.", parent=reply)
    assert deeper.parent == first
    proposal.refresh_from_db()
    assert proposal.comment_count == 3
    commented = [e for e in captured if e.name == "proposal.commented"]
    assert commented[0].data["excerpt"] == "Concordo **muito**."
    with pytest.raises(ValidationError):
        actions.do_comment_proposal(outsider, proposal, text="   ")
    with pytest.raises(ValidationError):
        actions.do_comment_proposal(outsider, proposal, text="x" * 3001)


@pytest.mark.parametrize("who", ["un_delegate", "committee_member"])
def test_answer_by_authorised(request, proposal, who, captured, django_capture_on_commit_callbacks):
    actor = request.getfixturevalue(who)
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_answer_proposal(
            actor, proposal, status=AnswerStatus.RETAINED, explanation="Será citada no relatório."
        )
    proposal.refresh_from_db()
    assert proposal.answer_status == AnswerStatus.RETAINED
    answered = next(e for e in captured if e.name == "proposal.answered")
    assert answered.data["status"] == "retained"
    assert answered.recipients == (proposal.author,)


@pytest.mark.parametrize("who", ["migrant", "cso_rep", "state_focal_point", "outsider"])
def test_answer_refused_without_role(request, proposal, who):
    with pytest.raises(PermissionDenied):
        actions.do_answer_proposal(
            request.getfixturevalue(who), proposal, status="retained", explanation="Yes."
        )


def test_answer_needs_mfa(proposal, review):
    delegate = f.make_user(display_name="No MFA delegate")
    f.grant(delegate, f.Role.UN_DELEGATE, review=review)
    with pytest.raises(PermissionDenied):
        actions.do_answer_proposal(delegate, proposal, status="retained", explanation="Yes.")


def test_answer_needs_explanation(proposal, un_delegate):
    with pytest.raises(ValidationError) as error:
        actions.do_answer_proposal(un_delegate, proposal, status="not_retained", explanation=" ")
    assert "explanation" in error.value.message_dict


def test_merge_keeps_endorsements_without_double_counting(
    proposal,
    migrant,
    outsider,
    cso_rep,
    organization,
    moderator,
    captured,
    django_capture_on_commit_callbacks,
):
    other_author = f.make_user(display_name="Other author")
    duplicate = make_proposal(other_author, title="Documentos na fronteira, de novo")
    actions.do_endorse_proposal(outsider, proposal)
    actions.do_endorse_proposal(outsider, duplicate)  # endorsed both: counts once
    actions.do_endorse_proposal(cso_rep, duplicate)
    actions.do_endorse_proposal(cso_rep, duplicate, organization=organization)
    with pytest.raises(PermissionDenied):
        actions.do_merge_proposals(outsider, duplicate, into=proposal)
    with django_capture_on_commit_callbacks(execute=True):
        kept = actions.do_merge_proposals(moderator, duplicate, into=proposal)
    assert (kept.endorsement_count, kept.organization_endorsement_count) == (2, 1)
    duplicate.refresh_from_db()
    assert duplicate.merged_into == proposal
    assert not Proposal.objects.public().filter(pk=duplicate.pk).exists()
    merged = next(e for e in captured if e.name == "proposal.merged")
    assert set(merged.recipients) == {migrant, other_author}
    assert merged.data["merged_title"] == duplicate.title
    assert any(e.name == "search.remove" and e.data["object_id"] == duplicate.pk for e in captured)
    with pytest.raises(ValidationError):
        actions.do_merge_proposals(moderator, proposal, into=proposal)


def test_anonymous_author_not_in_event_data(
    migrant, captured, outsider, un_delegate, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        proposal = make_proposal(migrant, author_display=AuthorDisplay.ANONYMOUS)
        actions.do_endorse_proposal(outsider, proposal)
        actions.do_comment_proposal(outsider, proposal, text="Bom.")
        actions.do_answer_proposal(un_delegate, proposal, status="retained", explanation="Sim.")
    assert captured
    for event in captured:
        flat = repr(event.data) + repr(event.topics)
        assert "Ana" not in flat and migrant.email not in flat
    doc = proposal.search_document()
    assert "Ana" not in repr(doc)
