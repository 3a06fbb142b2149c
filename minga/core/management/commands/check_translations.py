"""`manage.py check_translations`: fail when the es, pt or fr catalogue is incomplete or stale.

Two checks, both must pass:

1. Completeness: every entry of ``locale/<lang>/LC_MESSAGES/django.po`` is translated, none is
   fuzzy, plural forms are declared, and placeholders (``%(name)s``, ``{name}``) match.
2. Freshness: the strings in the code are extracted with Django's own ``makemessages`` into a
   temporary folder (the real catalogues are not touched) and every one must be in each
   catalogue. A string added to the code without ``make messages`` fails here.

Extraction needs GNU gettext's ``xgettext``/``msguniq`` (Debian: ``apt install gettext``).
"""

import io
import os
import re
import tempfile
from argparse import ArgumentParser
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from ..translations import DOMAIN, REQUIRED_LANGUAGES

# Never scanned for strings (same list as `make messages`). Tests are not interface: they may
# call gettext on other catalogues' strings (allauth's) to compare with what a page shows.
IGNORED = [
    ".venv",
    "var",
    "bench",
    "node_modules",
    "locale",
    "static",
    "test-results",
    "tests",
    "conftest.py",
]
SHOWN_PER_PROBLEM = 25

Key = tuple[str, str, str]  # (msgctxt, msgid, msgid_plural)

