import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from PIL import Image

from minga.gcm.models import Country, Objective
from minga.proposals import actions
from minga.proposals.models import Attachment, AuthorDisplay, Comment, Proposal
from minga.testing import factories as f

from .conftest import TEXT, make_proposal


def _png_with_exif() -> bytes:
    image = Image.new("RGB", (20, 20), "red")
    exif = Image.Exif()
    exif[0x010F] = "SecretCameraMaker"  # Make
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_js_off_portuguese_submission_by_migrant(client, migrant):
    """The migrant persona submits a proposal in Portuguese on objective 15 with a plain form
    post (no JavaScript): the page then shows it with its submitted step."""
    client.force_login(migrant)
    page = client.get("/pt/proposals/new/")
    assert page.status_code == 200
    assert 'name="title"' in page.text
    objective = Objective.objects.get(number=15)
    response = client.post(
        "/pt/proposals/new/",
        {
            "title": "Acesso a serviços básicos para migrantes",
            "text": TEXT,
            "language": "pt",
            "gcm_objectives": [objective.pk],
            "gcm_countries": [Country.objects.get(code="BR").pk],
            "corridor_roles": ["destination"],
            "author_display": "person",
        },
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/pt/proposals/{proposal.pk}/"
    assert proposal.language == "pt" and proposal.author == migrant
    detail = client.get(response["Location"])
    assert "Acesso a serviços básicos para migrantes" in detail.text
    assert 'href="/pt/objectives/15/"' in detail.text


def test_bad_input_keeps_everything_typed(client, migrant):
    client.force_login(migrant)
    response = client.post(
        "/es/proposals/new/",
        {
            "title": "x" * 250,
            "text": "Texto <script>alert(1)</script> que quiero conservar",
            "language": "es",
            "author_display": "person",
        },
    )
    assert response.status_code == 200
    assert 'class="error-summary"' in response.text
    assert "x" * 250 in response.text  # title kept
    assert "Texto &lt;script&gt;alert(1)&lt;/script&gt; que quiero conservar" in response.text
    assert not Proposal.objects.exists()


def test_script_in_text_is_sanitised_on_render(client, migrant):
    proposal = make_proposal(
        migrant, text=TEXT + "\n\n<script>alert('x')</script><img src=x onerror=alert(1)> **bold**"
    )
    page = client.get(proposal.get_absolute_url())
    assert page.status_code == 200
    assert "<script>alert" not in page.text and "onerror" not in page.text
    assert "<strong>bold</strong>" in page.text


def test_disguised_attachment_refused_and_exif_stripped(client, migrant):
    client.force_login(migrant)
    base = {
        "title": "Proposta com anexo verificado",
        "text": TEXT,
        "language": "pt",
        "author_display": "person",
    }
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    response = client.post("/pt/proposals/new/", {**base, "attachments": [fake]})
    assert response.status_code == 200
    assert "photo.jpg" in response.text and not Proposal.objects.exists()
    assert "Proposta com anexo verificado" in response.text
    photo = SimpleUploadedFile("photo.jpg", _png_with_exif(), content_type="image/jpeg")
    pdf = SimpleUploadedFile("doc.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n")
    response = client.post("/pt/proposals/new/", {**base, "attachments": [photo, pdf]})
    assert response.status_code == 302
    stored = {a.kind: a for a in Attachment.objects.all()}
    assert set(stored) == {"image", "pdf"}
    data = stored["image"].file.read()
    assert b"SecretCameraMaker" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif()
    download = client.get(stored["pdf"].get_absolute_url())
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"


def test_anonymous_author_never_shown(client, migrant, outsider):
    proposal = make_proposal(
        migrant, title="Proposta anónima sobre deportações", author_display=AuthorDisplay.ANONYMOUS
    )
    for url in ("/es/proposals/", proposal.get_absolute_url(), "/es/objectives/15/"):
        page = client.get(url)
        assert page.status_code == 200
        assert "Ana (pseudonym)" not in page.text and migrant.email not in page.text
    assert "Anonymous" in client.get(f"/en/proposals/{proposal.pk}/").text
    client.force_login(outsider)
    assert "Ana (pseudonym)" not in client.get(proposal.get_absolute_url()).text


def test_person_author_shown(client, migrant):
    proposal = make_proposal(migrant)
    assert "Ana (pseudonym)" in client.get(proposal.get_absolute_url()).text


def test_hidden_proposal_only_for_author_and_moderators(client, migrant, outsider, moderator):
    proposal = make_proposal(migrant, title="Proposta escondida pelos moderadores")
    Proposal.objects.filter(pk=proposal.pk).update(is_hidden=True, hidden_reason="Spam")
    listing = client.get("/es/proposals/")
    assert "Proposta escondida" not in listing.text
    public = client.get(proposal.get_absolute_url())
    assert public.status_code == 200 and "Proposta escondida" not in public.text
    assert "Spam" in public.text
    for person in (migrant, moderator):
        client.force_login(person)
        assert "Proposta escondida" in client.get(proposal.get_absolute_url()).text
    client.force_login(outsider)
    assert "Proposta escondida" not in client.get(proposal.get_absolute_url()).text


# Permission matrix: every write endpoint × personas. Expected: status for a POST.
WRITE_CASES = [
    # (endpoint, persona, expected status)
    ("new", None, 302),  # to login
    ("edit", None, 302),
    ("edit", "outsider", 403),
    ("edit", "migrant", 200),  # author (invalid empty post re-renders)
    ("edit", "moderator", 200),
    ("endorse", None, 302),
    ("endorse", "outsider", 302),  # done, back to the page
    ("comment", None, 302),
    ("comment", "outsider", 302),
    ("answer", None, 302),
    ("answer", "outsider", 403),
    ("answer", "migrant", 403),
    ("answer", "cso_rep", 403),
    ("answer", "state_focal_point", 403),
    ("answer", "un_delegate", 302),
    ("answer", "committee_member", 302),
    ("merge", None, 302),
    ("merge", "outsider", 403),
    ("merge", "migrant", 403),
    ("merge", "moderator", 302),
]


@pytest.mark.parametrize(("endpoint", "persona", "expected"), WRITE_CASES)
def test_permission_matrix(request, client, migrant, endpoint, persona, expected):
    proposal = make_proposal(migrant)
    target = make_proposal(f.make_user(), title="Outra proposta para a fusão")
    data = {
        "new": {},
        "edit": {},
        "endorse": {},
        "comment": {"text": "Um comentário."},
        "answer": {"status": "retained", "explanation": "Sim."},
        "merge": {"into": target.pk},
    }[endpoint]
    url = "/es/proposals/new/" if endpoint == "new" else f"/es/proposals/{proposal.pk}/{endpoint}/"
    if persona:
        client.force_login(request.getfixturevalue(persona))
    response = client.post(url, data)
    assert response.status_code == expected, response.content[:300]
    if persona is None:
        assert "/accounts/login/" in response["Location"] or "login" in response["Location"]


def test_endorse_twice_through_pages_says_so(client, migrant, outsider):
    proposal = make_proposal(migrant)
    client.force_login(outsider)
    client.post(f"/en/proposals/{proposal.pk}/endorse/")
    page = client.post(f"/en/proposals/{proposal.pk}/endorse/", follow=True)
    assert "You already endorse this proposal." in page.text
    proposal.refresh_from_db()
    assert proposal.endorsement_count == 1


def test_endorse_for_organization_not_represented_is_forbidden(
    client, migrant, outsider, organization
):
    proposal = make_proposal(migrant)
    client.force_login(outsider)
    response = client.post(
        f"/es/proposals/{proposal.pk}/endorse/", {"organization": organization.pk}
    )
    assert response.status_code == 403


def test_empty_comment_kept_error(client, migrant, outsider):
    proposal = make_proposal(migrant)
    client.force_login(outsider)
    response = client.post(f"/en/proposals/{proposal.pk}/comment/", {"text": ""})
    assert response.status_code == 400
    assert "Write your comment before sending it." in response.text


def test_answer_without_explanation_keeps_status(client, migrant, un_delegate):
    proposal = make_proposal(migrant)
    client.force_login(un_delegate)
    response = client.post(f"/en/proposals/{proposal.pk}/answer/", {"status": "retained"})
    assert response.status_code == 400
    assert 'value="retained" required id="id_status_1" checked' in response.text
    proposal.refresh_from_db()
    assert proposal.answer_status == ""


def test_timeline_shows_submitted_and_answered(client, migrant, un_delegate):
    proposal = make_proposal(migrant)
    actions.do_answer_proposal(
        un_delegate, proposal, status="retained", explanation="Será citada no relatório."
    )
    page = client.get(proposal.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    journey = text[text.index('id="journey-title"') :]
    assert journey.index("Submitted") < journey.index("Answered: Retained for the report")


def test_bad_ids_and_filters_never_500(client, db):
    assert client.get("/es/proposals/999999999/").status_code == 404
    assert client.get("/es/proposals/?objective=abc&country=!!&sort=x&page=zz").status_code == 200


def test_list_filters(client, migrant, cso_rep, organization):
    make_proposal(migrant, title="Proposta de origem", corridor_roles=["origin"])
    make_proposal(
        cso_rep,
        title="Propuesta de la organización",
        language="es",
        author_display="organization",
        organization=organization,
        objectives=[Objective.objects.get(number=7)],
    )
    page = client.get("/es/proposals/?corridor_role=origin").text
    assert "Proposta de origem" in page and "Propuesta de la organización" not in page
    page = client.get("/es/proposals/?stakeholder_type=cso&language=es&objective=7").text
    assert "Propuesta de la organización" in page and "Proposta de origem" not in page
    page = client.get("/es/proposals/?status=awaiting").text
    assert "Proposta de origem" in page


def test_list_and_detail_query_counts_do_not_grow(client, migrant, outsider, cso_rep, organization):
    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    proposal = make_proposal(migrant, objectives=[Objective.objects.get(number=15)])
    actions.do_comment_proposal(outsider, proposal, text="Primeiro")
    client.force_login(cso_rep)
    client.get(proposal.get_absolute_url())  # warm per-process caches (content types)
    small_list, small_detail = count("/es/proposals/"), count(proposal.get_absolute_url())
    for i in range(12):
        p = make_proposal(f.make_user(), title=f"Proposta número {i} para contar")
        actions.do_endorse_proposal(outsider, p)
    people = [f.make_user() for _ in range(10)]
    for person in people:
        actions.do_endorse_proposal(person, proposal)
        c = actions.do_comment_proposal(person, proposal, text="Apoio")
        actions.do_comment_proposal(outsider, proposal, text="Resposta", parent=c)
    assert count("/es/proposals/") == small_list
    assert count(proposal.get_absolute_url()) == small_detail
    assert Comment.objects.filter(proposal=proposal).count() == 21


def test_proposals_appear_on_objective_page(client, migrant):
    make_proposal(
        migrant, title="Proposta ligada ao objetivo", objectives=[Objective.objects.get(number=15)]
    )
    hidden = make_proposal(
        migrant, title="Proposta oculta ligada", objectives=[Objective.objects.get(number=15)]
    )
    Proposal.objects.filter(pk=hidden.pk).update(is_hidden=True)
    page = client.get("/es/objectives/15/").text
    assert "Proposta ligada ao objetivo" in page and "Proposta oculta ligada" not in page
    objective = Objective.objects.get(number=15)
    with translation.override("es"):
        assert Proposal.linked_list_url(objective=objective) == "/es/proposals/?objective=15"
