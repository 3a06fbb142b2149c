"""`manage.py monitoring_recovery_key`: make the offline recovery key pair.

Prints the private key ONCE (store it offline: paper, hardware token, split between trustees)
and the line to put in the server's environment. The server never stores the private key."""

from typing import Any

from django.core.management.base import BaseCommand

from minga.monitoring import crypto


class Command(BaseCommand):
    help = "Generate the monitoring mechanism's offline recovery key pair (X25519)."

    def handle(self, *args: Any, **options: Any) -> None:
        private, public = crypto.generate_key_pair()
        self.stdout.write(
            "\n".join(
                [
                    "Offline recovery key for the monitoring mechanism.",
                    "",
                    "PRIVATE KEY (shown once; keep it offline, never on the server):",
                    f"  {private}",
                    "",
                    "Put this in the server's environment:",
                    f"  MINGA_MONITORING_RECOVERY_PUBLIC_KEY={public}",
                    f"Fingerprint: {crypto.fingerprint(public)}",
                ]
            )
        )
