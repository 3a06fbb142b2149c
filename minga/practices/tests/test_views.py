import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minga.gcm.models import Country, Objective, Principle
from minga.practices import actions
from minga.practices.models import Adoption, Practice, PracticeStatus
from minga.proposals import actions as proposal_actions
from minga.search.queries import kind_choices

from .conftest import DESCRIPTION, REPLICATION, RESULTS, approve, submit

pytestmark = pytest.mark.django_db


def _form(**extra):
    data = {
        "title": "Health firewall in Kota Serai",
        "region": "asia_pacific",
        "description": DESCRIPTION,
        "results": RESULTS,
        "replication": REPLICATION,
        "partners": "City health department",
        "sources": "https://example.org/report",
        "language": "en",
        "gcm_objectives": [Objective.objects.get(number=15).pk],
        "gcm_principles": [Principle.objects.get(key="human_rights").pk],
        "gcm_countries": [Country.objects.get(code="TH").pk],
    }
    data.update(extra)
    return data


@pytest.fixture
def published(practice, panel, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for reviewer in panel:
            approve(reviewer, practice)
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.PUBLISHED
    return practice


def test_submission_without_javascript(client, accredited_rep):
    client.force_login(accredited_rep)
    page = client.get("/en/practices/new/")
    assert page.status_code == 200 and 'name="title"' in page.text
    response = client.post("/en/practices/new/", _form())
    practice = Practice.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/en/practices/{practice.pk}/"
    assert practice.submitted_by == accredited_rep and practice.status == "submitted"
    detail = client.get(response["Location"])
    assert "Health firewall in Kota Serai" in detail.text and "not published" in detail.text


def test_bad_input_keeps_everything_typed(client, accredited_rep):
    client.force_login(accredited_rep)
    response = client.post(
        "/en/practices/new/",
        _form(
            title="x",
            region="mars",
            sources="ftp://nope\nnot a url",
            gcm_objectives=[],
            partners="Partners <script>alert(1)</script> to keep",
        ),
    )
    assert response.status_code == 400
    assert 'class="error-summary"' in response.text
    assert DESCRIPTION in response.text
    assert "Partners &lt;script&gt;alert(1)&lt;/script&gt; to keep" in response.text
    assert "not a url" in response.text
    assert not Practice.objects.exists()
    # Valid form fields but no objective: the action's message lands next to the field.
    response = client.post("/en/practices/new/", _form(gcm_objectives=[]))
    assert response.status_code == 400 and "at least one GCM objective" in response.text
    response = client.post("/en/practices/new/", _form(sources="javascript:alert(1)"))
    assert response.status_code == 400 and "is not a web address" in response.text


def test_who_may_submit_through_the_page(client, migrant, un_delegate, state_focal_point):
    client.force_login(migrant)
    page = client.get("/en/practices/new/")
    assert page.status_code == 200 and 'name="title"' not in page.text
    assert client.post("/en/practices/new/", _form()).status_code == 403
    for person in (un_delegate, state_focal_point):
        client.force_login(person)
        assert client.post("/en/practices/new/", _form()).status_code == 302
    client.logout()
    assert client.post("/en/practices/new/", _form()).status_code == 302  # to login
    assert Practice.objects.count() == 2


def test_unpublished_practice_is_hidden(
    client, practice, panel, outsider, migrant, committee_member, accredited_rep
):
    url = practice.get_absolute_url()
    assert client.get(url).status_code == 404
    for person in (outsider, migrant):
        client.force_login(person)
        assert client.get(url).status_code == 404
    for person in (accredited_rep, committee_member, *panel):
        client.force_login(person)
        assert client.get(url).status_code == 200
    client.logout()
    for path in ("/en/practices/", "/en/objectives/15/", "/en/countries/th/"):
        assert practice.title not in client.get(path).text
    assert practice.search_document() is None


def test_full_flow_through_the_pages(
    client, practice, committee_member, un_delegate, external1, external2, accredited_rep
):
    url = practice.get_absolute_url()
    client.force_login(committee_member)
    for email, role in (
        (un_delegate.email, "un"),
        (external1.email, "external"),
        (external2.email, "external"),
    ):
        response = client.post(f"{url}assign/", {"email": email, "role": role})
        assert response.status_code == 302
    bad = client.post(f"{url}assign/", {"email": "nobody@example.org", "role": "external"})
    assert bad.status_code == 400 and "Nobody has an account" in bad.text
    verdict = {
        "objective": "yes",
        "principles": "yes",
        "timing": "yes",
        "completion": "yes",
        "innovation": "yes",
        "recommendation": "approve",
        "summary": "Solid evaluation.",
    }
    client.force_login(external1)
    workspace = client.get("/en/practices/review/")
    assert practice.title in workspace.text and "To do" in workspace.text
    asked = client.post(
        f"{url}review/",
        {**verdict, "recommendation": "clarify", "question": "", "timing": "unsure"},
    )
    assert asked.status_code == 400 and "Write the question" in asked.text
    assert "Solid evaluation." in asked.text  # everything typed is kept
    asked = client.post(
        f"{url}review/",
        {**verdict, "recommendation": "clarify", "question": "Since when does it run?"},
    )
    assert asked.status_code == 302
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.CLARIFICATION
    clarification = practice.clarifications.get()
    client.force_login(accredited_rep)
    page = client.get(url)
    assert "Since when does it run?" in page.text and "External One" not in page.text
    answered = client.post(
        f"{url}clarifications/{clarification.pk}/answer/", {"answer": "Since March 2020."}
    )
    assert answered.status_code == 302
    for reviewer in (un_delegate, external1, external2):
        client.force_login(reviewer)
        assert client.post(f"{url}review/", verdict).status_code == 302
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.PUBLISHED
    client.logout()
    public = client.get(url)
    assert public.status_code == 200
    assert "Implemented after December 2018" in public.text
    assert "Since March 2020." not in public.text  # review exchanges stay with the panel
    assert practice.title in client.get("/en/practices/").text


WRITE_ENDPOINTS = ["assign/", "configure/", "review/", "clarify/"]


@pytest.mark.parametrize("endpoint", WRITE_ENDPOINTS)
def test_write_endpoints_permission_matrix(
    client, practice, panel, endpoint, outsider, migrant, accredited_rep, state_focal_point
):
    url = f"{practice.get_absolute_url()}{endpoint}"
    data = {
        "email": outsider.email,
        "role": "external",
        "un_reviewers": 1,
        "external_reviewers": 1,
        "question": "Why?",
        "recommendation": "approve",
    }
    assert client.post(url, data).status_code == 302  # anonymous: to the login page
    assert "/accounts/login/" in client.post(url, data)["Location"]
    assigning = endpoint in ("assign/", "configure/")
    for person in (outsider, migrant):
        client.force_login(person)
        # Assigning is refused before the practice is looked up; the others cannot see it.
        assert client.post(url, data).status_code == (403 if assigning else 404)
    for person in (accredited_rep, state_focal_point):
        client.force_login(person)
        assert client.post(url, data).status_code == (
            403 if assigning or person == accredited_rep else 404
        )
    # A reviewer cannot assign or configure; a reviewer's incomplete verdict is a 400.
    client.force_login(panel[1])
    expected = {"assign/": 403, "configure/": 403, "review/": 400, "clarify/": 302}
    assert client.post(url, data).status_code == expected[endpoint]
    practice.refresh_from_db()
    assert practice.assignments.count() == 3
    assert (practice.required_un_reviewers, practice.required_external_reviewers) == (1, 2)


def test_answer_endpoint_only_for_submitter(client, practice, panel, outsider, accredited_rep):
    clarification = actions.do_request_clarification(panel[0], practice, question="Budget?")
    url = f"{practice.get_absolute_url()}clarifications/{clarification.pk}/answer/"
    for person, expected in ((outsider, 404), (panel[1], 403), (panel[0], 403)):
        client.force_login(person)
        assert client.post(url, {"answer": "No"}).status_code == expected
    client.force_login(accredited_rep)
    assert client.post(url, {"answer": ""}).status_code == 400
    other = f"{practice.get_absolute_url()}clarifications/999999/answer/"
    assert client.post(other, {"answer": "x"}).status_code == 404
    assert client.post(url, {"answer": "60,000 USD a year"}).status_code == 302


def test_adopt_through_the_page(client, published, migrant, outsider, state_focal_point):
    proposal = proposal_actions.do_submit_proposal(
        migrant,
        title="Centros de salud sin preguntar el estatus",
        text="Que los centros de salud atiendan sin preguntar el estatus migratorio a nadie.",
        countries=[Country.objects.get(code="MX")],
    )
    url = f"{published.get_absolute_url()}adopt/"
    data = {"kind": "proposal", "number": proposal.pk, "note": "Same rule for Mexico"}
    client.force_login(outsider)
    assert client.post(url, data).status_code == 403
    response = client.post(url, {**data, "number": 999999})
    assert response.status_code == 400 and "no initiative or proposal" in response.text
    assert "Same rule for Mexico" in response.text
    client.force_login(state_focal_point)  # focal point of Mexico, a country of the proposal
    assert client.post(url, data).status_code == 302
    dup = client.post(url, data)
    assert dup.status_code == 400 and "already recorded" in dup.text
    page = client.get(published.get_absolute_url())
    assert proposal.title in page.text and "Same rule for Mexico" in page.text
    adoption = Adoption.objects.get()
    # The include other apps may use on their pages.
    from django.template.loader import render_to_string

    html = render_to_string("practices/_adopted_from.html", {"item": proposal})
    assert published.title in html
    client.force_login(outsider)
    remove = f"{published.get_absolute_url()}adoptions/{adoption.pk}/remove/"
    assert client.post(remove).status_code == 403
    client.force_login(state_focal_point)
    assert client.post(remove).status_code == 302 and not Adoption.objects.exists()


def test_unpublished_cannot_be_adopted_through_the_page(client, practice, migrant):
    client.force_login(migrant)
    url = f"{practice.get_absolute_url()}adopt/"
    assert client.post(url, {"kind": "proposal", "number": 1}).status_code == 404


def test_list_filters_and_bounded_queries(client, published, un_delegate, panel, committee_member):
    for i in range(12):
        other = submit(
            un_delegate,
            title=f"Practice number {i} from Africa",
            region="africa",
            countries=[Country.objects.get(code="KE")],
        )
        for person, role in zip(panel[1:], ("external", "external"), strict=True):
            actions.do_assign_reviewer(committee_member, other, person, role=role)
        actions.do_configure_review(committee_member, other, un_reviewers=0, external_reviewers=2)
        for person in panel[1:]:
            approve(person, other)
    assert Practice.objects.published().count() == 13
    with CaptureQueriesContext(connection) as ctx:
        page = client.get("/en/practices/")
    assert page.status_code == 200 and len(ctx.captured_queries) <= 12
    region = client.get("/en/practices/?region=asia_pacific")
    assert published.title in region.text and "from Africa" not in region.text
    country = client.get("/en/practices/?country=KE")
    assert published.title not in country.text and "Practice number 3 from Africa" in country.text
    principle = client.get("/en/practices/?principle=human_rights")
    assert "from Africa" not in principle.text
    objective = client.get("/en/practices/?objective=15")
    assert published.title in objective.text
    junk = client.get("/en/practices/?objective=abc&region=mars&country=ZZ&page=999")
    assert junk.status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        detail = client.get(published.get_absolute_url())
    assert detail.status_code == 200 and len(ctx.captured_queries) <= 15


def test_published_practice_on_objective_and_country_pages(client, published):
    for path in ("/en/objectives/15/", "/en/countries/th/"):
        page = client.get(path)
        assert published.title in page.text, path
    from minga.gcm.queries import linked_items

    groups = linked_items(country=Country.objects.get(code="TH"))
    practices = next(g for g in groups if g.content_type.model == "practice")
    assert practices.items == [published] and practices.list_url == "/en/practices/?country=TH"


def test_published_practice_is_found_by_search(client, published):
    response = client.get("/en/search/", {"q": "firewall"})
    assert response.status_code == 200 and published.get_absolute_url() in response.text
    assert "practices.practice" in {k for k, _label in kind_choices()}


def test_malformed_ids_are_404(client):
    for path in ("/en/practices/0/", "/en/practices/99999999999999999999/"):
        assert client.get(path).status_code == 404


def test_actions_refuse_direct_calls(practice, outsider):
    with pytest.raises(PermissionDenied):
        actions.do_configure_review(outsider, practice, un_reviewers=1, external_reviewers=1)
