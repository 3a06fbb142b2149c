import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from minga.core.models import AuditEntry
from minga.dialogue import actions
from minga.dialogue.actions import CommitmentInput
from minga.dialogue.models import (
    CommitmentStatus,
    Consultation,
    ConsultationPhase,
    Contribution,
    Reaction,
)
from minga.moderation.models import Block, Revision
from minga.stakeholders.models import MembershipRole
from minga.testing import factories as f

pytestmark = pytest.mark.django_db


def test_open_consultation_links_publishes_and_audits(
    un_delegate, iom, review, published, django_capture_on_commit_callbacks
):
    from minga.gcm.models import Country, Objective

    with django_capture_on_commit_callbacks(execute=True):
        consultation = actions.do_open_consultation(
            un_delegate,
            title="  Pathways  ",
            question="What next?",
            institutions=[iom],
            review=review,
            objectives=Objective.objects.filter(number=15),
            countries=Country.objects.filter(code="MX"),
        )
    assert consultation.title == "Pathways"
    assert consultation.phase == ConsultationPhase.OPEN
    assert list(consultation.institutions.all()) == [iom]
    assert consultation.opened_by == un_delegate
    names = [e.name for e in published]
    assert names == ["consultation.opened", "search.index"]
    opened = published[0]
    assert opened.target == consultation
    assert {str(t) for t in opened.topics} == {str(t) for t in _topics(consultation)}
    assert len(opened.topics) == 2
    assert AuditEntry.objects.filter(action="dialogue.open").count() == 1
    document = consultation.search_document()
    assert document.kind == "dialogue.consultation"
    assert document.objectives == [15]
    assert document.countries == ["MX"]


def _topics(consultation):
    return [link.objective or link.country for link in consultation.gcm_links.all()]


def test_committee_member_opens_but_others_cannot(committee_member, migrant, cso_rep, iom, review):
    actions.do_open_consultation(
        committee_member, title="T", question="Q", institutions=[iom], review=review
    )
    for person in (migrant, cso_rep):
        with pytest.raises(PermissionDenied):
            actions.do_open_consultation(person, title="T", question="Q", institutions=[iom])


def test_delegate_without_mfa_cannot_open(review, iom):
    user = f.make_user()
    f.grant(user, f.Role.UN_DELEGATE, review=review)
    with pytest.raises(PermissionDenied):
        actions.do_open_consultation(user, title="T", question="Q", institutions=[iom])


def test_open_refuses_non_institutions_and_empty(un_delegate, organization):
    with pytest.raises(ValidationError) as error:
        actions.do_open_consultation(un_delegate, title="T", question="Q", institutions=[])
    assert "institutions" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        actions.do_open_consultation(
            un_delegate, title="T", question="Q", institutions=[organization]
        )
    assert "is not an institution" in error.value.message_dict["institutions"][0]
    with pytest.raises(ValidationError) as error:
        actions.do_open_consultation(un_delegate, title=" ", question="Q", institutions=[])
    assert "title" in error.value.message_dict


def test_one_standing_channel_per_institution(un_delegate, iom, eclac):
    channel = actions.do_open_consultation(
        un_delegate, title="IOM channel", question="Q", institutions=[iom], is_standing=True
    )
    assert channel.is_standing
    with pytest.raises(ValidationError):
        actions.do_open_consultation(
            un_delegate, title="Again", question="Q", institutions=[iom], is_standing=True
        )
    with pytest.raises(ValidationError):
        actions.do_open_consultation(
            un_delegate, title="Two", question="Q", institutions=[iom, eclac], is_standing=True
        )
    with pytest.raises(ValidationError):
        actions.do_close_consultation(un_delegate, channel, conclusion="Done")


