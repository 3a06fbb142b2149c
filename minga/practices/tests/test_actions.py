import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from minga.core.models import AuditEntry
from minga.gcm.models import Country, Objective
from minga.practices import actions, rules
from minga.practices.models import (
    Adoption,
    Answer,
    Practice,
    PracticeStatus,
    Recommendation,
    ReviewerRole,
)
from minga.proposals import actions as proposal_actions
from minga.testing import factories as f

from .conftest import ALL_YES, approve, submit

pytestmark = pytest.mark.django_db


def test_full_peer_review_publishes_and_announces(
    practice, panel, captured, django_capture_on_commit_callbacks
):
    assert Practice.objects.get(pk=practice.pk).status == PracticeStatus.IN_REVIEW
    un, ext1, ext2 = panel
    approve(un, practice)
    approve(ext1, practice)
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.IN_REVIEW  # one verdict missing
    with django_capture_on_commit_callbacks(execute=True):
        approve(ext2, practice)
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.PUBLISHED and practice.published_at
    published = [e for e in captured if e.name == "practice.published"]
    assert len(published) == 1 and published[0].target == practice
    topics = published[0].topics
    assert {getattr(t, "number", None) for t in topics} >= {15}
    assert {getattr(t, "iso2", None) for t in topics} >= {"TH"}
    assert any(e.name == "search.index" and e.target == practice for e in captured)
    assert AuditEntry.objects.filter(action="practices.publish").exists()
    assert practice.search_document() is not None


def test_majority_rule_per_criterion(practice, panel):
    un, ext1, ext2 = panel
    approve(un, practice)
    approve(ext1, practice)
    # The third reviewer approves but says "no" on two criteria: each still has 2/3 "yes".
    approve(ext2, practice, answers={**ALL_YES, "timing": Answer.NO, "innovation": Answer.UNSURE})
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.PUBLISHED


def test_approval_without_criteria_majority_does_not_publish(practice, panel):
    un, ext1, ext2 = panel
    approve(un, practice, answers={**ALL_YES, "completion": Answer.UNSURE})
    approve(ext1, practice, answers={**ALL_YES, "completion": Answer.NO})
    approve(ext2, practice)
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.IN_REVIEW
    with pytest.raises(ValidationError):
        actions.do_publish_practice(un, practice)


def test_incomplete_panel_does_not_publish(practice, committee_member, un_delegate, external1):
    actions.do_assign_reviewer(committee_member, practice, un_delegate, role=ReviewerRole.UN)
    actions.do_assign_reviewer(committee_member, practice, external1, role=ReviewerRole.EXTERNAL)
    approve(un_delegate, practice)
    approve(external1, practice)
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.IN_REVIEW
    # Per practice configuration: one external reviewer is enough here; publishing follows.
    actions.do_configure_review(committee_member, practice, un_reviewers=1, external_reviewers=1)
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.PUBLISHED


def test_majority_rejection_is_not_retained(practice, panel, captured):
    un, ext1, ext2 = panel
    reject = {"answers": {**ALL_YES, "timing": Answer.NO}, "recommendation": Recommendation.REJECT}
    approve(un, practice, **reject)
    approve(ext1, practice, **reject)
    approve(ext2, practice)
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.NOT_RETAINED
    assert not any(e.name == "practice.published" for e in captured)
    assert practice.search_document() is None


def test_clarification_loop(
    practice, panel, accredited_rep, captured, django_capture_on_commit_callbacks
):
    un, ext1, ext2 = panel
    approve(un, practice)
    approve(ext1, practice)
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_review_practice(
            ext2,
            practice,
            answers={**ALL_YES, "timing": Answer.UNSURE},
            recommendation=Recommendation.CLARIFY,
            question="When did the ordinance enter into force?",
        )
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.CLARIFICATION
    asked = [e for e in captured if e.name == "practice.clarification_requested"]
    assert len(asked) == 1 and list(asked[0].recipients) == [accredited_rep]
    clarification = practice.clarifications.get()
    with pytest.raises(PermissionDenied):
        actions.do_answer_clarification(un, clarification, answer="Not mine to answer")
    with pytest.raises(ValidationError):
        actions.do_answer_clarification(accredited_rep, clarification, answer="  ")
    actions.do_answer_clarification(
        accredited_rep, clarification, answer="In March 2020, after the city council vote."
    )
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.IN_REVIEW
    with pytest.raises(ValidationError):
        actions.do_answer_clarification(accredited_rep, clarification, answer="again")
    approve(ext2, practice)  # revised verdict
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.PUBLISHED


def test_open_question_blocks_publication(practice, panel, accredited_rep):
    un, _ext1, _ext2 = panel
    actions.do_request_clarification(un, practice, question="Who funds the health centres?")
    for reviewer in panel:
        approve(reviewer, practice)
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.CLARIFICATION
    actions.do_answer_clarification(
        accredited_rep, practice.clarifications.get(), answer="The city, with a national grant."
    )
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.PUBLISHED


