import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from minga.core import timeline
from minga.proposals.models import Proposal
from minga.reports import actions, snapshot
from minga.reports.models import (
    BuildStatus,
    CommentStatus,
    Decision,
    ParagraphVersion,
    PDFBuild,
    ReportStatus,
)
from minga.testing import factories as f

from .conftest import make_proposal


def test_only_assigned_rapporteurs_and_committee_edit(
    paragraph, rapporteur, committee_member, outsider, migrant
):
    saved = actions.do_save_paragraph(
        rapporteur, paragraph, text="Los Estados deben regularizar ya.", base_version=1
    )
    assert saved.version == 2
    assert ParagraphVersion.objects.filter(paragraph=paragraph).count() == 2
    saved = actions.do_save_paragraph(
        committee_member, saved, text="Texto del comité.", base_version=2
    )
    assert saved.version == 3 and saved.updated_by == committee_member
    for person in (outsider, migrant, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            actions.do_save_paragraph(person, saved, text="No.", base_version=3)


def test_rapporteur_of_another_chapter_cannot_edit(report, committee_member, paragraph):
    other = f.make_user("other@example.org")
    second = actions.do_add_chapter(committee_member, report, title="Otro")
    actions.do_assign_chapter(committee_member, second, other)
    with pytest.raises(PermissionDenied):
        actions.do_save_paragraph(other, paragraph, text="Cambio", base_version=1)


def test_concurrent_edit_is_refused_and_nothing_lost(paragraph, rapporteur, committee_member):
    actions.do_save_paragraph(rapporteur, paragraph, text="Primera edición.", base_version=1)
    with pytest.raises(actions.EditConflict) as conflict:
        actions.do_save_paragraph(
            committee_member, paragraph, text="Segunda edición.", base_version=1
        )
    assert conflict.value.current.text == "Primera edición."
    paragraph.refresh_from_db()
    assert paragraph.text == "Primera edición." and paragraph.version == 2


def test_empty_and_too_long_text_refused(paragraph, rapporteur):
    with pytest.raises(ValidationError) as error:
        actions.do_save_paragraph(rapporteur, paragraph, text="  ", base_version=1)
    assert "text" in error.value.message_dict
    with pytest.raises(ValidationError):
        actions.do_add_paragraph(rapporteur, paragraph.section, text="x" * 10_001)


def test_comments_only_during_consultation(
    paragraph, report, committee_member, rapporteur, accredited_rep, organization, migrant
):
    with pytest.raises(PermissionDenied):
        actions.do_comment_paragraph(migrant, paragraph, text="Comentario")
    actions.do_set_consultation(committee_member, report, is_open=True)
    report.refresh_from_db()
    paragraph.section.chapter.report = report
    comment = actions.do_comment_paragraph(
        accredited_rep, paragraph, text="Falta mencionar a la niñez.", organization=organization
    )
    actions.do_comment_paragraph(migrant, paragraph, text="Como migrante, estoy de acuerdo.")
    with pytest.raises(ValidationError):
        actions.do_comment_paragraph(migrant, paragraph, text="x", organization=organization)
    paragraph.refresh_from_db()
    assert paragraph.comment_count == 2
    with pytest.raises(ValidationError):
        actions.do_reply_comment(rapporteur, comment, status=CommentStatus.NOT_TAKEN_UP, reply="")
    with pytest.raises(PermissionDenied):
        actions.do_reply_comment(migrant, comment, status=CommentStatus.ADDRESSED, reply="")
    actions.do_reply_comment(rapporteur, comment, status=CommentStatus.ADDRESSED, reply="Añadido.")
    comment.refresh_from_db()
    assert comment.status == CommentStatus.ADDRESSED and comment.replied_by == rapporteur


def test_citing_a_proposal_notifies_author_and_adds_timeline_step(
    paragraph, rapporteur, migrant, captured, django_capture_on_commit_callbacks
):
    proposal = make_proposal(migrant)
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_add_evidence(rapporteur, paragraph, kind="proposal", object_id=str(proposal.pk))
    cited = [e for e in captured if e.name == "proposal.cited"]
    assert cited and cited[0].recipients == (migrant,)
    assert migrant.notifications.filter(event="proposal.cited").exists()
    steps = [s for s in timeline.steps_for(proposal) if s.kind == "cited"]
    assert steps and "§1.1" in steps[0].title
    with pytest.raises(ValidationError):
        actions.do_add_evidence(rapporteur, paragraph, kind="proposal", object_id=proposal.pk)


def test_hidden_or_unknown_evidence_refused(paragraph, rapporteur, migrant):
    proposal = make_proposal(migrant)
    Proposal.objects.filter(pk=proposal.pk).update(is_hidden=True)
    for kind, pk in (
        ("proposal", proposal.pk),
        ("proposal", "abc"),
        ("sealed_incident", 1),
        ("practice", 999),
    ):
        with pytest.raises(ValidationError):
            actions.do_add_evidence(rapporteur, paragraph, kind=kind, object_id=pk)
    assert paragraph.evidence.count() == 0


def _approve_all(report, *members):
    actions.do_submit_for_review(members[0], report)
    for member in members:
        report.refresh_from_db()
        actions.do_decide_report(member, report, decision=Decision.APPROVE)
    report.refresh_from_db()


def test_approval_needs_the_majority_and_changes_send_back(
    paragraph, report, committee_member, second_member, rapporteur
):
    actions.do_submit_for_review(committee_member, report)
    report.refresh_from_db()
    with pytest.raises(PermissionDenied):
        actions.do_save_paragraph(rapporteur, paragraph, text="Durante la revisión", base_version=1)
    with pytest.raises(PermissionDenied):
        actions.do_decide_report(rapporteur, report, decision=Decision.APPROVE)
    actions.do_decide_report(committee_member, report, decision=Decision.APPROVE)
    report.refresh_from_db()
    assert report.status == ReportStatus.COMMITTEE_REVIEW  # 1 of 2 is not more than 50 %
    with pytest.raises(ValidationError):
        actions.do_decide_report(second_member, report, decision=Decision.CHANGES, note="")
    actions.do_decide_report(second_member, report, decision=Decision.CHANGES, note="Más datos.")
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    _approve_all(report, committee_member, second_member)
    assert report.status == ReportStatus.APPROVED


def test_cosign_required_before_publication(paragraph, report, committee_member, un_delegate):
    report.requires_cosign = True
    report.save()
    _approve_all(report, committee_member)
    with pytest.raises(ValidationError):
        actions.do_publish_report(committee_member, report)
    actions.do_cosign_report(un_delegate, report)
    version = actions.do_publish_report(committee_member, report)
    assert version.number == 1 and version.snapshot["cosigned"] == ["UN Delegate"]


def test_publication_freezes_translates_and_distributes(
    paragraph,
    report,
    committee_member,
    rapporteur,
    accredited_rep,
    django_capture_on_commit_callbacks,
):
    actions.do_translate_paragraph(
        rapporteur, paragraph, language="en", text="States must regularise."
    )
    _approve_all(report, committee_member)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        version = actions.do_publish_report(committee_member, report)
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED
    # The accredited organization's representative is e-mailed, in their language.
    assert [m.to for m in mail.outbox] == [[accredited_rep.email]]
    # PDFs were built (tasks run immediately in tests), one per language.
    builds = PDFBuild.objects.filter(version=version)
    assert {b.language for b in builds} == {"es", "en", "pt", "fr"}
    assert all(b.status == BuildStatus.DONE and b.progress == 100 for b in builds)
    english = snapshot.read(version.snapshot, "en")
    assert english["chapters"][0]["sections"][0]["paragraphs"][0]["notice"] == ""
    french = snapshot.read(version.snapshot, "fr")
    assert french["chapters"][0]["sections"][0]["paragraphs"][0]["notice"] == "missing"
    # A correction: editing reopens the draft, the published version stays frozen.
    actions.do_save_paragraph(
        rapporteur, paragraph, text="Los Estados deben regularizar pronto.", base_version=1
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    version.refresh_from_db()
    assert "regularizar." in version.snapshot["chapters"][0]["sections"][0]["paragraphs"][0]["html"]
    _approve_all(report, committee_member)
    with pytest.raises(ValidationError) as error:
        actions.do_publish_report(committee_member, report)
    assert "change_note" in error.value.message_dict
    second = actions.do_publish_report(committee_member, report, change_note="Se corrige el §1.1.")
    assert second.number == 2
    outdated = snapshot.read(second.snapshot, "en")
    assert outdated["chapters"][0]["sections"][0]["paragraphs"][0]["notice"] == "outdated"


def test_survey_answers_once_and_anonymously(review, committee_member, migrant, outsider):
    survey = actions.do_define_survey(
        committee_member, review, title="Evaluación", is_open=True, include_in_report=True
    )
    rating = actions.do_add_question(committee_member, survey, kind="rating", text="Transparencia")
    actions.do_add_question(committee_member, survey, kind="open", text="¿Qué mejorar?")
    with pytest.raises(PermissionDenied):
        actions.do_add_question(migrant, survey, kind="open", text="No")
    actions.do_answer_survey(migrant, survey, {rating.pk: "4"})
    with pytest.raises(ValidationError):
        actions.do_answer_survey(migrant, survey, {rating.pk: "5"})
    with pytest.raises(ValidationError):
        actions.do_answer_survey(outsider, survey, {rating.pk: "9"})
    from minga.reports.models import SurveyAnswer

    field_names = {f.name for f in SurveyAnswer._meta.get_fields()}
    assert not field_names & {"user", "author", "participation", "created_at"}
    from minga.reports import queries

    results = queries.survey_results(survey, "en")
    assert results["rows"][0]["suppressed"] is True and results["rows"][0]["mean"] is None
