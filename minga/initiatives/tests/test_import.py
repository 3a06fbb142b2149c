"""CSV import of initiatives: header and row validation, all-or-nothing, valid-only, odd files."""

import codecs

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from minga.accounts.models import Role
from minga.core.models import AuditEntry
from minga.initiatives import import_csv
from minga.initiatives.models import Initiative
from minga.testing import factories as f

from .conftest import make_initiative

pytestmark = pytest.mark.django_db

URL = "/en/initiatives/import/"
HEADER = ",".join(import_csv.COLUMNS)
SUMMARY = "Programa nacional que documenta a las personas retornadas con dignidad."


def row(
    title="Protocolo de recepción de retornados",
    summary=SUMMARY,
    kind="programme",
    states="HN",
    objectives="21;15",
    principles="human_rights;child_sensitive",
    start_date="2023-05-01",
    end_date="",
    status="ongoing",
    institution="Secretaría de Relaciones Exteriores",
    involvement="none",
    language="es",
):
    cells = [title, summary, kind, states, objectives, principles, start_date, end_date, status]
    cells += [institution, involvement, language]
    return ",".join(f'"{c}"' if ("," in c or ";" in c) else c for c in cells)


def csv_text(*rows, header=HEADER):
    return "\n".join([header, *rows]) + "\n"


GOOD = csv_text(
    row(),
    row(title="Ventanilla única para retornados", states="HN;GT", objectives="21"),
    row(title="Visas humanitarias", states="MX", end_date="2025-12-31", principles=""),
)
BAD = csv_text(
    row(),  # row 2: valid
    row(title="Mal país", states="XX"),  # row 3
    row(title="Objetivo inexistente", objectives="24"),  # row 4
    row(title="Fechas al revés", start_date="2024-05-01", end_date="2024-01-01"),  # row 5
    row(title="Fecha rara", start_date="01/05/2024"),  # row 6
    row(title="Tipo desconocido", kind="pledge", status="paused"),  # row 7
    row(title=""),  # row 8
    row(title="Protocolo de recepción de retornados"),  # row 9: duplicate of row 2
    row(title="Principio raro", principles="kindness"),  # row 10
    row(title="T" * 201),  # row 11
)


def upload(client, text, name="initiatives.csv", *, raw=None):
    data = raw if raw is not None else text.encode("utf-8")
    return client.post(URL, {"step": "check", "file": SimpleUploadedFile(name, data, "text/csv")})


def confirm(client, *, valid_only=False):
    data = {"step": "import"}
    if valid_only:
        data["valid_only"] = "on"
    return client.post(URL, data)


# Validation ----------------------------------------------------------------------------------


def test_a_good_file_validates_every_row():
    report = import_csv.validate(GOOD)
    assert report.is_valid and report.total == 3 and sorted(report.valid) == [2, 3, 4]
    second = report.valid[3]
    assert second["lead_state"].iso2 == "HN"
    assert [c.iso2 for c in second["partner_states"]] == ["GT"]


def test_a_bad_file_lists_each_error_by_row_and_column():
    report = import_csv.validate(BAD)
    found = {(e.row, e.column) for e in report.errors}
    assert {
        (3, "states"),
        (4, "objectives"),
        (5, "end_date"),
        (6, "start_date"),
        (7, "kind"),
        (7, "status"),
        (8, "title"),
        (9, "title"),
        (10, "principles"),
        (11, "title"),
    } <= found
    assert 2 not in {e.row for e in report.errors}
    messages = {(e.row, e.column): e.message for e in report.errors}
    assert messages[(3, "states")] == "Unknown country code “XX”."
    assert messages[(5, "end_date")] == "The end date cannot be before the start date."
    assert messages[(9, "title")] == "Same title and lead State as row 2."
    assert messages[(11, "title")] == "Shorten this to 200 characters at most."
    assert list(report.valid) == [2]