def test_who_may_submit(review, organization, cso_rep, un_delegate, state_focal_point, migrant):
    # Not accredited yet: the representative cannot submit.
    with pytest.raises(PermissionDenied):
        submit(cso_rep)
    f.accredit(organization, review)
    assert submit(cso_rep).status == PracticeStatus.SUBMITTED
    assert submit(un_delegate).submitted_by == un_delegate
    assert submit(state_focal_point).submitted_by == state_focal_point
    with pytest.raises(PermissionDenied):
        submit(migrant)
    member = f.make_user()
    f.add_member(member, organization)  # a member, not a representative
    with pytest.raises(PermissionDenied):
        submit(member)


def test_privileged_submitters_need_mfa(review):
    delegate = f.make_user()
    f.grant(delegate, f.Role.UN_DELEGATE, review=review)
    with pytest.raises(PermissionDenied):
        submit(delegate)


def test_submission_bad_input(un_delegate):
    with pytest.raises(ValidationError) as error:
        submit(
            un_delegate,
            title="x",
            region="mars",
            description="short",
            sources="not a url\nhttps://ok.example.org",
            objectives=[],
        )
    fields = error.value.message_dict
    assert {"title", "region", "description", "sources", "gcm_objectives"} <= set(fields)
    assert not Practice.objects.exists()


def test_assignment_rules(practice, committee_member, un_delegate, accredited_rep, external1):
    with pytest.raises(PermissionDenied):
        actions.do_assign_reviewer(AnonymousUser(), practice, external1, role="external")
    with pytest.raises(PermissionDenied):
        actions.do_assign_reviewer(external1, practice, external1, role="external")
    with pytest.raises(ValidationError):
        actions.do_assign_reviewer(committee_member, practice, accredited_rep, role="external")
    with pytest.raises(ValidationError):
        actions.do_assign_reviewer(committee_member, practice, external1, role="un")
    with pytest.raises(ValidationError):
        actions.do_assign_reviewer(committee_member, practice, external1, role="boss")
    actions.do_assign_reviewer(un_delegate, practice, external1, role="external")
    with pytest.raises(ValidationError):
        actions.do_assign_reviewer(committee_member, practice, external1, role="external")


def test_only_assigned_reviewers_review(practice, panel, outsider, committee_member):
    for person in (outsider, committee_member):
        with pytest.raises(PermissionDenied):
            approve(person, practice)
        with pytest.raises(PermissionDenied):
            actions.do_request_clarification(person, practice, question="Why?")
    with pytest.raises(ValidationError) as error:
        actions.do_review_practice(
            panel[0], practice, answers={"objective": "maybe"}, recommendation="clarify"
        )
    assert {"objective", "timing", "question"} <= set(error.value.message_dict)


def test_no_review_after_publication(practice, panel):
    for reviewer in panel:
        approve(reviewer, practice)
    with pytest.raises(ValidationError):
        approve(panel[0], practice)


def test_rule_function_states_the_rule():
    assert "strict majority" in (rules.__doc__ or "")
    decision = rules.decide(required_un=1, required_external=2, panel=[], open_clarifications=0)
    assert decision.outcome is None and not decision.panel_complete


# --- Adoption ------------------------------------------------------------------------------


@pytest.fixture
def published(practice, panel):
    for reviewer in panel:
        approve(reviewer, practice)
    practice.refresh_from_db()
    return practice


@pytest.fixture
def proposal(migrant):
    return proposal_actions.do_submit_proposal(
        migrant,
        title="Centros de salud sin preguntar el estatus",
        text="Que los centros de salud atiendan sin preguntar el estatus migratorio a nadie.",
        countries=[Country.objects.get(code="MX")],
        objectives=[Objective.objects.get(number=15)],
    )


def test_adoption_by_proposal_author_and_focal_point(
    published, proposal, migrant, state_focal_point, outsider
):
    with pytest.raises(PermissionDenied):
        actions.do_adopt_practice(outsider, published, proposal)
    adoption = actions.do_adopt_practice(migrant, published, proposal, note="Inspired our text")
    assert adoption.item == proposal and adoption.recorded_by == migrant
    with pytest.raises(ValidationError):
        actions.do_adopt_practice(state_focal_point, published, proposal)  # duplicate
    from minga.practices.queries import adoptions_for

    assert [a.practice for a in adoptions_for(proposal)] == [published]


def test_unpublished_practice_cannot_be_adopted(practice, proposal, migrant):
    with pytest.raises(ValidationError):
        actions.do_adopt_practice(migrant, practice, proposal)
    assert not Adoption.objects.exists()


def test_adoption_by_initiative(published, state_focal_point, un_delegate, outsider):
    initiative = _mexican_initiative(state_focal_point)
    with pytest.raises(PermissionDenied):
        actions.do_adopt_practice(outsider, published, initiative)
    actions.do_adopt_practice(state_focal_point, published, initiative)
    assert Adoption.objects.get().item == initiative


def _mexican_initiative(actor):
    import datetime

    from minga.initiatives import actions as initiative_actions

    return initiative_actions.do_create_initiative(
        actor,
        title="Atención en salud sin condición migratoria",
        summary="Programa federal para atender a personas migrantes en los centros de salud.",
        kind="programme",
        lead_state=Country.objects.get(code="MX"),
        start_date=datetime.date(2021, 1, 1),
        status="ongoing",
        responsible_institution="Secretaría de Salud",
    )
