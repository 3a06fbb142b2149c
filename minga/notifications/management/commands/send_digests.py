"""`manage.py send_digests`: send the daily/weekly notification digests that are due.

The worker enqueues this every few minutes already; the command is for cron or by hand.
"""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from minga.notifications.actions import do_send_digests


class Command(BaseCommand):
    help = "Send the daily and weekly notification digests that are due."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--mode", choices=["daily", "weekly"], help="Only this kind of digest.")
        parser.add_argument(
            "--force", action="store_true", help="Send even if the last digest is recent."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = do_send_digests(None, mode=options["mode"], force=options["force"])
        self.stdout.write(f"{sent} digest e-mail(s) sent.")
