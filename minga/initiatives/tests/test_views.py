import datetime

import feedparser
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from minga.accounts.models import Role
from minga.gcm.models import Country, Principle
from minga.initiatives import actions, queries
from minga.initiatives.models import Assessment, Initiative, InitiativeVersion, Reply, Update
from minga.stakeholders.models import MembershipRole
from minga.testing import factories as f

from .conftest import SUMMARY, first_principles, make_initiative, ratings


def _form_data(**extra):
    data = {
        "title": "Programa de integración laboral",
        "summary": SUMMARY,
        "language": "es",
        "kind": "programme",
        "lead_state": Country.objects.get(code="MX").pk,
        "start_date": "2025-02-01",
        "end_date": "",
        "status": "ongoing",
        "responsible_institution": "Secretaría del Trabajo",
        "cs_involvement": "informed",
        "cs_evidence": "Reuniones informativas con redes.",
        "budget_amount": "",
        "budget_currency": "",
    }
    data.update(extra)
    return data


# --- Pages ------------------------------------------------------------------------------------


def test_list_filters_work_without_js(client, state_focal_point, un_delegate):
    mx = make_initiative(state_focal_point, title="Iniciativa de México")
    hn = make_initiative(
        un_delegate, title="Iniciativa de Honduras", lead_state=Country.objects.get(code="HN"),
        status="planned", cs_involvement="none", cs_evidence="",
    )  # fmt: skip
    page = client.get("/en/initiatives/")
    assert page.status_code == 200 and mx.title in page.text and hn.title in page.text
    page = client.get("/en/initiatives/?country=HN")
    assert hn.title in page.text and mx.title not in page.text
    page = client.get("/en/initiatives/?status=ongoing&involvement=consulted&objective=7")
    assert mx.title in page.text and hn.title not in page.text
    page = client.get(f"/en/initiatives/?principle={Principle.objects.order_by('position')[0].key}")
    assert mx.title in page.text
    # Champion filter: only initiatives of Champion States.
    Country.objects.filter(code="MX").update(is_champion=True)
    Country.objects.filter(code="HN").update(is_champion=False)
    page = client.get("/en/initiatives/?champion=on")
    assert mx.title in page.text and hn.title not in page.text
    # Nonsense filters are ignored with a message, never a 500.
    page = client.get("/en/initiatives/?country=Mexico&objective=99&page=zzz")
    assert page.status_code == 200


def test_detail_page_shows_everything(client, assessment, state_focal_point, initiative):
    actions.do_add_initiative_update(
        state_focal_point, initiative, kind="milestone", title="Convenio firmado",
        date=datetime.date.today(),
    )  # fmt: skip
    actions.do_reply_to_assessment(state_focal_point, assessment, text="Respuesta del Estado.")
    page = client.get(f"/en/initiatives/{initiative.pk}/")
    assert page.status_code == 200
    text = page.text
    assert text.count("<h1") == 1
    assert "Convenio firmado" in text
    assert assessment.organization.name in text and "Migrant or migrant-led" in text
    assert "Respuesta del Estado." in text and "On behalf of Mexico" in text
    assert "Scorecard" in text and '<table class="scorecard">' in text
    assert "History of changes" in text and "MX Focal Point" in text


