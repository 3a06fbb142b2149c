"""Monitoring settings, with their defaults (override them in config/settings.py or the
environment)."""

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # Base64 X25519 public key of the offline recovery key (manage.py monitoring_recovery_key).
    "MINGA_MONITORING_RECOVERY_PUBLIC_KEY": "",
    # Days after the final decision when the sealed keys (and ciphertexts) are destroyed.
    "MINGA_MONITORING_RETENTION_DAYS": 180,
    # Reviewers are warned this many days before.
    "MINGA_MONITORING_WARN_DAYS": 14,
    # Smallest number of reports a published aggregate cell may stand for.
    "MINGA_MONITORING_K": 5,
    "MINGA_MONITORING_MAX_FILES": 5,
    "MINGA_MONITORING_MAX_FILE_BYTES": 12 * 1024 * 1024,
    "MINGA_MONITORING_MAX_TOTAL_BYTES": 30 * 1024 * 1024,
    # Site-wide (not per person: nothing identifies the sender) submissions per hour.
    "MINGA_MONITORING_INTAKE_PER_HOUR": 600,
    # Site-wide failed receipt look-ups per hour; per report, failures before a lock.
    "MINGA_MONITORING_FAILED_RECEIPTS_PER_HOUR": 300,
    "MINGA_MONITORING_RECEIPT_FAILURES_BEFORE_LOCK": 5,
    "MINGA_MONITORING_RECEIPT_LOCK_MINUTES": 60,
}


def get(name: str) -> Any:
    return getattr(settings, name, DEFAULTS[name])
