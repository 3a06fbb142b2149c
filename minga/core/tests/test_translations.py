"""compilemessages_po and check_translations, on small catalogues in a temporary folder."""

import gettext
import io
import os
import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

HEADER = {
    "Content-Type": "text/plain; charset=UTF-8",
    "Plural-Forms": "nplurals=2; plural=(n != 1);",
}


def write_po(
    locale_dir: Path, language: str, entries: list[polib.POEntry], header: dict | None = None
) -> Path:
    path = locale_dir / language / "LC_MESSAGES" / "django.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    po = polib.POFile()
    po.metadata = dict(HEADER if header is None else header)
    for entry in entries:
        po.append(entry)
    po.save(str(path))
    return path


def complete(language: str) -> list[polib.POEntry]:
    return [
        polib.POEntry(msgid="Hello", msgstr=f"Hello in {language}"),
        polib.POEntry(
            msgid="%(count)s organization",
            msgid_plural="%(count)s organizations",
            msgstr_plural={0: "%(count)s org", 1: "%(count)s orgs"},
            flags=["python-format"],
        ),
    ]


def run_check(locale_dir: Path, *extra: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "check_translations",
        "--locale-dir",
        str(locale_dir),
        *extra,
        stdout=out,
        stderr=err,
    )
    return out.getvalue(), err.getvalue()


def check_fails(locale_dir: Path, *extra: str) -> str:
    err = io.StringIO()
    with pytest.raises(CommandError, match="incomplete or out of date"):
        call_command("check_translations", "--locale-dir", str(locale_dir), *extra, stderr=err)
    return err.getvalue()


def require_gettext() -> None:
    if shutil.which("xgettext") is None or shutil.which("msguniq") is None:
        if os.environ.get("MINGA_REQUIRE_SERVICES") == "1":
            pytest.fail("GNU gettext (xgettext, msguniq) is not installed", pytrace=False)
        pytest.skip("GNU gettext is not installed")


# compilemessages_po ---------------------------------------------------------------------------


def test_compilemessages_po_writes_mo_files_that_gettext_reads(tmp_path: Path) -> None:
    entries = [
        polib.POEntry(msgid="Hello", msgstr="Hola"),
        polib.POEntry(msgid="Unsure", msgstr="Dudoso", flags=["fuzzy"]),
    ]
    po_path = write_po(tmp_path, "es", entries)

    call_command("compilemessages_po", "--locale-dir", str(tmp_path), stdout=io.StringIO())

    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists()
    with mo_path.open("rb") as fp:
        catalogue = gettext.GNUTranslations(fp)
    assert catalogue.gettext("Hello") == "Hola"
    # A fuzzy translation is not used: the English source shows instead.
    assert catalogue.gettext("Unsure") == "Unsure"


def test_compilemessages_po_recompiles_only_changed_catalogues(tmp_path: Path) -> None:
    po_path = write_po(tmp_path, "fr", [polib.POEntry(msgid="Hello", msgstr="Bonjour")])
    call_command("compilemessages_po", "--locale-dir", str(tmp_path), stdout=io.StringIO())
    out = io.StringIO()
    call_command("compilemessages_po", "--locale-dir", str(tmp_path), stdout=out)
    assert "0 of 1" in out.getvalue()

    po = polib.pofile(str(po_path))
    po.find("Hello").msgstr = "Salut"
    po.save()
    os.utime(po_path, (po_path.stat().st_mtime + 5,) * 2)
    call_command("compilemessages_po", "--locale-dir", str(tmp_path), stdout=io.StringIO())
    with po_path.with_suffix(".mo").open("rb") as fp:
        assert gettext.GNUTranslations(fp).gettext("Hello") == "Salut"


def test_compilemessages_po_reports_a_broken_catalogue(tmp_path: Path) -> None:
    path = tmp_path / "pt" / "LC_MESSAGES" / "django.po"
    path.parent.mkdir(parents=True)
    path.write_text('msgid "Hello"\nnonsense "Olá"\n', encoding="utf-8")
    with pytest.raises(CommandError, match=r"django\.po"):
        call_command("compilemessages_po", "--locale-dir", str(tmp_path), stdout=io.StringIO())


# check_translations: completeness ---------------------------------------------------------------


def test_complete_catalogues_pass(tmp_path: Path) -> None:
    for language in ("es", "pt", "fr"):
        write_po(tmp_path, language, complete(language))
    out, err = run_check(tmp_path, "--no-extract")
    assert "are complete" in out
    assert err == ""


def test_missing_catalogue_fails(tmp_path: Path) -> None:
    write_po(tmp_path, "es", complete("es"))
    write_po(tmp_path, "pt", complete("pt"))
    err = check_fails(tmp_path, "--no-extract")
    assert "fr/LC_MESSAGES/django.po: missing" in err


