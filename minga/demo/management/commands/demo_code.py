import time
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from minga.demo import DEMO_DOMAIN


class Command(BaseCommand):
    help = (
        "Print the current two-factor (TOTP) code of a demo account, so the demo's privileged "
        "personas can log in without an authenticator app. Refused outside development and for "
        "any account that is not a demo account."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("email", help=f"a demo account, e.g. rosa@{DEMO_DOMAIN}")

    def handle(self, *args: Any, **options: Any) -> None:
        email = options["email"].strip().lower()
        if settings.PRODUCTION:
            raise CommandError("demo_code is disabled in the production profile.")
        if not email.endswith("@" + DEMO_DOMAIN):
            raise CommandError(f"Only demo accounts (@{DEMO_DOMAIN}) have a printable code.")
        authenticator = Authenticator.objects.filter(
            user__email=email, type=Authenticator.Type.TOTP
        ).first()
        if authenticator is None:
            raise CommandError(f"{email} has no two-factor authentication set up.")
        secret = decrypt(authenticator.data["secret"])
        counter = int(time.time()) // 30
        self.stdout.write(format_hotp_value(hotp_value(secret, counter)))