def test_permission_matrix_for_write_endpoints(
    client, initiative, assessment, outsider, cso_rep, accredited_rep, gt_focal_point,
    mx_focal_no_mfa, state_focal_point, un_delegate,
):  # fmt: skip
    pk = initiative.pk
    today = timezone.localdate().isoformat()
    endpoints = {
        "edit": (f"/en/initiatives/{pk}/edit/", _form_data()),
        "update": (
            f"/en/initiatives/{pk}/updates/",
            {"kind": "progress", "title": "Avance", "date": today, "language": "es"},
        ),
        "assess": (
            f"/en/initiatives/{pk}/assess/",
            {
                "organization": str(assessment.organization_id),
                "language": "es",
                f"rating_{first_principles()[0]}": "3",
                f"evidence_{first_principles()[0]}": "Pruebas.",
            },
        ),
        "reply": (
            f"/en/initiatives/{pk}/assessments/{assessment.pk}/reply/",
            {"text": "Respuesta", "language": "es"},
        ),
        "create": ("/en/initiatives/new/", _form_data(title="Nueva iniciativa creada")),
    }
    # Who may do what (True: the write succeeds with a redirect).
    allowed = {
        "outsider": set(),
        "cso_rep": set(),  # representative of a non-accredited organization
        "accredited_rep": {"assess"},
        "gt_focal_point": set(),  # focal point of another State
        "mx_focal_no_mfa": set(),
        "un_delegate": {"edit", "update", "create"},
        "state_focal_point": {"edit", "update", "reply", "create"},
    }
    people = {
        "outsider": outsider, "cso_rep": cso_rep, "accredited_rep": accredited_rep,
        "gt_focal_point": gt_focal_point, "mx_focal_no_mfa": mx_focal_no_mfa,
        "un_delegate": un_delegate, "state_focal_point": state_focal_point,
    }  # fmt: skip
    order = ["assess", "edit", "update", "create", "reply"]
    for name, person in people.items():
        client.force_login(person)
        for endpoint in order:
            url, data = endpoints[endpoint]
            response = client.post(url, data)
            if endpoint in allowed[name]:
                assert response.status_code == 302, (name, endpoint, response.status_code)
                assert "/accounts/" not in response["Location"]
            elif name == "mx_focal_no_mfa":
                # Privileged without MFA: sent to set up MFA first, nothing written.
                assert response.status_code == 302 and "/2fa/" in response["Location"]
            else:
                assert response.status_code in (403, 400), (name, endpoint, response.status_code)
                if endpoint == "create" and name == "gt_focal_point":
                    assert "only for your own State" in response.text
    client.logout()
    for endpoint in order:
        url, data = endpoints[endpoint]
        assert client.post(url, data).status_code == 302  # to the login page
    assert Reply.objects.count() == 1
    assert Initiative.objects.filter(title="Nueva iniciativa creada").count() == 2
    # A UN delegate publishes for any State.
    client.force_login(un_delegate)
    data = _form_data(title="Iniciativa de Ecuador", lead_state=Country.objects.get(code="EC").pk)
    assert client.post("/en/initiatives/new/", data).status_code == 302


def test_bad_input_gets_translated_errors_and_keeps_input(client, state_focal_point):
    client.force_login(state_focal_point)
    data = _form_data(
        start_date="2025-05-01", end_date="2025-01-01", title="Título conservado",
        lead_state="999999", summary="x" * 10_001,
    )  # fmt: skip
    response = client.post("/en/initiatives/new/", data)
    assert response.status_code == 400
    assert "Elija un país de la lista." in response.text or "Choose a country" in response.text
    assert 'value="Título conservado"' in response.text
    response = client.post(
        "/en/initiatives/new/", _form_data(start_date="2025-05-01", end_date="2025-01-01")
    )
    assert response.status_code == 400
    assert "end_date" in response.text and Initiative.objects.count() == 0
    response = client.post(
        "/en/initiatives/new/", _form_data(start_date="2025-05-01", end_date="2025-01-01")
    )
    assert "The end date cannot be before the start date." in response.text
    response = client.post("/en/initiatives/new/", _form_data(start_date="31/31/2025"))
    assert "Give a valid date" in response.text


