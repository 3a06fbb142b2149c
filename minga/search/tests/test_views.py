import pytest

from minga.search.queries import MAX_QUERY_LENGTH

pytestmark = pytest.mark.django_db

URL = "/es/search/"


def test_empty_page_shows_the_form(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert 'role="search"' in response.text
    assert response.text.count("<h1") == 1


def test_results_with_highlights_and_filters_kept(client, make_item):
    item = make_item("Trabajo decente para migrantes", "Contratos <script>x()</script> justos")
    response = client.get(URL, {"q": "trabajo", "objective": "", "kind": ""})
    assert response.status_code == 200
    assert "<mark>Trabajo</mark> decente" in response.text
    assert f'href="/es/proposals/{item.pk}/"' in response.text
    assert "<script>x()" not in response.text
    assert 'value="trabajo"' in response.text


def test_no_match_and_blank_queries_have_clear_messages(client, make_item):
    make_item("Trabajo decente")
    assert "Nothing matches" in client.get("/en/search/", {"q": "vivienda"}).text
    assert "Type one or more words" in client.get("/en/search/", {"q": "   "}).text
    response = client.get("/en/search/", {"q": "***"})
    assert "at least one word" in response.text
    assert 'value="***"' in response.text


def test_too_long_query_is_refused_and_kept(client):
    long = "migración " * 30
    response = client.get("/en/search/", {"q": long})
    assert response.status_code == 200
    assert f"at most {MAX_QUERY_LENGTH} characters" in response.text
    assert "migración migración" in response.text


@pytest.mark.parametrize(
    "params",
    [{"q": '"'}, {"q": "NEAR(a b)"}, {"q": "a* OR -b"}, {"q": "x", "page": "999"},
     {"q": "x", "page": "-1"}, {"q": "x", "objective": "99"}, {"q": "x", "kind": "<x>"},
     {"q": "x", "country": "ZZZ"}, {"q": "\x00"}, {"q": "🙂"}],
)  # fmt: skip
def test_odd_input_never_fails(client, make_item, params):
    make_item("x marks the spot")
    assert client.get(URL, params).status_code == 200


def test_filters_narrow_the_results(client, make_item):
    make_item("Salud en Tijuana", countries=["MX"], objectives=[15])
    make_item("Salud en Manaus", countries=["BR"], objectives=[7], language="pt")
    text = client.get(URL, {"q": "salud", "country": "MX"}).text
    assert "Tijuana" in text and "Manaus" not in text
    text = client.get(URL, {"q": "salud", "objective": "7"}).text
    assert "Manaus" in text and "Tijuana" not in text


def test_pagination(client, make_item):
    for i in range(23):
        make_item(f"Empleo número {i}")
    text = client.get(URL, {"q": "empleo", "page": "2"}).text
    assert text.count('class="card"') == 3
    assert 'rel="prev"' in text


def test_similar_fragment(client, make_item):
    for i in range(7):
        make_item(f"Vivienda digna {i}", kind="proposals.proposal")
    make_item("Vivienda consulta", kind="dialogue.consultation")
    response = client.get("/es/search/similar/", {"kind": "proposals.proposal", "q": "vivien"})
    assert response.status_code == 200
    assert "<html" not in response.text
    assert response.text.count("<li>") == 5
    assert "consulta" not in response.text
    assert client.get("/es/search/similar/", {"q": ""}).text.strip() == ""
