"""The sentence shown for each event, rendered in the reader's language when read.

Only values stored in ``Notification.data`` are used: the target's public title and the
event's public data. Actors are never named (an author may be anonymous to the public).
"""

from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

Data = dict[str, Any]


def _status_label(data: Data) -> str:
    """The proposal status in the reader's language when the code is known, else as stored."""
    code = data.get("status", "")
    try:
        model: Any = apps.get_model("proposals", "Proposal")
        choices = dict(model._meta.get_field("answer_status").flatchoices)
    except (LookupError, FieldDoesNotExist):
        choices = {}
    label = choices.get(code)
    return str(label) if label is not None else str(data.get("status_label") or code)


def _endorsed(data: Data) -> str:
    if data.get("by_organization"):
        return _("An organization endorsed “%(title)s”.") % data
    return _("Someone endorsed “%(title)s”.") % data


def _answered(data: Data) -> str:
    return _("“%(title)s” received an official answer: %(status)s.") % {
        "title": data["title"],
        "status": _status_label(data),
    }


def _responded(data: Data) -> str:
    institution = data.get("institution") or data.get("institution_name")
    if institution:
        return _("%(institution)s answered officially in “%(title)s”.") % {
            "institution": institution,
            "title": data["title"],
        }
    return _("An institution answered officially in “%(title)s”.") % data


def _initiative_updated(data: Data) -> str:
    if data.get("update_title"):
        return _("New update on the initiative “%(title)s”: %(update_title)s") % data
    return _("The initiative “%(title)s” has a new update.") % data


def _initiative_assessed(data: Data) -> str:
    if data.get("organization"):
        return _("%(organization)s assessed the initiative “%(title)s”.") % data
    return _("The initiative “%(title)s” received a civil-society assessment.") % data


MESSAGES: dict[str, Callable[[Data], str]] = {
    "proposal.submitted": lambda d: _("New proposal: “%(title)s”.") % d,
    "proposal.endorsed": _endorsed,
    "proposal.commented": lambda d: _("New comment on “%(title)s”: %(excerpt)s") % d,
    "proposal.answered": _answered,
    "proposal.merged": lambda d: _("“%(merged_title)s” was merged into “%(title)s”.") % d,
    "consultation.opened": lambda d: _("New consultation: “%(title)s”.") % d,
    "consultation.contributed": lambda d: _("New contribution in “%(title)s”: %(excerpt)s") % d,
    "consultation.responded": _responded,
    "consultation.closed": lambda d: _("The consultation “%(title)s” is closed.") % d,
    "initiative.created": lambda d: _("New State initiative: “%(title)s”.") % d,
    "initiative.updated": _initiative_updated,
    "initiative.changed": lambda d: _("The initiative “%(title)s” was edited.") % d,
    "initiative.assessed": _initiative_assessed,
    "initiative.replied": lambda d: (
        _("The State replied to an assessment of the initiative “%(title)s”.") % d
    ),
    "practice.published": lambda d: _("New practice published: “%(title)s”.") % d,
    "proposal.cited": lambda d: (
        _("“%(title)s” is cited in the report “%(report)s”, §%(section)s.") % d
    ),
    "report.published": lambda d: _("Report published: “%(title)s” (version %(version)s).") % d,
    "recommendation.due_soon": lambda d: (
        _("Reminder: the recommendation “%(title)s” to %(addressee)s is due on %(due_on)s.") % d
    ),
    "recommendation.overdue": lambda d: (
        _("Overdue: the recommendation “%(title)s” to %(addressee)s was due on %(due_on)s.") % d
    ),
    "recommendation.responded": lambda d: (
        _("%(addressee)s responded to the recommendation “%(title)s”: %(status)s.") % d
    ),
    "recommendation.progressed": lambda d: (
        _("%(addressee)s reported progress on “%(title)s”: %(status)s.") % d
    ),
    "recommendation.verified": lambda d: (
        _("%(organization)s verified progress on “%(title)s”: %(status)s.") % d
    ),
    "practice.clarification_requested": lambda d: (
        _("The reviewers of the practice “%(title)s” ask for a clarification.") % d
    ),
    # Monitoring (issue 6): only the opaque reference, never content.
    "monitoring.urgent": lambda d: (
        _("Urgent monitoring report %(title)s: please review it now.") % d
    ),
    "monitoring.added": lambda d: _("The reporter added information to %(title)s.") % d,
    "monitoring.expiring": lambda d: (
        _("The sealed content of %(title)s will soon be destroyed (retention period).") % d
    ),
}

# The events notifications subscribes to (issues 4 and 5).
EVENTS = tuple(MESSAGES)


def render_message(event: str, data: Data) -> str:
    values = {"title": "", "excerpt": "", "merged_title": "", **data}
    renderer = MESSAGES.get(event)
    if renderer is not None:
        try:
            return renderer(values)
        except (KeyError, TypeError, ValueError):
            pass
    return _("Something new in “%(title)s”.") % values
