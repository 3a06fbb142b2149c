"""The follow-up on other apps' pages: the paragraph page's link (minga.core.links) and the
objective and country pages (minga.gcm linked items)."""

from django.utils import translation

from minga.followup.models import Recommendation
from minga.gcm.models import GCMLink, Objective
from minga.reports import actions as report_actions
from minga.testing import factories as f


def make_paragraph(committee_member, review):
    report = report_actions.do_create_report(
        committee_member, review, title="Informe", language="es"
    )
    chapter = report_actions.do_add_chapter(committee_member, report, title="Capítulo")
    section = report_actions.do_add_section(committee_member, chapter, title="Sección")
    return report_actions.do_add_paragraph(
        committee_member, section, text="Recomendamos a México regularizar."
    )


DRAW = "Draw a recommendation from this paragraph"


def test_paragraph_page_offers_a_recommendation_to_those_who_may_create_one(
    client, review, committee_member, un_delegate
):
    paragraph = make_paragraph(committee_member, review)
    url = f"/en/reports/paragraphs/{paragraph.pk}/"
    for person in (committee_member, un_delegate):
        client.force_login(person)
        body = client.get(url).content.decode()
        assert DRAW in body
        assert f'href="/en/recommendations/new/?paragraph={paragraph.pk}"' in body


def test_paragraph_page_hides_it_from_others(client, review, committee_member, cso_rep):
    paragraph = make_paragraph(committee_member, review)
    chapter = paragraph.section.chapter
    rapporteur = f.make_user("writer@example.org")
    report_actions.do_assign_chapter(committee_member, chapter, rapporteur)
    report_actions.do_set_consultation(committee_member, chapter.report, is_open=True)
    for person in (rapporteur, cso_rep):
        client.force_login(person)
        response = client.get(f"/en/reports/paragraphs/{paragraph.pk}/")
        assert response.status_code == 200
        assert DRAW not in response.content.decode()


def test_committee_member_without_mfa_does_not_see_it(client, review, committee_member):
    paragraph = make_paragraph(committee_member, review)
    committee_member.authenticator_set.all().delete()
    client.force_login(committee_member)
    response = client.get(f"/en/reports/paragraphs/{paragraph.pk}/")
    assert DRAW not in response.content.decode()


def test_states_addressed_are_its_countries(recommendation):
    links = GCMLink.objects.filter(
        object_id=recommendation.pk, content_type__model="recommendation"
    )
    assert {str(link.country.code) for link in links if link.country} == {"MX"}
    assert {link.objective.number for link in links if link.objective} == {4}


def test_objective_and_country_pages_list_recommendations(client, recommendation):
    for path in ("/en/objectives/4/", "/en/countries/MX/"):
        body = client.get(path).content.decode()
        assert recommendation.get_absolute_url() in body, path
        assert "Garantizar documentos de identidad" in body
    # "See all" (when there are more) goes to the tracker with that filter.
    objective = Objective.objects.get(number=4)
    country = f.country("MX")
    with translation.override("en"):
        assert str(Recommendation.linked_list_url(objective=objective)).endswith("/?objective=4")
        assert str(Recommendation.linked_list_url(country=country)).endswith("/?addressee=MX")
    tracker = client.get("/en/recommendations/?addressee=MX").content.decode()
    assert "Garantizar documentos de identidad" in tracker


def test_recommendations_of_an_unpublished_review_are_not_listed(client, recommendation):
    type(recommendation.review).objects.filter(pk=recommendation.review_id).update(
        is_published=False
    )
    assert not Recommendation.linked_queryset().exists()
    assert "Garantizar documentos de identidad" not in client.get("/en/countries/MX/").text
