"""`manage.py compilemessages_po`: compile every .po file to .mo with polib (no gettext needed)."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

import polib
from django.core.management.base import BaseCommand, CommandError

from ..translations import locale_dirs, po_files


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/*.po to .mo with polib (GNU gettext not required)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--locale-dir",
            action="append",
            dest="locale_dirs",
            type=Path,
            help="Compile this locale folder instead of the project's (repeatable).",
        )
        parser.add_argument(
            "--force", action="store_true", help="Recompile even when the .mo file is newer."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        dirs = options["locale_dirs"] or locale_dirs()
        files = po_files(dirs)
        compiled = 0
        for po_path in files:
            mo_path = po_path.with_suffix(".mo")
            if (
                not options["force"]
                and mo_path.exists()
                and mo_path.stat().st_mtime >= po_path.stat().st_mtime
            ):
                continue
            try:
                catalog = polib.pofile(str(po_path), wrapwidth=0)
            except (OSError, ValueError) as exc:
                raise CommandError(f"{po_path}: {exc}") from exc
            catalog.save_as_mofile(str(mo_path))
            compiled += 1
            if options["verbosity"] > 1:
                self.stdout.write(f"compiled {po_path}")
        if options["verbosity"] > 0:
            self.stdout.write(f"{compiled} of {len(files)} message catalogues compiled.")