def test_update_consultation(
    un_delegate, consultation, eclac, migrant, published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_update_consultation(
            un_delegate, consultation, changes={"title": "New title"}, institutions=[eclac]
        )
    consultation.refresh_from_db()
    assert consultation.title == "New title"
    assert list(consultation.institutions.all()) == [eclac]
    assert [e.name for e in published] == ["search.index"]
    with pytest.raises(PermissionDenied):
        actions.do_update_consultation(migrant, consultation, changes={"title": "X"})


def test_phases_and_close_needs_conclusion(
    un_delegate, consultation, published, django_capture_on_commit_callbacks
):
    actions.do_move_consultation_phase(un_delegate, consultation, ConsultationPhase.ANSWERING)
    consultation.refresh_from_db()
    assert consultation.phase == ConsultationPhase.ANSWERING
    with pytest.raises(ValidationError) as error:
        actions.do_move_consultation_phase(un_delegate, consultation, ConsultationPhase.CLOSED)
    assert "conclusion" in error.value.message_dict
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_close_consultation(un_delegate, consultation, conclusion="We learned a lot.")
    consultation.refresh_from_db()
    assert consultation.is_closed and consultation.closed_at is not None
    assert consultation.conclusion == "We learned a lot."
    assert [e.name for e in published] == ["consultation.closed", "search.index"]
    with pytest.raises(ValidationError):
        actions.do_move_consultation_phase(un_delegate, consultation, ConsultationPhase.OPEN)


def test_contribute_and_reply_notifies_parent_author(
    consultation, migrant, cso_rep, organization, published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = actions.do_contribute(
            migrant, consultation, text="Visas for care workers", language="en"
        )
        reply = actions.do_contribute(
            cso_rep,
            consultation,
            text="Agreed, and for their families",
            parent=first,
            organization=organization,
            language="es",
        )
    assert reply.depth == 1 and reply.parent == first
    assert reply.organization == organization
    contributed = [e for e in published if e.name == "consultation.contributed"]
    assert contributed[0].recipients == ()
    assert contributed[1].recipients == (migrant,)
    assert contributed[1].data["excerpt"] == "Agreed, and for their families"
    indexed = [e.target for e in published if e.name == "search.index"]
    assert indexed == [first, reply]
    document = reply.search_document()
    assert document is not None and document.kind == "dialogue.contribution"


def test_reply_to_own_contribution_notifies_nobody(
    consultation, migrant, published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = actions.do_contribute(migrant, consultation, text="One")
        actions.do_contribute(migrant, consultation, text="Two", parent=first)
    assert all(e.recipients == () for e in published if e.name == "consultation.contributed")


def test_contribute_refusals(consultation, un_delegate, migrant, organization, iom, review):
    with pytest.raises(PermissionDenied):
        actions.do_contribute(None, consultation, text="x")
    with pytest.raises(ValidationError) as error:
        actions.do_contribute(migrant, consultation, text="   ")
    assert "text" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        actions.do_contribute(migrant, consultation, text="x" * 5001)
    assert "5000" in error.value.message_dict["text"][0]
    with pytest.raises(ValidationError) as error:
        actions.do_contribute(migrant, consultation, text="x", organization=organization)
    assert "organization" in error.value.message_dict
    other = actions.do_open_consultation(
        un_delegate, title="Other", question="Q", institutions=[iom], review=review
    )
    elsewhere = actions.do_contribute(migrant, other, text="elsewhere")
    with pytest.raises(ValidationError, match="only reply to a contribution of this"):
        actions.do_contribute(migrant, consultation, text="x", parent=elsewhere)
    hidden = actions.do_contribute(migrant, consultation, text="to hide")
    Contribution.objects.filter(pk=hidden.pk).update(is_hidden=True, hidden_reason="spam")
    hidden.refresh_from_db()
    with pytest.raises(ValidationError, match="hidden by moderation"):
        actions.do_contribute(migrant, consultation, text="x", parent=hidden)


def test_blocked_person_cannot_contribute(consultation, migrant, admin_user):
    Block.objects.create(person=migrant, reason="spam", blocked_by=admin_user)
    with pytest.raises(ValidationError, match="blocked"):
        actions.do_contribute(migrant, consultation, text="Hello")
    assert not Contribution.objects.exists()


def test_closed_consultation_refuses_contributions(consultation, un_delegate, migrant):
    actions.do_close_consultation(un_delegate, consultation, conclusion="Closed.")
    consultation.refresh_from_db()
    with pytest.raises(ValidationError, match="closed"):
        actions.do_contribute(migrant, consultation, text="Late")


def test_edit_contribution_records_revision(consultation, migrant, outsider):
    contribution = actions.do_contribute(migrant, consultation, text="First version")
    actions.do_edit_contribution(migrant, contribution, text="Second version")
    contribution.refresh_from_db()
    assert contribution.text == "Second version" and contribution.edited_at is not None
    revision = Revision.objects.get(object_id=contribution.pk)
    assert revision.previous["text"] == "First version"
    with pytest.raises(PermissionDenied):
        actions.do_edit_contribution(outsider, contribution, text="Vandalism")


def test_react_once_per_kind_and_unreact(consultation, migrant, outsider, cso_rep):
    contribution = actions.do_contribute(migrant, consultation, text="Idea")
    actions.do_react(outsider, contribution, "agree")
    actions.do_react(outsider, contribution, "useful")
    actions.do_react(cso_rep, contribution, "agree")
    with pytest.raises(ValidationError, match="already marked"):
        actions.do_react(outsider, contribution, "agree")
    contribution.refresh_from_db()
    assert (contribution.agree_count, contribution.disagree_count, contribution.useful_count) == (
        2,
        0,
        1,
    )
    actions.do_unreact(outsider, contribution, "agree")
    with pytest.raises(ValidationError):
        actions.do_unreact(outsider, contribution, "agree")
    contribution.refresh_from_db()
    assert contribution.agree_count == 1
    assert Reaction.objects.count() == 2
    with pytest.raises(ValidationError, match="own contribution"):
        actions.do_react(migrant, contribution, "agree")
    with pytest.raises(ValidationError):
        actions.do_react(outsider, contribution, "love")
    with pytest.raises(PermissionDenied):
        actions.do_react(None, contribution, "agree")


def test_official_response_with_commitment(
    consultation, iom, iom_delegate, published, django_capture_on_commit_callbacks
):
    due = timezone.localdate() + datetime.timedelta(days=90)
    with django_capture_on_commit_callbacks(execute=True):
        response = actions.do_respond_officially(
            iom_delegate,
            consultation,
            institution=iom,
            text="IOM will publish a regional guide.",
            language="en",
            commitments=[CommitmentInput("Publish the guide", iom, due)],
        )
    assert response.is_official and response.signed_by == iom_delegate
    commitment = response.commitments.get()
    assert (commitment.text, commitment.responsible, commitment.due_on) == (
        "Publish the guide",
        iom,
        due,
    )
    assert commitment.status == CommitmentStatus.OPEN
    responded = [e for e in published if e.name == "consultation.responded"]
    assert responded[0].data == {"institution": iom.name}
    assert AuditEntry.objects.filter(action="dialogue.respond").exists()


def test_answering_needs_the_role(consultation, iom, un_delegate, committee_member, cso_rep, eclac):
    # A UN delegate who is not a member of IOM, a committee member, a CSO: no.
    for person in (un_delegate, committee_member, cso_rep):
        with pytest.raises(PermissionDenied):
            actions.do_respond_officially(person, consultation, institution=iom, text="Hi")
    # A member of ECLAC may not answer for IOM, nor for ECLAC where not addressed.
    f.add_member(un_delegate, eclac, role=MembershipRole.REPRESENTATIVE)
    with pytest.raises(ValidationError, match="not addressed"):
        actions.do_respond_officially(un_delegate, consultation, institution=eclac, text="Hi")


def test_state_focal_point_answers_for_their_state(state_focal_point, mexico, un_delegate, review):
    consultation = actions.do_open_consultation(
        un_delegate, title="T", question="Q", institutions=[mexico], review=review
    )
    response = actions.do_respond_officially(
        state_focal_point, consultation, institution=mexico, text="Mexico answers."
    )
    assert response.institution == mexico
    guatemala = f.make_organization("Gobierno de Guatemala", iso2="GT", stakeholder_type="state")
    Consultation.objects.get(pk=consultation.pk).institutions.add(guatemala)
    with pytest.raises(PermissionDenied):
        actions.do_respond_officially(
            state_focal_point, consultation, institution=guatemala, text="Not mine"
        )


def test_commitment_bad_input(consultation, iom, iom_delegate, organization):
    past = timezone.localdate() - datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="past"):
        actions.do_respond_officially(
            iom_delegate,
            consultation,
            institution=iom,
            text="R",
            commitments=[CommitmentInput("Do it", iom, past)],
        )
    future = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="institution"):
        actions.do_respond_officially(
            iom_delegate,
            consultation,
            institution=iom,
            text="R",
            commitments=[CommitmentInput("Do it", organization, future)],
        )
    with pytest.raises(ValidationError):
        actions.do_respond_officially(iom_delegate, consultation, institution=iom, text="")
