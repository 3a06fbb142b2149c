"""Report work in the committee workspace: assigned chapters, decisions, comments to answer."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minga.committee import workspace as committee_workspace
from minga.reports import actions, workspace
from minga.reports.models import CommentStatus, Decision


@pytest.fixture
def member_chapter(report, committee_member, second_member):
    chapter = actions.do_add_chapter(committee_member, report, title="Trabajo decente")
    actions.do_assign_chapter(committee_member, chapter, second_member)
    section = actions.do_add_section(second_member, chapter, title="Salarios")
    actions.do_add_paragraph(second_member, section, text="Salario digno para todas.")
    return chapter


def titles(section):
    return [item.title for item in section.items]


def test_providers_are_registered():
    keys = {key for key, _provider in committee_workspace._providers}
    assert {"report_chapters", "report_decisions", "report_comments"} <= keys


def test_assigned_chapters_listed_for_the_member(member_chapter, second_member, review):
    section = workspace.chapters_assigned(second_member, review)
    assert section is not None and titles(section) == ["1. Trabajo decente"]
    assert section.items[0].url.endswith(f"#chapter-{member_chapter.pk}")


def test_nothing_for_people_without_work(review, outsider, rapporteur, chapter):
    assert workspace.chapters_assigned(outsider, review) is None
    assert workspace.reports_to_decide(rapporteur, review) is None
    assert workspace.comments_to_answer(outsider, review) is None


def test_reports_awaiting_my_decision(
    report, review, committee_member, second_member, member_chapter
):
    assert titles(workspace.reports_to_decide(second_member, review)) == []
    actions.do_submit_for_review(committee_member, report)
    assert titles(workspace.reports_to_decide(second_member, review)) == ["Informe regional"]
    report.refresh_from_db()
    actions.do_decide_report(second_member, report, decision=Decision.APPROVE, note="")
    assert titles(workspace.reports_to_decide(second_member, review)) == []
    assert titles(workspace.reports_to_decide(committee_member, review)) == ["Informe regional"]


def test_open_comments_on_my_chapters_await_my_reply(
    report, review, committee_member, second_member, member_chapter, migrant
):
    paragraph = member_chapter.sections.get().paragraphs.get()
    actions.do_set_consultation(committee_member, report, is_open=True)
    comment = actions.do_comment_paragraph(migrant, paragraph, text="Agreguen a las trabajadoras.")
    answers = workspace.comments_to_answer(second_member, review)
    assert answers is not None
    assert titles(answers) == ["Agreguen a las trabajadoras."]
    assert answers.items[0].url.endswith(f"#comment-{comment.pk}")
    # The committee member who wrote no chapter has nothing to answer.
    assert titles(workspace.comments_to_answer(committee_member, review)) == []
    actions.do_reply_comment(second_member, comment, status=CommentStatus.ADDRESSED, reply="Hecho.")
    assert titles(workspace.comments_to_answer(second_member, review)) == []


def test_each_provider_reads_with_a_bounded_number_of_queries(
    report, review, committee_member, second_member, member_chapter
):
    def cost():
        person = type(second_member).objects.get(pk=second_member.pk)
        with CaptureQueriesContext(connection) as ctx:
            for provider in (
                workspace.chapters_assigned, workspace.reports_to_decide,
                workspace.comments_to_answer,
            ):  # fmt: skip
                provider(person, review)
        return len(ctx.captured_queries)

    small = cost()
    for n in range(5):
        chapter = actions.do_add_chapter(committee_member, report, title=f"Capítulo {n}")
        actions.do_assign_chapter(committee_member, chapter, second_member)
    assert cost() == small <= 6


def test_workspace_page_shows_report_work(client, report, review, second_member, member_chapter):
    actions.do_submit_for_review(second_member, report)
    client.force_login(second_member)
    body = client.get("/en/committee/").content.decode()
    assert "Report chapters assigned to you" in body and "Trabajo decente" in body
    assert "Reports awaiting your approval decision" in body
    assert "Comments awaiting your reply" in body