def test_disguised_document_refused_on_the_page(
    client, initiative, state_focal_point, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(state_focal_point)
    fake = SimpleUploadedFile("report.pdf", b"<html><script>alert(1)</script>", "application/pdf")
    response = client.post(
        f"/en/initiatives/{initiative.pk}/sources/", {"title": "Report", "file": fake}
    )
    assert response.status_code == 400
    assert "is not a PNG, JPEG, WebP or GIF image nor a PDF document" in response.text
    pdf = SimpleUploadedFile("report.pdf", b"%PDF-1.7\nstuff\n%%EOF", "application/pdf")
    response = client.post(
        f"/en/initiatives/{initiative.pk}/sources/", {"title": "Report", "file": pdf}
    )
    assert response.status_code == 302
    source = initiative.sources.get()
    download = client.get(source.get_absolute_url())
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"


def test_second_reply_on_the_page_is_refused(client, assessment, state_focal_point):
    client.force_login(state_focal_point)
    url = f"/en/initiatives/{assessment.initiative_id}/assessments/{assessment.pk}/reply/"
    assert client.post(url, {"text": "Primera", "language": "es"}).status_code == 302
    response = client.post(url, {"text": "Segunda", "language": "es"})
    assert response.status_code == 400
    assert "already replied" in response.text
    assert Reply.objects.get().text == "Primera"


def test_assessment_form_bad_links(client, initiative, accredited_rep, accredited_org):
    client.force_login(accredited_rep)
    page = client.get(f"/en/initiatives/{initiative.pk}/assess/")
    assert page.status_code == 200 and "Human rights" in page.text
    key = first_principles()[0]
    response = client.post(
        f"/en/initiatives/{initiative.pk}/assess/",
        {"organization": str(accredited_org.pk), "language": "es", f"rating_{key}": "4",
         f"evidence_{key}": "Pruebas claras.", f"links_{key}": "not-a-link", "comment": "Comentario"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "is not a web address" in response.text and "Comentario" in response.text
    assert Assessment.objects.count() == 0
    response = client.post(f"/en/initiatives/{initiative.pk}/assess/", {"organization": "999"})
    assert response.status_code == 400


def test_unknown_ids_are_404(client, db):
    assert client.get("/en/initiatives/999999/").status_code == 404
    assert client.get("/feeds/initiatives/999999/").status_code == 404
    assert client.get("/feeds/countries/zz/").status_code == 404
    assert client.get("/feeds/objectives/99/").status_code == 404


# --- Scorecards -------------------------------------------------------------------------------


def _second_org(review, email):
    org = f.make_organization(f"Org {email}", iso2="GT")
    f.accredit(org, review)
    rep = f.make_user(email)
    f.add_member(rep, org, role=MembershipRole.REPRESENTATIVE)
    return org, rep


def test_scorecard_arithmetic(initiative, assessment, review, state_focal_point):
    keys = first_principles()
    org, rep = _second_org(review, "second@example.org")
    actions.do_submit_assessment(
        rep, initiative, organization=org, ratings=ratings(**{keys[0]: 4, keys[1]: 5, keys[2]: 1})
    )
    card = queries.scorecard(initiative=initiative)
    assert card.assessments == 2
    rows = {row.principle.key: row for row in card.rows}
    assert len(rows) == 10
    first = rows[keys[0]]
    assert [c.count for c in first.levels] == [0, 0, 0, 2, 0]
    assert first.rated == 2 and first.not_assessed == 0 and first.levels[3].percent == 100
    second = rows[keys[1]]
    assert [c.count for c in second.levels] == [0, 1, 0, 0, 1]
    assert [c.percent for c in second.levels] == [0, 50, 0, 0, 50]
    third = rows[keys[2]]
    assert third.rated == 1 and third.not_assessed == 1
    assert rows["human_rights"].total == 0
    # The country scorecard aggregates every initiative of the State.
    other = make_initiative(state_focal_point, title="Otra iniciativa de México")
    actions.do_submit_assessment(rep, other, organization=org, ratings=ratings(**{keys[0]: 1}))
    country = queries.scorecard(initiative__states=Country.objects.get(code="MX"))
    assert country.assessments == 3
    assert [c.count for c in {r.principle.key: r for r in country.rows}[keys[0]].levels] == [
        1, 0, 0, 2, 0,
    ]  # fmt: skip
    assert queries.scorecard(initiative__states=Country.objects.get(code="HN")).assessments == 0


def test_country_page_panel(client, assessment, initiative, state_focal_point):
    actions.do_add_initiative_update(
        state_focal_point, initiative, kind="progress", title="Informe de avance",
        date=datetime.date.today(),
    )  # fmt: skip
    page = client.get("/en/countries/mx/")
    assert page.status_code == 200
    assert "Initiatives and pledges of Mexico" in page.text
    assert "Informe de avance" in page.text and "Ongoing" in page.text
    assert '<table class="scorecard">' in page.text
    assert "Initiatives and pledges of" not in client.get("/en/countries/hn/").text


# --- What changed -----------------------------------------------------------------------------


def test_what_changed_periods(client, initiative, assessment, state_focal_point):
    old = actions.do_add_initiative_update(
        state_focal_point, initiative, kind="setback", title="Recorte de presupuesto",
        date=datetime.date.today(),
    )  # fmt: skip
    Update.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=20))
    actions.do_add_initiative_update(
        state_focal_point, initiative, kind="progress", title="Nuevo avance",
        date=datetime.date.today(),
    )  # fmt: skip
    actions.do_reply_to_assessment(state_focal_point, assessment, text="Respuesta.")
    InitiativeVersion.objects.filter(initiative=initiative).update(
        created_at=timezone.now() - datetime.timedelta(days=60)
    )
    week = queries.changes("week")
    kinds = [c.kind for c in week.object_list]
    assert kinds == ["reply", "update", "assessment"]  # newest first; old items left out
    month = queries.changes("month")
    assert [c.kind for c in month.object_list] == ["reply", "update", "assessment", "update"]
    page = client.get("/en/initiatives/changes/?period=month")
    assert page.status_code == 200
    assert "Recorte de presupuesto" in page.text and "Nuevo avance" in page.text
    assert "Mexico replied to" in page.text
    page = client.get("/en/initiatives/changes/?period=week")
    assert "Recorte de presupuesto" not in page.text and "Nuevo avance" in page.text
    assert client.get("/en/initiatives/changes/?period=century&page=-3").status_code == 200


# --- Feeds ------------------------------------------------------------------------------------


def test_feeds_parse_with_feedparser(client, initiative, state_focal_point, un_delegate):
    actions.do_add_initiative_update(
        state_focal_point, initiative, kind="milestone", title="Hito alcanzado",
        text="Se firmó el reglamento.", date=datetime.date.today(),
    )  # fmt: skip
    make_initiative(
        un_delegate, title="Iniciativa hondureña", lead_state=Country.objects.get(code="HN")
    )
    for url, expected, absent in [
        ("/feeds/initiatives/", {"Hito alcanzado", "Iniciativa hondureña"}, set()),
        (f"/feeds/initiatives/{initiative.pk}/", {"Hito alcanzado"}, {"Iniciativa hondureña"}),
        ("/feeds/countries/mx/", {"Hito alcanzado"}, {"Iniciativa hondureña"}),
        ("/feeds/countries/hn/", {"Iniciativa hondureña"}, {"Hito alcanzado"}),
        ("/feeds/objectives/7/", {"Hito alcanzado"}, set()),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("application/atom+xml")
        feed = feedparser.parse(response.content)
        assert not feed.bozo, (url, feed.get("bozo_exception"))
        assert feed.version == "atom10"
        titles = " | ".join(e.title for e in feed.entries)
        for word in expected:
            assert word in titles, (url, titles)
        for word in absent:
            assert word not in titles, (url, titles)
        for entry in feed.entries:
            assert entry.link.startswith("http://testserver/es/initiatives/")
            assert entry.id and entry.updated_parsed
        assert feed.feed.language == "es"
    english = feedparser.parse(client.get("/feeds/initiatives/?lang=en").content)
    assert english.feed.language == "en"
    assert english.entries[0].link.startswith("http://testserver/en/initiatives/")
    assert any(e.title.startswith("New initiative:") for e in english.entries)
    assert feedparser.parse(client.get("/feeds/initiatives/?lang=xx").content).feed.language == "es"


# --- Bounded queries --------------------------------------------------------------------------


def _grow(state_focal_point, review, n):
    keys = first_principles()
    for i in range(n):
        initiative = make_initiative(state_focal_point, title=f"Iniciativa número {i}")
        actions.do_add_initiative_update(
            state_focal_point, initiative, kind="progress", title=f"Avance {i}",
            date=datetime.date.today(),
        )  # fmt: skip
        org, rep = _second_org(review, f"grow{i}-{Initiative.objects.count()}@example.org")
        assessment = actions.do_submit_assessment(
            rep, initiative, organization=org, ratings=ratings(**{keys[0]: 3, keys[1]: 4})
        )
        actions.do_reply_to_assessment(state_focal_point, assessment, text="Gracias.")
    return initiative


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize("login", [False, True])
def test_query_counts_do_not_grow_with_data(client, state_focal_point, review, login):
    if login:
        client.force_login(state_focal_point)
    first = _grow(state_focal_point, review, 2)
    urls = lambda i: [  # noqa: E731
        "/en/initiatives/",
        "/en/initiatives/?country=MX&objective=7",
        f"/en/initiatives/{i.pk}/",
        "/en/initiatives/changes/?period=month",
        "/es/countries/mx/",
        "/feeds/initiatives/",
        "/feeds/countries/mx/",
        f"/feeds/initiatives/{i.pk}/",
    ]
    small = [_count(client, url) for url in urls(first)]
    last = _grow(state_focal_point, review, 6)
    # The busiest initiative also gains more updates.
    for n in range(5):
        actions.do_add_initiative_update(
            state_focal_point, last, kind="progress", title=f"Más {n}", date=datetime.date.today()
        )
    large = [_count(client, url) for url in urls(last)]
    for url, before, after in zip(urls(last), small, large, strict=True):
        assert after <= before, (url, before, after)


def test_focal_point_role_of_another_kind_is_not_enough(client, initiative):
    moderator = f.make_user("mod@example.org")
    f.grant(moderator, Role.MODERATOR)
    f.give_mfa(moderator)
    client.force_login(moderator)
    assert client.get(f"/en/initiatives/{initiative.pk}/edit/").status_code == 403
    assert client.get("/en/initiatives/new/").status_code == 403
