"""The monthly bulletin's draft, written by Minga from its own data.

``gather`` reads the month's facts (a fixed number of queries); ``compose`` writes them as
Markdown in the active language. Sessions ahead and monitoring aggregates plug in here when
those apps exist.
"""

import datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Addressee, Progress, ProgressUpdate

LIST_MAX = 8


def _next_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def gather(review: Any, month: datetime.date) -> dict[str, Any]:
    from minga.initiatives.models import Initiative, Update
    from minga.proposals.models import Answer
    from minga.reports.models import PublishedVersion

    start = month
    end = _next_month(month)
    today = timezone.localdate()
    in_month = Q(created_at__date__gte=start, created_at__date__lt=end)
    initiatives = list(
        Initiative.objects.filter(in_month)
        .order_by("-created_at")
        .values_list("title", flat=True)[:LIST_MAX]
    )
    addressees = Addressee.objects.filter(recommendation__review=review)
    return {
        "initiatives": initiatives,
        "initiative_count": Initiative.objects.filter(in_month).count(),
        "updates": Update.objects.filter(in_month).count(),
        "answers": Answer.objects.filter(in_month).count(),
        "reports": list(
            PublishedVersion.objects.filter(
                report__review=review, published_at__date__gte=start, published_at__date__lt=end
            ).values_list("report__title", "number")
        ),
        "due": addressees.filter(
            recommendation__due_on__gte=end, recommendation__due_on__lt=_next_month(end)
        )
        .exclude(progress=Progress.IMPLEMENTED)
        .count(),
        "overdue": addressees.filter(recommendation__due_on__lt=today)
        .exclude(progress=Progress.IMPLEMENTED)
        .count(),
        "progressed": ProgressUpdate.objects.filter(
            addressee__recommendation__review=review,
            created_at__date__gte=start,
            created_at__date__lt=end,
        ).count(),
    }


def compose(review: Any, month: datetime.date, facts: dict[str, Any]) -> str:
    lines = [
        "## "
        + _("%(review)s — bulletin of %(month)s")
        % {"review": review.title, "month": month.strftime("%m/%Y")},
        "",
        _(
            "What happened on Minga this month, drafted from the platform's own data and reviewed before sending."
        ),
        "",
        "### " + _("State initiatives"),
        ngettext(
            "%(count)d new initiative or pledge, %(updates)d updates published.",
            "%(count)d new initiatives or pledges, %(updates)d updates published.",
            facts["initiative_count"],
        )
        % {"count": facts["initiative_count"], "updates": facts["updates"]},
    ]
    lines += [f"- {title}" for title in facts["initiatives"]]
    lines += [
        "",
        "### " + _("Proposals"),
        ngettext(
            "%(count)d proposal received an official answer.",
            "%(count)d proposals received an official answer.",
            facts["answers"],
        )
        % {"count": facts["answers"]},
        "",
        "### " + _("Recommendations"),
        _(
            "Due next month: %(due)d · overdue: %(overdue)d · progress updates this month: %(progressed)d."
        )
        % facts,
    ]
    if facts["reports"]:
        lines += ["", "### " + _("Reports published")]
        lines += [
            "- " + _("%(title)s (version %(number)d)") % {"title": title, "number": number}
            for title, number in facts["reports"]
        ]
    return "\n".join(lines) + "\n"
