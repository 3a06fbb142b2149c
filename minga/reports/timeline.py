"""Steps reports add to other apps' journey timelines: a proposal cited in the report."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext as _

from minga.core.timeline import Step, register

from .queries import citations_of


def proposal_cited(item: models.Model) -> list[Step]:
    steps = []
    for link in citations_of("proposal", item.pk):
        section = link.paragraph.section
        report = section.chapter.report
        steps.append(
            Step(
                kind="cited",
                when=link.created_at,
                title=_("Cited in the report §%(number)s")
                % {"number": f"{section.chapter.order}.{section.order}"},
                detail=report.title,
                url=reverse("reports:detail", args=[report.pk]),
            )
        )
    return steps


def register_providers() -> None:
    register("proposals.proposal", proposal_cited)