def test_untranslated_and_fuzzy_messages_are_listed(tmp_path: Path) -> None:
    write_po(tmp_path, "es", complete("es"))
    write_po(tmp_path, "pt", [*complete("pt"), polib.POEntry(msgid="Goodbye", msgstr="")])
    write_po(
        tmp_path,
        "fr",
        [*complete("fr"), polib.POEntry(msgid="Maybe", msgstr="Peut-être", flags=["fuzzy"])],
    )
    err = check_fails(tmp_path, "--no-extract")
    assert "pt/LC_MESSAGES/django.po: 1 untranslated" in err
    assert "'Goodbye'" in err
    assert "fr/LC_MESSAGES/django.po: 1 fuzzy" in err
    assert "'Maybe'" in err
    assert "es/LC_MESSAGES" not in err


def test_a_missing_plural_form_counts_as_untranslated(tmp_path: Path) -> None:
    entries = [
        polib.POEntry(
            msgid="%(count)s item",
            msgid_plural="%(count)s items",
            msgstr_plural={0: "%(count)s elemento", 1: ""},
            flags=["python-format"],
        )
    ]
    for language in ("es", "pt", "fr"):
        write_po(tmp_path, language, entries)
    err = check_fails(tmp_path, "--no-extract")
    assert "'%(count)s item'" in err


def test_obsolete_entries_are_ignored(tmp_path: Path) -> None:
    for language in ("es", "pt", "fr"):
        write_po(
            tmp_path,
            language,
            [*complete(language), polib.POEntry(msgid="Old", msgstr="", obsolete=True)],
        )
    out, _err = run_check(tmp_path, "--no-extract")
    assert "are complete" in out


def test_placeholder_mismatch_and_missing_plural_header_fail(tmp_path: Path) -> None:
    write_po(tmp_path, "es", complete("es"))
    write_po(tmp_path, "pt", complete("pt"), header={"Content-Type": "text/plain; charset=UTF-8"})
    write_po(
        tmp_path,
        "fr",
        [
            *complete("fr"),
            polib.POEntry(
                msgid="%(name)s is accredited.",
                msgstr="%(nom)s est accréditée.",
                flags=["python-format"],
            ),
        ],
    )
    err = check_fails(tmp_path, "--no-extract")
    assert "pt/LC_MESSAGES/django.po: 1 header" in err
    assert "no Plural-Forms header" in err
    assert "fr/LC_MESSAGES/django.po: 1 placeholders differ" in err
    assert "'%(name)s is accredited.'" in err


# check_translations: freshness against the code --------------------------------------------------


def make_source(tmp_path: Path) -> Path:
    source = tmp_path / "src"
    (source / "app" / "templates").mkdir(parents=True)
    (source / "app" / "views.py").write_text(
        "from django.utils.translation import gettext as _\n\n\ndef f():\n    return _('Hello')\n",
        encoding="utf-8",
    )
    (source / "app" / "templates" / "page.html").write_text(
        '{% load i18n %}<p>{% translate "Read more" %}</p>\n', encoding="utf-8"
    )
    # Ignored folders (benchmarks, tests) are never scanned.
    for folder, name in (("bench", "gen.py"), ("app/tests", "test_views.py")):
        (source / folder).mkdir(parents=True)
        (source / folder / name).write_text(
            "from django.utils.translation import gettext as _\n_('Not interface')\n",
            encoding="utf-8",
        )
    return source


def test_strings_in_the_code_missing_from_a_catalogue_fail(tmp_path: Path) -> None:
    require_gettext()
    source = make_source(tmp_path)
    locale_dir = tmp_path / "locale"
    for language in ("es", "pt", "fr"):
        write_po(locale_dir, language, complete(language))
    err = check_fails(locale_dir, "--source-dir", str(source))
    assert "in the code but not in the catalogue" in err
    assert "'Read more' from app/templates/page.html" in err
    assert "'Hello'" not in err
    assert "Not interface" not in err
    # The real catalogues are not touched by the extraction.
    assert not (locale_dir / "django.pot").exists()
    assert sorted(p.name for p in (locale_dir / "es" / "LC_MESSAGES").iterdir()) == ["django.po"]


def test_up_to_date_catalogues_pass(tmp_path: Path) -> None:
    require_gettext()
    source = make_source(tmp_path)
    locale_dir = tmp_path / "locale"
    for language in ("es", "pt", "fr"):
        write_po(
            locale_dir,
            language,
            [*complete(language), polib.POEntry(msgid="Read more", msgstr=f"More ({language})")],
        )
    out, err = run_check(locale_dir, "--source-dir", str(source))
    assert "complete and up to date" in out
    assert err == ""
