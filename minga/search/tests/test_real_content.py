"""The index fed by the domain apps' own actions and events (proposals)."""

import pytest

from minga.gcm.models import Objective
from minga.proposals import actions as proposal_actions
from minga.search.actions import do_rebuild_search_index
from minga.search.models import SearchEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(migrant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return proposal_actions.do_submit_proposal(
            migrant,
            title="Proteção para trabalhadores domésticos migrantes",
            text="Contratos escritos e acesso à justiça <script>alert(1)</script> para todos.",
            language="pt",
            objectives=[Objective.objects.get(number=15)],
        )


def test_a_portuguese_proposal_is_found_by_a_stemmed_word(client, proposal):
    response = client.get("/pt/search/", {"q": "trabalhador", "objective": "15"})
    assert response.status_code == 200
    assert f'href="/pt/proposals/{proposal.pk}/"' in response.text
    assert "<mark>trabalhadores</mark>" in response.text
    assert "<script>alert" not in response.text


def test_search_page_queries_do_not_grow_with_results(
    client, migrant, proposal, django_assert_max_num_queries
):
    for i in range(15):
        proposal_actions.do_submit_proposal(
            migrant,
            title=f"Trabalhadores em trânsito {i}",
            text="Texto da proposta com detalhes suficientes para passar.",
        )
    do_rebuild_search_index(None)
    assert SearchEntry.objects.count() == 16
    client.get("/pt/search/", {"q": "trabalhadores"})  # warm the content-type cache
    with django_assert_max_num_queries(8):
        response = client.get("/pt/search/", {"q": "trabalhadores"})
    assert response.text.count('class="card"') == 16
