"""Monitoring mechanism in a real browser: a reviewer generates a key (WebCrypto), an admin
approves it, a report is submitted without JavaScript, the reviewer decrypts it in the browser
and records the coded data."""

from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client

from minga.accounts.models import Role
from minga.monitoring import crypto, keyfile
from minga.monitoring.models import CodedRecord, KeyStatus, Report, ReviewerKey
from minga.testing import factories as f

from .conftest import axe_violations

PASSPHRASE = "correct horse battery staple"


def logged_in(browser: Any, live_server: Any, user: Any, **options: Any) -> Any:
    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=live_server.url, locale="en-GB", **options)
    context.set_default_timeout(20_000)
    context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context


@pytest.mark.django_db(transaction=True)
def test_reviewer_key_report_and_browser_decryption(browser, live_server, settings):
    settings.MINGA_MONITORING_RECOVERY_PUBLIC_KEY = crypto.generate_key_pair()[1]
    reviewer = f.make_user("reviewer@example.org", display_name="Reviewer")
    f.grant(reviewer, Role.MONITORING_REVIEWER)
    f.give_mfa(reviewer)
    admin = f.make_user("admin@example.org", is_staff=True, is_superuser=True)
    f.give_mfa(admin)

    # 1. The reviewer generates a key pair in the browser and sends only the public key.
    reviewer_context = logged_in(browser, live_server, reviewer)
    page = reviewer_context.new_page()
    page.goto("/en/monitoring/review/key/")
    page.fill("#passphrase", PASSPHRASE)
    page.fill("#passphrase2", PASSPHRASE)
    page.click("#generate-key")
    page.locator("#backup-link").wait_for(state="visible")
    assert len(page.input_value("#id_public_key")) == 44
    stored = page.evaluate("window.localStorage.getItem('minga-monitoring-key')")
    assert "wrapped" in stored and PASSPHRASE not in stored
    assert axe_violations(page) == []
    page.click("text=Send the public key for approval")
    page.wait_for_url("**/monitoring/review/key/")
    key = ReviewerKey.objects.get(user=reviewer)
    assert key.status == KeyStatus.PENDING

    # 2. An admin approves it.
    admin_context = logged_in(browser, live_server, admin)
    admin_page = admin_context.new_page()
    admin_page.goto("/en/monitoring/review/keys/")
    assert key.fingerprint in admin_page.content()
    admin_page.click("button[value=approve]")
    admin_page.wait_for_url("**/monitoring/review/keys/")
    key.refresh_from_db()
    assert key.status == KeyStatus.APPROVED

    checker = browser.new_context(base_url=live_server.url).new_page()
    for path in ("/en/monitoring/report/", "/en/monitoring/follow-up/", "/en/monitoring/"):
        checker.goto(path)
        assert axe_violations(checker) == [], path
    checker.context.close()

    # 3. Someone reports, without JavaScript and without an account.
    anonymous = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    form = anonymous.new_page()
    form.goto("/en/monitoring/report/")
    form.fill("#id_what_happened", "Border agents took our papers at the bridge.")
    form.select_option("#id_country", "GT")
    form.check("input[name=incident_types][value=documents_confiscated]")
    form.select_option("#id_perpetrator", "border_police")
    form.click("text=Send the report (sealed)")
    assert "receipt" in form.content().lower()
    assert anonymous.cookies() == []
    report = Report.objects.get()

    # 4. The reviewer decrypts it in the browser and records the coded data.
    page.goto("/en/monitoring/review/")
    page.click(f"text={report.reference}")
    page.fill("#unlock-passphrase", PASSPHRASE)
    page.click("#open-report")
    page.wait_for_selector("#case-content dd")
    content = page.locator("#case-content").inner_text()
    assert "Border agents took our papers at the bridge." in content
    assert "Confiscation of documents" in content
    assert axe_violations(page) == []
    page.check("input[name=incident_types][value=documents_confiscated]")
    page.fill("#id_month", "2026-03")
    page.select_option("#id_country", label="Guatemala")
    page.fill("#id_region", "Izabal")
    page.select_option("#id_perpetrator", "border_police")
    page.click("text=Save the coded record")
    page.wait_for_load_state()
    record = CodedRecord.objects.get(report=report)
    assert record.country.code == "GT" and record.region == "Izabal"
    assert record.incident_types == ["documents_confiscated"]

    # 5. A reviewer approved later gets the report through the first reviewer's browser, and
    #    opens it with a key restored from a backup file (the demo's format).
    private2, public2 = crypto.generate_key_pair()
    second = f.make_user("second@example.org", display_name="Second")
    f.grant(second, Role.MONITORING_REVIEWER)
    f.give_mfa(second)
    ReviewerKey.objects.create(
        user=second, public_key=public2, fingerprint=crypto.fingerprint(public2),
        status=KeyStatus.APPROVED,
    )  # fmt: skip
    page.goto("/en/monitoring/review/grant/")
    page.fill("#unlock-passphrase", PASSPHRASE)
    page.click("#grant-run")
    page.wait_for_selector("#grant-status:has-text('Keys sealed: 1')")
    second_context = logged_in(browser, live_server, second)
    second_page = second_context.new_page()
    second_page.goto("/en/monitoring/review/key/")
    second_page.evaluate(
        "([name, value]) => window.localStorage.setItem(name, value)",
        ["minga-monitoring-key", keyfile.backup(private2, "second passphrase!")],
    )
    second_page.goto(f"/en/monitoring/review/{report.pk}/")
    second_page.fill("#unlock-passphrase", "second passphrase!")
    second_page.click("#open-report")
    second_page.wait_for_selector("#case-content dd")
    assert "took our papers" in second_page.locator("#case-content").inner_text()
    for context in (reviewer_context, admin_context, anonymous, second_context):
        context.close()
