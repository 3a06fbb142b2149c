"""Organizations appear on objective and country pages through their GCM links."""

import pytest

from minga.gcm.actions import do_set_gcm_links
from minga.gcm.models import Objective
from minga.gcm.queries import ITEMS_PER_KIND
from minga.stakeholders.models import Organization
from minga.testing import factories as f

pytestmark = pytest.mark.django_db


def test_organization_on_country_and_objective_pages(client, organization, admin_user):
    do_set_gcm_links(
        admin_user,
        organization,
        countries=[f.country("PE")],
        objectives=list(Objective.objects.filter(number=13)),
    )
    for url in ("/en/countries/pe/", "/en/objectives/13/"):
        html = client.get(url).content.decode()
        assert f'<a href="/en/organizations/{organization.slug}/">Red Migrante Andina</a>' in html
        assert 'class="badge"' in html  # rendered by stakeholders/organization_linked.html


def test_see_all_links_to_the_filtered_directory(client, admin_user):
    for n in range(ITEMS_PER_KIND + 1):
        org = f.make_organization(f"Linked {n:02d}")
        do_set_gcm_links(admin_user, org, countries=[f.country("BO")])
    html = client.get("/en/countries/bo/").content.decode()
    assert 'href="/en/organizations/?country=BO"' in html
    response = client.get("/en/organizations/?country=BO")
    assert response.context["page_obj"].paginator.count == ITEMS_PER_KIND + 1


def test_linked_list_url():
    assert Organization.linked_list_url(objective=Objective.objects.get(number=4)) == (
        "/en/organizations/?objective=4"
    )
    assert Organization.linked_list_url(principle=object()) is None
