"""`manage.py monitoring_recover MR-XXXXXXXX --out DIR`: open a report with the offline
recovery private key (read from standard input, never from an argument or a file on the
server). Meant for an offline machine holding a copy of the database; writes the decrypted
parts and files to DIR."""

import json
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from minga.monitoring import crypto, sealing
from minga.monitoring.models import Recipient, Report, SealedKey


class Command(BaseCommand):
    help = "Decrypt a monitoring report with the offline recovery key (read from stdin)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("reference")
        parser.add_argument("--out", required=True, help="Folder for the decrypted parts.")

    def handle(self, *args: Any, **options: Any) -> None:
        report = Report.objects.filter(reference=options["reference"]).first()
        if report is None:
            raise CommandError("No such report.")
        try:
            private = crypto.private_key_from_b64(sys.stdin.readline())
        except crypto.CryptoError as exc:
            raise CommandError("Give the recovery private key (base64) on standard input.") from exc
        public = crypto.public_raw(private.public_key())
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        rows = (
            SealedKey.objects.filter(submission__report=report, recipient=Recipient.RECOVERY)
            .select_related("submission__report")
            .order_by("submission_id")
        )
        opened = 0
        for row in rows:
            if crypto.public_key_from_b64(row.public_key).public_bytes_raw() != public:
                continue
            submission = row.submission
            key, payload, contact = sealing.open_submission(submission, row.sealed, private)
            base = out / f"{report.reference}-{submission.pk}-{submission.kind}"
            base.with_suffix(".json").write_text(
                json.dumps({"payload": payload, "contact": contact}, ensure_ascii=False, indent=2)
            )
            for sealed_file in submission.files.all():
                name = "original" if sealed_file.is_original else "clean"
                path = out / f"{base.name}-file{sealed_file.position}-{name}"
                path.write_bytes(sealing.open_file(submission, sealed_file, key))
            opened += 1
        if not opened:
            raise CommandError(
                "Nothing of this report is sealed to that key (or it was destroyed)."
            )
        self.stdout.write(f"{opened} part(s) written to {out}.")
