import pytest
from django.contrib.contenttypes.models import ContentType

from minga.moderation import actions
from minga.moderation.models import Block, Flag, FlagReason
from minga.proposals import actions as proposal_actions
from minga.proposals.models import Proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(migrant):
    return proposal_actions.do_submit_proposal(
        migrant,
        title="Documentos para migrantes na fronteira",
        text="Precisamos de acesso a documentos e serviços de saúde.",
        language="pt",
    )


def flag_url(item, lang="en"):
    ct = ContentType.objects.get_for_model(item)
    return f"/{lang}/moderation/flag/{ct.pk}/{item.pk}/"


def item_url(item, lang="en"):
    ct = ContentType.objects.get_for_model(item)
    return f"/{lang}/moderation/item/{ct.pk}/{item.pk}/"


def test_flag_needs_login(client, proposal):
    response = client.get(flag_url(proposal))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_flag_form_and_return_to_the_item(client, outsider, proposal):
    client.force_login(outsider)
    page = client.get(flag_url(proposal), {"next": proposal.get_absolute_url()})
    assert page.status_code == 200
    assert page.text.count("<h1") == 1
    assert "Spam or advertising" in page.text
    response = client.post(
        flag_url(proposal),
        {"reason": "abuse", "comment": "insults", "next": proposal.get_absolute_url()},
    )
    assert response.status_code == 302
    assert response["Location"] == proposal.get_absolute_url()
    flag = Flag.objects.get()
    assert (flag.reporter, flag.reason, flag.comment) == (outsider, "abuse", "insults")
    again = client.get(flag_url(proposal))
    assert "already reported" in again.text


def test_flag_errors_keep_what_was_typed_and_next_is_safe(client, outsider, proposal):
    client.force_login(outsider)
    response = client.post(
        flag_url(proposal), {"reason": "", "comment": "my words", "next": "https://evil.example/"}
    )
    assert response.status_code == 200
    assert "Choose a reason." in response.text
    assert "my words" in response.text
    assert "evil.example" not in response.text
    assert not Flag.objects.exists()


def test_flag_unknown_items_are_404(client, outsider, organization):
    client.force_login(outsider)
    assert client.get(flag_url(organization)).status_code == 404  # not Moderated
    assert client.get("/en/moderation/flag/999999/1/").status_code == 404


def test_flag_include_shows_only_to_signed_in_people(client, outsider, proposal):
    path = f"/es/proposals/{proposal.pk}/"
    marker = flag_url(proposal, "es")
    assert marker not in client.get(path).text
    client.force_login(outsider)
    assert f'href="{marker}?next=' in client.get(path).text


@pytest.mark.parametrize("path", ["/en/moderation/", "/en/moderation/blocked/"])
def test_moderation_pages_are_for_moderators(client, outsider, cso_rep, moderator, path):
    assert client.get(path).status_code == 302
    for user in (outsider, cso_rep):
        client.force_login(user)
        assert client.get(path).status_code == 403
    client.force_login(moderator)
    assert client.get(path).status_code == 200


def test_queue_shows_reported_items_and_hides_from_it(
    client, moderator, reporters, proposal, django_assert_max_num_queries
):
    for reporter in reporters[:2]:
        actions.do_flag_content(reporter, proposal, reason=FlagReason.SPAM, comment="<b>ad</b>")
    client.force_login(moderator)
    response = client.get("/en/moderation/")
    assert proposal.title in response.text
    assert "2 open reports" in response.text
    assert "&lt;b&gt;ad&lt;/b&gt;" in response.text
    response = client.post(
        item_url(proposal),
        {"decision": "hide", "reason": "Advertising", "next": "/en/moderation/"},
    )
    assert response.status_code == 302 and response["Location"] == "/en/moderation/"
    assert Proposal.objects.get(pk=proposal.pk).hidden_reason == "Advertising"
    text = client.get("/en/moderation/").text
    assert "No report is waiting." in text
    assert "Advertising" in text  # recently hidden list
    client.logout()
    public = client.get(f"/en/proposals/{proposal.pk}/")
    assert "Hidden by moderation: Advertising" in public.text


def test_hide_without_reason_shows_the_error_on_the_item_page(client, moderator, proposal):
    client.force_login(moderator)
    response = client.post(item_url(proposal), {"decision": "hide", "reason": "  "})
    assert response.status_code == 200
    assert "Give the public reason" in response.text
    assert not Proposal.objects.get(pk=proposal.pk).is_hidden


def test_item_page_restores_and_shows_revisions(client, moderator, migrant, proposal):
    actions.do_record_revision(migrant, proposal, {"title": "Título anterior <i>x</i>"})
    actions.do_hide_content(moderator, proposal, reason="Spam")
    client.force_login(moderator)
    page = client.get(item_url(proposal))
    assert "Título anterior &lt;i&gt;x&lt;/i&gt;" in page.text
    assert "Hidden by moderation: Spam" in page.text
    client.post(item_url(proposal), {"decision": "restore"})
    assert not Proposal.objects.get(pk=proposal.pk).is_hidden


def test_item_page_is_for_moderators(client, outsider, proposal):
    client.force_login(outsider)
    assert client.get(item_url(proposal)).status_code == 403
    assert client.post(item_url(proposal), {"decision": "hide", "reason": "x"}).status_code == 403


def test_block_and_unblock_pages(client, moderator, migrant):
    client.force_login(moderator)
    response = client.post(
        "/en/moderation/blocked/", {"email": "nobody@example.org", "reason": "spam"}
    )
    assert "Nobody on Minga has this e-mail address." in response.text
    assert "spam" in response.text
    response = client.post(
        "/en/moderation/blocked/", {"email": migrant.email.upper(), "reason": "Insults"}
    )
    assert response.status_code == 302
    assert Block.objects.get().person == migrant
    assert "Insults" in client.get("/en/moderation/blocked/").text
    client.post("/en/moderation/blocked/unblock/", {"person": str(migrant.pk)})
    assert not Block.objects.exists()
    response = client.post("/en/moderation/blocked/unblock/", {"person": "abc"}, follow=True)
    assert "could not be found" in response.text
