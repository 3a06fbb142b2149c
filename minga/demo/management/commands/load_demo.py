from typing import Any

from django.core.management.base import BaseCommand

from minga.demo import DEMO_ACCOUNTS
from minga.demo.loader import load


class Command(BaseCommand):
    help = "Load the demo LAC review, organizations and one account per persona (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = load()
        if options["verbosity"] < 1:
            return
        summary = ", ".join(f"{value} {name}" for name, value in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo review loaded: {summary}."))
        if options["verbosity"] > 1:
            for persona, email, password in DEMO_ACCOUNTS:
                self.stdout.write(f"  {persona:55} {email:32} {password}")
