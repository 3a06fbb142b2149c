"""Seal a submission on arrival (see crypto.py for the construction).

The content key lives in memory while this module runs and is then dropped; what reaches the
database is ciphertext and the key sealed to each recipient.
"""

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from allauth.mfa.models import Authenticator
from django.db.models import Exists, OuterRef
from django.utils import timezone

from minga.accounts.models import Role, RoleAssignment

from . import conf, crypto
from .models import KeyStatus, Recipient, Report, ReviewerKey, SealedFile, SealedKey, Submission


@dataclass(frozen=True)
class Upload:
    """A file after cleaning: the cleaned bytes, and the original when the reporter keeps it."""

    name: str
    content_type: str
    data: bytes
    original: bytes | None = None


def active_reviewer_keys() -> list[ReviewerKey]:
    """Approved keys of active people who hold the reviewer role and have MFA (one query)."""
    role = RoleAssignment.objects.filter(user=OuterRef("user"), role=Role.MONITORING_REVIEWER)
    mfa = Authenticator.objects.filter(user=OuterRef("user"), type=Authenticator.Type.TOTP)
    return list(
        ReviewerKey.objects.filter(status=KeyStatus.APPROVED, user__is_active=True)
        .filter(Exists(role), Exists(mfa))
        .order_by("id")
    )


def recovery_public_key() -> str:
    return str(conf.get("MINGA_MONITORING_RECOVERY_PUBLIC_KEY") or "")


def recipients_available() -> bool:
    return bool(recovery_public_key()) or bool(active_reviewer_keys())


def payload_part(submission: Submission) -> str:
    return f"payload:{submission.pk}"


def contact_part(submission: Submission) -> str:
    return f"contact:{submission.pk}"


def key_part(submission: Submission) -> str:
    return f"key:{submission.pk}"


def file_part(submission: Submission, position: int, original: bool) -> str:
    return f"file:{submission.pk}:{position}:{'original' if original else 'clean'}"


def seal_submission(
    report: Report,
    kind: str,
    payload: dict[str, Any],
    *,
    contact: str = "",
    uploads: list[Upload] | tuple[Upload, ...] = (),
    author: Any = None,
    to_reporter: bool = False,
) -> Submission:
    """Encrypt one part of a report and seal its key to every current recipient."""
    now = timezone.now()
    if author is None:  # the reporter's own parts: the hour only, never the exact time
        now = now.replace(minute=0, second=0, microsecond=0)
    submission = Submission.objects.create(report=report, kind=kind, author=author, created_at=now)
    ref = report.reference
    key = crypto.new_content_key()
    payload = dict(payload)
    payload["files"] = [
        {
            "position": i,
            "name": u.name[:120],
            "type": u.content_type,
            "original": u.original is not None,
        }
        for i, u in enumerate(uploads)
    ]
    submission.payload = crypto.encrypt(
        key, json.dumps(payload).encode(), crypto.aad(ref, payload_part(submission))
    )
    if contact:
        submission.contact = crypto.encrypt(
            key, contact.encode(), crypto.aad(ref, contact_part(submission))
        )
    submission.save(update_fields=["payload", "contact"])
    files = []
    for position, upload in enumerate(uploads):
        versions = [(upload.data, False)]
        if upload.original is not None:
            versions.append((upload.original, True))
        for data, original in versions:
            blob = crypto.encrypt(
                key, data, crypto.aad(ref, file_part(submission, position, original))
            )
            files.append(
                SealedFile(
                    submission=submission,
                    position=position,
                    is_original=original,
                    ciphertext=blob,
                    size=len(blob),
                    original_sha256=hashlib.sha256(data).hexdigest() if original else "",
                )
            )
    SealedFile.objects.bulk_create(files)
    associated = crypto.aad(ref, key_part(submission))
    sealed = [
        SealedKey(
            submission=submission,
            recipient=Recipient.REVIEWER,
            reviewer_key=rk,
            public_key=rk.public_key,
            sealed=crypto.seal(key, rk.public_key, associated),
        )
        for rk in active_reviewer_keys()
    ]
    recovery = recovery_public_key()
    if recovery:
        sealed.append(
            SealedKey(
                submission=submission,
                recipient=Recipient.RECOVERY,
                public_key=recovery,
                sealed=crypto.seal(key, recovery, associated),
            )
        )
    if to_reporter:
        sealed.append(
            SealedKey(
                submission=submission,
                recipient=Recipient.REPORTER,
                public_key=report.reporter_public_key,
                sealed=crypto.seal(key, report.reporter_public_key, associated),
            )
        )
    SealedKey.objects.bulk_create(sealed)
    del key
    return submission


def open_submission(
    submission: Submission, sealed_key: Any, private_key: Any
) -> tuple[bytes, dict[str, Any], str]:
    """(content key, payload, contact) for a holder of a private key — the recovery tool,
    the reporter's receipt for questions, and tests."""
    ref = submission.report.reference
    key = crypto.unseal(bytes(sealed_key), private_key, crypto.aad(ref, key_part(submission)))
    payload = json.loads(
        crypto.decrypt(
            key, bytes(submission.payload or b""), crypto.aad(ref, payload_part(submission))
        )
    )
    contact = ""
    if submission.contact:
        contact = crypto.decrypt(
            key, bytes(submission.contact), crypto.aad(ref, contact_part(submission))
        ).decode()
    return key, payload, contact


def open_file(submission: Submission, sealed_file: SealedFile, key: bytes) -> bytes:
    return crypto.decrypt(
        key,
        bytes(sealed_file.ciphertext or b""),
        crypto.aad(
            submission.report.reference,
            file_part(submission, sealed_file.position, sealed_file.is_original),
        ),
    )
