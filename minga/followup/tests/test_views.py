import feedparser

from minga.followup import actions
from minga.followup.models import Recommendation


def test_tracker_public_with_filters(client, recommendation, state_focal_point):
    actions.do_respond_recommendation(
        state_focal_point,
        recommendation.addressees.get(country__code="MX"),
        status="accepted",
        explanation="Sí",
    )
    page = client.get("/en/recommendations/")
    assert (
        page.status_code == 200
        and "Garantizar documentos" in page.text
        and "Progress per addressee" in page.text
    )
    assert (
        client.get(
            "/en/recommendations/?addressee=MX&status=accepted&overdue=on&objective=4"
        ).status_code
        == 200
    )
    assert (
        client.get("/en/recommendations/?objective=abc&status=zzz&addressee=nowhere").status_code
        == 200
    )
    detail = client.get(f"/en/recommendations/{recommendation.pk}/")
    assert detail.status_code == 200 and "Aceptamos" not in detail.text and "Sí" in detail.text
    assert client.get("/en/recommendations/99999999999999999999/").status_code == 404
    feed = feedparser.parse(client.get("/feeds/recommendations/?lang=en").content)
    assert any("responded" in e.title for e in feed.entries)


def test_respond_progress_verify_through_pages(
    client, recommendation, state_focal_point, accredited_rep, organization, migrant
):
    mx = recommendation.addressees.get(country__code="MX")
    client.force_login(migrant)
    assert (
        client.post(
            f"/en/recommendations/addressees/{mx.pk}/respond/",
            {"status": "accepted", "explanation": "x"},
        ).status_code
        == 403
    )
    client.force_login(state_focal_point)
    assert (
        client.post(
            f"/en/recommendations/addressees/{mx.pk}/respond/",
            {"status": "accepted", "explanation": ""},
        ).status_code
        == 400
    )
    assert (
        client.post(
            f"/en/recommendations/addressees/{mx.pk}/respond/",
            {"status": "accepted", "explanation": "Aceptamos."},
        ).status_code
        == 302
    )
    assert (
        client.post(
            f"/en/recommendations/addressees/{mx.pk}/progress/",
            {
                "progress": "in_progress",
                "text": "Programa abierto.",
                "evidence_url": "https://gob.mx/p",
            },
        ).status_code
        == 302
    )
    update = mx.updates.get()
    client.force_login(accredited_rep)
    response = client.post(
        f"/en/recommendations/updates/{update.pk}/verify/",
        {
            "organization": str(organization.pk),
            "verdict": "partly",
            "evidence": "Solo en la capital.",
        },
    )
    assert response.status_code == 302
    page = client.get(f"/en/recommendations/{recommendation.pk}/")
    assert "Partly confirmed" in page.text and "Programa abierto." in page.text


def test_create_from_a_report_paragraph(client, review, committee_member, iom):
    from minga.reports import actions as report_actions

    report = report_actions.do_create_report(
        committee_member, review, title="Informe", language="es"
    )
    chapter = report_actions.do_add_chapter(committee_member, report, title="Capítulo")
    section = report_actions.do_add_section(committee_member, chapter, title="Sección")
    paragraph = report_actions.do_add_paragraph(
        committee_member, section, text="Recomendamos a México regularizar."
    )
    client.force_login(committee_member)
    form = client.get(f"/en/recommendations/new/?paragraph={paragraph.pk}")
    assert form.status_code == 200 and "Recomendamos a México regularizar." in form.text
    from minga.testing import factories as f

    response = client.post("/en/recommendations/new/", {
        "text": "Recomendamos a México regularizar.", "language": "es", "due_on": "2027-06-30",
        "countries": [str(f.country("MX").pk)], "institutions": [str(iom.pk)], "paragraph": str(paragraph.pk), "gcm_objectives": ["4"],
    })  # fmt: skip
    assert response.status_code == 302, response.content
    created = Recommendation.objects.get()
    assert (
        created.paragraph == paragraph
        and created.paragraph_number == "1.1"
        and created.addressees.count() == 2
    )
    assert (
        client.post("/en/recommendations/new/", {"text": "", "due_on": "nope"}).status_code == 400
    )


def test_bulletin_pages(client, review, un_delegate, migrant):
    client.force_login(migrant)
    assert (
        client.post("/en/recommendations/bulletins/subscribe/", {"subscribe": "1"}).status_code
        == 302
    )
    assert client.post("/en/recommendations/bulletins/draft/").status_code == 403
    client.force_login(un_delegate)
    response = client.post("/en/recommendations/bulletins/draft/")
    bulletin_url = response["Location"]
    page = client.get(bulletin_url)
    assert page.status_code == 200 and 'name="body"' in page.text
    client.force_login(migrant)
    assert client.get(bulletin_url).status_code == 404  # drafts are not public
    client.force_login(un_delegate)
    pk = bulletin_url.rstrip("/").split("/")[-1]
    assert (
        client.post(
            f"/en/recommendations/bulletins/{pk}/edit/", {"language": "en", "body": "Reviewed."}
        ).status_code
        == 302
    )
    assert client.post(f"/en/recommendations/bulletins/{pk}/send/").status_code == 302
    client.logout()
    assert "Reviewed." in client.get(bulletin_url).text
    assert bulletin_url in client.get("/en/recommendations/bulletins/").text
