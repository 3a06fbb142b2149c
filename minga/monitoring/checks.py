"""Deployment check: production needs the offline recovery key (else a report whose
reviewers all lose their keys is lost for good)."""

from typing import Any

from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def recovery_key_configured(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    if getattr(settings, "MINGA_MONITORING_RECOVERY_PUBLIC_KEY", ""):
        return []
    return [
        Warning(
            "MINGA_MONITORING_RECOVERY_PUBLIC_KEY is not set: monitoring reports are sealed "
            "only to reviewers' keys.",
            hint="Run `manage.py monitoring_recovery_key` and set the printed public key.",
            id="monitoring.W001",
        )
    ]
