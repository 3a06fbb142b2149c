"""Role × action matrix for every monitoring endpoint."""

import pytest
from django.urls import reverse

from minga.monitoring import actions
from minga.monitoring.models import SealedFile

PERSONAS = [
    "anonymous", "outsider", "cso_rep", "committee_member", "reviewer_no_mfa", "reviewer",
    "admin_user",
]  # fmt: skip

PUBLIC = "public"
REVIEWER = "reviewer"
ADMIN = "admin"


def endpoints(report, file_id):
    return [
        ("monitoring:aggregates", (), PUBLIC),
        ("monitoring:report", (), PUBLIC),
        ("monitoring:follow_up", (), PUBLIC),
        ("monitoring:workspace", (), REVIEWER),
        ("monitoring:key_setup", (), REVIEWER),
        ("monitoring:grant", (), REVIEWER),
        ("monitoring:case", (report.pk,), REVIEWER),
        ("monitoring:sealed", (report.pk,), REVIEWER),
        ("monitoring:sealed_file", (report.pk, file_id), REVIEWER),
        ("monitoring:key_admin", (), ADMIN),
    ]


def expected(level: str, persona: str) -> set[int]:
    if level == PUBLIC:
        return {200}
    if persona == "anonymous":
        return {302}
    allowed = persona == "reviewer" if level == REVIEWER else persona == "admin_user"
    return {200} if allowed else {403}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_get_matrix(request, client, persona, reviewer, recovery):
    from minga.monitoring import sealing

    from .conftest import jpeg_with_gps

    photo = jpeg_with_gps()
    report = actions.do_submit_report(
        None,
        answers={"what_happened": "x"},
        uploads=[sealing.Upload("p.jpg", "image/jpeg", photo)],
    ).report
    file_id = SealedFile.objects.get().pk
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    for name, args, level in endpoints(report, file_id):
        response = client.get(reverse(name, args=args))
        assert response.status_code in expected(level, persona), (name, persona)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_post_matrix(request, client, persona, reviewer, recovery):
    report = actions.do_submit_report(None, answers={"what_happened": "x"}, uploads=[]).report
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    posts = [
        ("monitoring:case", (report.pk,), {"do": "move", "status": "triage"}, REVIEWER),
        ("monitoring:key_setup", (), {"public_key": "x"}, REVIEWER),
        ("monitoring:key_admin", (), {"key": "999999"}, ADMIN),
    ]
    for name, args, data, level in posts:
        response = client.post(reverse(name, args=args), data)
        if name == "monitoring:key_admin" and persona == "admin_user":
            assert response.status_code == 404  # no such key; the admin reached the action
            continue
        if persona == "anonymous":
            assert response.status_code == 302, name
        elif persona == "reviewer_no_mfa":
            # The privileged-without-MFA middleware sends them to set up MFA first.
            assert response.status_code == 302, name
            assert "totp" in response["Location"] or "mfa" in response["Location"]
        elif (level == REVIEWER and persona == "reviewer") or (
            level == ADMIN and persona == "admin_user"
        ):
            assert response.status_code in (302, 400, 404), name
        else:
            assert response.status_code == 403, (name, persona)
    grant = client.post(
        reverse("monitoring:grant"),
        '{"key_id": 999999, "sealed": {}}',
        content_type="application/json",
    )
    if persona in ("anonymous", "reviewer_no_mfa"):
        assert grant.status_code == 302
    else:
        assert grant.status_code == (404 if persona == "reviewer" else 403)
    for name in ("monitoring:report", "monitoring:follow_up", "monitoring:confirm_receipt"):
        # Public: a form error — except for privileged people without MFA, sent to set it up.
        expected_status = 302 if persona == "reviewer_no_mfa" else 400
        assert client.post(reverse(name), {}).status_code == expected_status, name
    report.refresh_from_db()
    assert report.status == ("triage" if persona == "reviewer" else "received")