def test_an_existing_initiative_with_the_same_title_and_lead_state_is_a_duplicate(
    state_focal_point,
):
    make_initiative(state_focal_point, title="Visas humanitarias")
    report = import_csv.validate(GOOD)
    (error,) = report.errors
    assert (error.row, error.column) == (4, "title")
    assert "already exists" in error.message
    # Same title, another lead State: not a duplicate.
    assert import_csv.validate(csv_text(row(title="Visas humanitarias", states="GT"))).is_valid


def test_involvement_needs_evidence_in_its_optional_column():
    report = import_csv.validate(csv_text(row(involvement="consulted")))
    assert [(e.row, e.column) for e in report.errors] == [(2, "civil_society_involvement")]
    header = HEADER + ",civil_society_evidence"
    ok = csv_text(row(involvement="consulted") + ",Tres mesas con redes", header=header)
    assert import_csv.validate(ok).is_valid


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (HEADER.replace(",language", ""), "missing columns: language"),
        (HEADER + ",budget", "unknown columns: budget"),
        (HEADER + ",title", "repeated columns: title"),
    ],
)
def test_a_wrong_header_is_one_clear_error(header, expected):
    with pytest.raises(import_csv.ImportFileError) as caught:
        import_csv.validate(csv_text(row(), header=header))
    assert expected in caught.value.messages[0]


def test_semicolon_delimited_files_are_detected():
    text = GOOD.replace(",", "\t")  # any separator a spreadsheet writes
    assert import_csv.detect_delimiter(text) == "\t"
    semicolons = csv_text(
        ";".join(
            ['"Protocolo de recepción"', SUMMARY, "programme", '"HN;GT"', "21", "", "2023-05-01"]
        )
        + ";;ongoing;Cancillería;none;es",
        header=HEADER.replace(",", ";"),
    )
    report = import_csv.validate(semicolons)
    assert report.delimiter == ";" and report.is_valid, report.errors


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"PK\x03\x04\x14\x00\x06\x00binary xlsx", "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        ("título,résumé\n".encode("latin-1"), "encoding"),
        (b"x" * (import_csv.MAX_BYTES + 1), "too_large"),
    ],
)
def test_odd_files_are_refused_with_a_reason(data, code):
    with pytest.raises(import_csv.ImportFileError) as caught:
        import_csv.read_file(data)
    assert caught.value.code == code


def test_a_byte_order_mark_is_accepted():
    text = import_csv.read_file(codecs.BOM_UTF8 + GOOD.encode("utf-8"))
    assert import_csv.validate(text).is_valid


def test_header_only_and_too_many_rows(monkeypatch):
    with pytest.raises(import_csv.ImportFileError) as caught:
        import_csv.validate(HEADER + "\n")
    assert caught.value.code == "no_rows"
    monkeypatch.setattr(import_csv, "MAX_ROWS", 2)
    with pytest.raises(import_csv.ImportFileError) as caught:
        import_csv.validate(GOOD)
    assert caught.value.code == "too_many_rows"


# Importing -----------------------------------------------------------------------------------


def test_a_good_file_imports_every_row_through_the_create_action(un_delegate, captured):
    created = import_csv.do_import_initiatives(un_delegate, GOOD)
    assert len(created) == 3 == Initiative.objects.count()
    joint = Initiative.objects.get(title="Ventanilla única para retornados")
    assert {c.iso2 for c in joint.states.all()} == {"HN", "GT"}
    assert joint.versions.count() == 1
    assert [e.name for e in captured].count("initiative.created") == 3
    assert AuditEntry.objects.filter(action="initiatives.import").get().data["created"] == 3


def test_a_bad_file_imports_nothing_unless_valid_only_is_chosen(un_delegate):
    with pytest.raises(ValidationError):
        import_csv.do_import_initiatives(un_delegate, BAD)
    assert Initiative.objects.count() == 0
    created = import_csv.do_import_initiatives(un_delegate, BAD, valid_only=True)
    assert [i.title for i in created] == ["Protocolo de recepción de retornados"]
    assert AuditEntry.objects.get(action="initiatives.import").data["skipped_rows"] == list(
        range(3, 12)
    )


