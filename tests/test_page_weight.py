"""The home page's first load stays under 100 KB (ARCHITECTURE.md §6), counted uncompressed."""

import re

import pytest
from django.contrib.staticfiles import finders

BUDGET = 100 * 1024


@pytest.mark.django_db
def test_home_first_load_is_under_budget(client, review):
    response = client.get("/es/")
    html = response.content
    assets = re.findall(rb'(?:href|src)="/static/([^"]+)"', html)
    assert assets, "the page should reference its stylesheet"
    total = len(html)
    for asset in set(assets):
        path = finders.find(asset.decode())
        assert path, asset
        with open(path, "rb") as handle:
            total += len(handle.read())
    # No third-party requests: every src/href is local.
    assert not re.search(rb'(?:href|src)="(?:https?:)?//', html)
    assert total <= BUDGET, f"{total} bytes"
