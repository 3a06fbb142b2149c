import pytest
from django.utils import translation

from minga.gcm.actions import do_set_champion_status, do_set_gcm_links
from minga.gcm.models import Country, Objective
from minga.testing import factories as f

LANGS = ["es", "en", "pt", "fr"]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.django_db
def test_reference_pages_render_in_every_language(client, lang):
    for url in [
        f"/{lang}/objectives/",
        f"/{lang}/objectives/13/",
        f"/{lang}/countries/",
        f"/{lang}/countries/mx/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'<html lang="{lang}">' in response.text


@pytest.mark.django_db
def test_objective_page_shows_title_and_linked_items(client, admin_user):
    org = f.make_organization("Sin Fronteras", iso2="MX")
    do_set_gcm_links(admin_user, org, objectives=[Objective.objects.get(number=13)])
    response = client.get("/en/objectives/13/")
    assert "Use immigration detention only as a measure of last resort" in response.text
    assert "Sin Fronteras" in response.text
    assert client.get("/en/objectives/12/").text.count("Sin Fronteras") == 0


@pytest.mark.django_db
def test_objective_page_spanish_title(client):
    with translation.override("es"):
        expected = Objective.objects.get(number=13).title_display
    response = client.get("/es/objectives/13/")
    assert expected in response.text
    assert expected.startswith("Utilizar la detención de migrantes")  # the official UN Spanish text


@pytest.mark.django_db
def test_country_page_names_are_translated_and_show_champion(client):
    response = client.get("/es/countries/mx/")
    assert "México" in response.text
    assert "Champion" in response.text or "Campeón" in response.text
    assert "Brasil" in client.get("/pt/countries/br/").text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/es/objectives/0/",
        "/es/objectives/24/",
        "/es/countries/zz/",
        "/es/countries/mex/",
        "/es/countries/1/",
    ],
)
def test_unknown_reference_items_are_404(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_champion_status_needs_admin_with_mfa(admin_user, outsider):
    from django.core.exceptions import PermissionDenied

    sv = Country.objects.get(code="BR")
    with pytest.raises(PermissionDenied):
        do_set_champion_status(outsider, sv, is_champion=True)
    do_set_champion_status(admin_user, sv, is_champion=True)
    sv.refresh_from_db()
    assert sv.is_champion


@pytest.mark.django_db
def test_objective_list_links_every_objective(client):
    response = client.get("/es/objectives/")
    for number in range(1, 24):
        assert f'href="/es/objectives/{number}/"' in response.text