def test_only_admins_and_un_delegates_import(state_focal_point, cso_rep, outsider):
    for person in (state_focal_point, cso_rep, outsider):
        with pytest.raises(PermissionDenied):
            import_csv.do_import_initiatives(person, GOOD)
    assert Initiative.objects.count() == 0


# Pages ---------------------------------------------------------------------------------------


def test_permission_matrix(client, outsider, cso_rep, state_focal_point, un_delegate, admin_user):
    staff_no_mfa = f.make_user("admin-nomfa@example.org", is_staff=True, is_superuser=True)
    delegate_no_mfa = f.make_user("un-nomfa@example.org")
    f.grant(delegate_no_mfa, Role.UN_DELEGATE)
    assert client.get(URL).status_code == 302  # anonymous: to the login page
    for person, status in (
        (outsider, 403),
        (cso_rep, 403),
        (state_focal_point, 403),
        (delegate_no_mfa, 403),  # privileged roles count only with two-factor authentication
        (staff_no_mfa, 403),
        (un_delegate, 200),
        (admin_user, 200),
    ):
        client.force_login(person)
        response = client.get(URL)
        if status == 403 and response.status_code == 302:  # sent to set up 2FA first
            assert "/2fa/" in response["Location"]
            continue
        assert response.status_code == status, person
        if status == 200:
            assert "civil_society_involvement" in response.text
        if status != 200:
            assert upload(client, GOOD).status_code in (302, 403)
    assert Initiative.objects.count() == 0


def test_upload_check_then_import(client, admin_user, django_capture_on_commit_callbacks):
    client.force_login(admin_user)
    page = upload(client, GOOD)
    assert page.status_code == 200
    assert "All 3 rows are valid." in page.text
    assert Initiative.objects.count() == 0  # checking imports nothing
    # The checked file stays in the session: the report is there after a reload.
    assert "All 3 rows are valid." in client.get(URL).text
    with django_capture_on_commit_callbacks(execute=True):
        done = confirm(client)
    assert done.status_code == 302 and done["Location"].endswith("/initiatives/changes/")
    assert Initiative.objects.count() == 3
    assert Initiative.objects.filter(created_by=admin_user).count() == 3
    # Once imported, the file is gone: confirming again imports nothing more.
    again = confirm(client)
    assert again.status_code == 400 and "Send it again" in again.text
    assert Initiative.objects.count() == 3


def test_a_bad_upload_shows_the_report_and_needs_the_explicit_choice(client, un_delegate):
    client.force_login(un_delegate)
    page = upload(client, BAD)
    assert page.status_code == 200
    assert "Unknown country code “XX”." in page.text
    assert "<td>11</td>" in page.text
    assert "Import the valid rows only" in page.text
    refused = confirm(client)  # without ticking the choice
    assert refused.status_code == 400
    assert "nothing was imported" in refused.text
    assert Initiative.objects.count() == 0
    assert confirm(client, valid_only=True).status_code == 302
    assert list(Initiative.objects.values_list("title", flat=True)) == [
        "Protocolo de recepción de retornados"
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x00\x01\x02binary", "This is not a CSV file"),
        ("título\n".encode("latin-1"), "The file is not in UTF-8"),
        (b"name,age\nAna,3\n", "missing columns"),
        (b"", "The file is empty"),
        (b"\n\n  \n", "The file is empty"),
    ],
)
def test_odd_uploads_get_a_translated_message_never_a_500(client, un_delegate, data, message):
    client.force_login(un_delegate)
    response = upload(client, "", raw=data)
    assert response.status_code == 400
    assert message in response.text


def test_a_failed_upload_keeps_the_previously_checked_file(client, un_delegate):
    client.force_login(un_delegate)
    upload(client, GOOD)
    assert upload(client, "", raw=b"\x00binary").status_code == 400
    assert "All 3 rows are valid." in client.get(URL).text
    assert confirm(client).status_code == 302
    assert Initiative.objects.count() == 3


def test_spanish_page(client, un_delegate):
    client.force_login(un_delegate)
    response = client.get("/es/initiatives/import/")
    assert response.status_code == 200
    assert '<html lang="es"' in response.text