PERCENT_NAMED = re.compile(r"%\((\w+)\)[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")
PERCENT_POSITIONAL = re.compile(r"%[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
BRACES = re.compile(r"\{(\w*)[^{}]*\}")


def entry_key(entry: polib.POEntry) -> Key:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def describe(key: Key) -> str:
    ctxt, msgid, _plural = key
    text = msgid if len(msgid) <= 70 else msgid[:67] + "..."
    return f"{text!r}" + (f" (context {ctxt!r})" if ctxt else "")


def placeholders(text: str, flags: Iterable[str]) -> list[str]:
    found: list[str] = []
    if "python-format" in flags:
        found += ["%(" + name + ")" for name in PERCENT_NAMED.findall(text)]
        found += ["%" for _ in PERCENT_POSITIONAL.findall(PERCENT_NAMED.sub("", text))]
    if "python-brace-format" in flags:
        found += ["{" + name + "}" for name in BRACES.findall(text)]
    return sorted(found)


def catalogue_problems(catalogue: polib.POFile) -> dict[str, list[str]]:
    """Untranslated, fuzzy and placeholder-mismatch entries, and header problems."""
    problems: dict[str, list[str]] = {
        "untranslated": [],
        "fuzzy": [],
        "placeholders differ": [],
        "header": [],
    }
    if "Plural-Forms" not in catalogue.metadata:
        problems["header"].append("no Plural-Forms header")
    for entry in catalogue:
        if entry.obsolete:
            continue
        label = describe(entry_key(entry))
        if entry.fuzzy:
            problems["fuzzy"].append(label)
            continue
        translations = (
            [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
            if entry.msgid_plural
            else [entry.msgstr]
        )
        if not translations or any(not t for t in translations):
            problems["untranslated"].append(label)
            continue
        expected = placeholders(entry.msgid, entry.flags)
        expected_plural = (
            placeholders(entry.msgid_plural, entry.flags) if entry.msgid_plural else []
        )
        for text in translations:
            got = placeholders(text, entry.flags)
            # A plural form may drop the count (e.g. "one item"), but never invent placeholders.
            allowed = set(expected) | set(expected_plural)
            if set(got) - allowed or (not entry.msgid_plural and got != expected):
                problems["placeholders differ"].append(label)
                break
    return {name: items for name, items in problems.items() if items}


def extract_keys(source_dir: Path) -> dict[Key, str]:
    """Run Django's makemessages over `source_dir` into a temporary folder.

    Returns every extracted string with one of its source locations. The project's own
    locale folder is never written: the sources are seen through a tree of symlinks.
    """
    with tempfile.TemporaryDirectory(prefix="minga-messages-") as tmp:
        tree = Path(tmp) / "src"
        out = Path(tmp) / "locale"
        tree.mkdir()
        out.mkdir()
        for entry in sorted(source_dir.iterdir()):
            if entry.name.startswith(".") or entry.name in IGNORED:
                continue
            (tree / entry.name).symlink_to(entry.resolve())
        previous = os.getcwd()
        os.chdir(tree)
        try:
            with override_settings(LOCALE_PATHS=[str(out)]):
                call_command(
                    "makemessages",
                    locale=["en"],
                    domain=DOMAIN,
                    keep_pot=True,
                    symlinks=True,
                    ignore_patterns=IGNORED,
                    verbosity=0,
                    stdout=io.StringIO(),
                    stderr=io.StringIO(),
                )
        except CommandError as exc:
            raise CommandError(
                f"Could not extract the strings from the code: {exc}\n"
                "Install GNU gettext (Debian/Ubuntu: apt install gettext; macOS: brew install "
                "gettext)."
            ) from exc
        finally:
            os.chdir(previous)
        pot = out / f"{DOMAIN}.pot"
        if not pot.exists():
            return {}
        return {
            entry_key(e): (f"{e.occurrences[0][0]}:{e.occurrences[0][1]}" if e.occurrences else "")
            for e in polib.pofile(str(pot), wrapwidth=0)
            if e.msgid
        }


class Command(BaseCommand):
    help = (
        "Fail when an es, pt or fr message is untranslated or fuzzy, or when a string in the "
        "code is missing from a catalogue (run `make messages`, translate, then this)."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--locale-dir",
            type=Path,
            default=None,
            help="The locale folder to check (default: the first of LOCALE_PATHS).",
        )
        parser.add_argument(
            "--source-dir",
            type=Path,
            default=None,
            help="Where the code to extract strings from lives (default: BASE_DIR).",
        )
        parser.add_argument(
            "--languages",
            default=",".join(REQUIRED_LANGUAGES),
            help="Comma-separated languages that must be complete (default: %(default)s).",
        )
        parser.add_argument(
            "--no-extract",
            action="store_true",
            help="Only check completeness; do not compare with the strings in the code.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        locale_dir: Path = options["locale_dir"] or Path(settings.LOCALE_PATHS[0])
        source_dir: Path = options["source_dir"] or Path(settings.BASE_DIR)
        languages = [code.strip() for code in options["languages"].split(",") if code.strip()]

        code_keys: dict[Key, str] = {}
        if not options["no_extract"]:
            code_keys = extract_keys(source_dir.resolve())

        failures = 0
        for language in languages:
            po_path = locale_dir / language / "LC_MESSAGES" / f"{DOMAIN}.po"
            shown = self._shown(po_path)
            if not po_path.exists():
                self.stderr.write(f"{shown}: missing (run `make messages`, then translate it)")
                failures += 1
                continue
            try:
                catalogue = polib.pofile(str(po_path), wrapwidth=0)
            except (OSError, ValueError) as exc:
                self.stderr.write(f"{shown}: cannot be read: {exc}")
                failures += 1
                continue
            problems = catalogue_problems(catalogue)
            if code_keys:
                present = {entry_key(e) for e in catalogue if not e.obsolete}
                missing = [
                    f"{describe(key)} from {where}" if where else describe(key)
                    for key, where in sorted(code_keys.items())
                    if key not in present
                ]
                if missing:
                    problems["in the code but not in the catalogue (run `make messages`)"] = missing
            for problem, items in problems.items():
                failures += len(items)
                self.stderr.write(f"{shown}: {len(items)} {problem}:")
                for item in items[:SHOWN_PER_PROBLEM]:
                    self.stderr.write(f"    {item}")
                if len(items) > SHOWN_PER_PROBLEM:
                    self.stderr.write(f"    ... and {len(items) - SHOWN_PER_PROBLEM} more")
            if not problems and options["verbosity"] > 0:
                self.stdout.write(f"{shown}: complete ({len(catalogue)} messages)")

        if failures:
            raise CommandError(f"Translations are incomplete or out of date ({failures} problems).")
        if options["verbosity"] > 0:
            checked = "complete and up to date" if code_keys else "complete"
            self.stdout.write(f"Translations for {', '.join(languages)} are {checked}.")

    @staticmethod
    def _shown(path: Path) -> str:
        try:
            return str(path.resolve().relative_to(Path(settings.BASE_DIR).resolve()))
        except ValueError:
            return str(path)
