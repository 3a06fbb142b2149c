"""`manage.py build_opendata_snapshots [export …]`: build export snapshots now."""

from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from minga.opendata.actions import do_build_snapshots


class Command(BaseCommand):
    help = "Build a snapshot of the open data exports (all of them, or the ones named)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("exports", nargs="*", help="export names (default: all)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            made = do_build_snapshots(None, options["exports"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        for snapshot in made:
            self.stdout.write(f"{snapshot.file.name}: {snapshot.rows} rows, {snapshot.size} bytes")
