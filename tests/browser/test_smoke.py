import pytest

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_language_switcher_changes_and_remembers_language(page):
    page.goto("/en/objectives/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_label("Language").select_option("fr")
    page.get_by_role("button", name="Change").click()
    page.wait_for_url("**/fr/objectives/")
    assert page.locator("html").get_attribute("lang") == "fr"
    # The choice is remembered: the bare root now redirects to French.
    page.goto("/")
    page.wait_for_url("**/fr/")


def test_skip_link_is_first_and_focuses_main(page):
    page.goto("/en/objectives/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "Skip to main content" in focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize("path", ["/es/", "/es/objectives/13/", "/en/countries/mx/"])
def test_reference_pages_have_no_serious_axe_violations(page, path):
    page.goto(path)
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"], len(v["nodes"])) for v in violations]
