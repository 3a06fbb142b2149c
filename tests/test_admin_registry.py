"""Every Minga model is in the Django admin, and each admin list page answers in every language."""

import pytest
from django.apps import apps
from django.contrib import admin

from minga.testing import factories as f

MINGA_APPS = [
    "reports",
    "followup",
    "core",
    "gcm",
    "reviews",
    "accounts",
    "stakeholders",
    "dialogue",
    "moderation",
    "proposals",
    "search",
    "notifications",
    "practices",
    "initiatives",
    "hearings",
    "committee",
    "opendata",
    "monitoring",
]


def minga_models():
    return [m for label in MINGA_APPS for m in apps.get_app_config(label).get_models()]


def test_every_model_is_registered_in_the_admin():
    missing = [m._meta.label for m in minga_models() if not admin.site.is_registered(m)]
    assert missing == []


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["es", "en", "pt", "fr"])
def test_admin_changelists_render_with_search(client, admin_user, language):
    f.make_review()
    client.force_login(admin_user)
    client.cookies["django_language"] = language
    for model in minga_models():
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        response = client.get(url, {"q": "a"})
        assert response.status_code == 200, (url, response.status_code)
        assert f'lang="{language}"' in response.text
