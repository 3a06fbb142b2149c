"""Demo follows and notification settings (idempotent, through the actions)."""

from typing import Any

from django.apps import apps

from minga.gcm.models import Country, Objective

from . import actions
from .models import EmailMode, Follow


def load(*, people: dict[str, Any], review: Any, organizations: dict[str, Any]) -> dict[str, int]:
    follows: list[tuple[str, Any]] = [
        ("ana", Objective.objects.get(number=15)),
        ("carla", Country.objects.get(code="MX")),
        ("jean", Objective.objects.get(number=15)),
        ("joao", Country.objects.get(code="BR")),
        # Follows Honduras: gets the alert when Honduras's focal point reports on an initiative.
        ("gabriela", Country.objects.get(code="HN")),
    ]
    for label, key in (("proposals", "Proposal"), ("dialogue", "Consultation")):
        try:
            model = apps.get_model(label, key)
        except LookupError:
            continue
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            follows.append(("carla", first))
    for name, target in follows:
        if name in people:
            actions.do_follow(people[name], target)
    if "jean" in people and actions.settings_for(people["jean"]).email_mode != EmailMode.WEEKLY:
        actions.do_update_notification_settings(
            people["jean"], email_mode=EmailMode.WEEKLY, in_app=True
        )
    return {"notification follows": Follow.objects.filter(user__in=list(people.values())).count()}
