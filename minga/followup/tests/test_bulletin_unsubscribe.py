"""The bulletin e-mail's signed one-click unsubscribe link."""

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from minga.core.models import AuditEntry
from minga.followup import actions
from minga.followup.models import BulletinSubscription


@pytest.fixture
def sent(review, un_delegate, migrant, outsider, recommendation):
    actions.do_subscribe_bulletin(migrant, subscribe=True)
    outsider.preferred_language = "fr"
    outsider.save()
    actions.do_subscribe_bulletin(outsider, subscribe=True)
    bulletin = actions.do_draft_bulletin(un_delegate, review)
    actions.do_edit_bulletin(un_delegate, bulletin, language="fr", body="Bulletin relu.")
    mail.outbox.clear()
    actions.do_send_bulletin(un_delegate, bulletin)
    return {m.to[0]: m for m in mail.outbox}


def link_in(message):
    found = re.search(r"https?://\S+/bulletins/unsubscribe/[^/\s]+/", message.body)
    assert found, message.body
    return found.group(0)


def test_each_email_carries_its_own_signed_link_and_headers(sent, migrant, outsider):
    french, spanish = sent[outsider.email], sent[migrant.email]
    assert link_in(french) != link_in(spanish)
    assert "/fr/recommendations/bulletins/unsubscribe/" in link_in(french)
    assert french.extra_headers["List-Unsubscribe"] == f"<{link_in(french)}>"
    assert french.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = french.alternatives[0][0]
    assert link_in(french) in html


def test_the_link_shows_a_button_and_post_unsubscribes(client, sent, migrant, outsider):
    path = "/" + link_in(sent[migrant.email]).split("/", 3)[3]
    page = client.get(path)  # a link scanner's GET changes nothing
    assert page.status_code == 200 and b'method="post"' in page.content
    assert BulletinSubscription.objects.filter(user=migrant).exists()
    done = client.post(path)
    assert done.status_code == 200
    assert not BulletinSubscription.objects.filter(user=migrant).exists()
    assert BulletinSubscription.objects.filter(user=outsider).exists()
    assert AuditEntry.objects.filter(action="followup.bulletin_unsubscribe").exists()


def test_mail_clients_one_click_post(client, sent, outsider):
    path = "/" + link_in(sent[outsider.email]).split("/", 3)[3]
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not BulletinSubscription.objects.filter(user=outsider).exists()


def test_forged_or_foreign_tokens_are_refused(client, migrant):
    from minga.notifications.actions import unsubscribe_token

    actions.do_subscribe_bulletin(migrant, subscribe=True)
    for token in (
        "nope",
        unsubscribe_token(migrant),
        actions.bulletin_unsubscribe_token(migrant)[:-2],
    ):
        response = client.post(f"/en/recommendations/bulletins/unsubscribe/{token}/")
        assert response.status_code == 400
        with pytest.raises(ValidationError):
            actions.do_unsubscribe_bulletin(token)
    assert BulletinSubscription.objects.filter(user=migrant).exists()
