"""The proposal's own journey steps: submitted, answered, merged (one query per provider)."""

from django.db import models
from django.utils.translation import gettext as _

from minga.core.timeline import Step, register

from .models import Answer, Proposal


def submitted(item: models.Model) -> list[Step]:
    assert isinstance(item, Proposal)
    return [Step(kind="submitted", when=item.created_at, title=_("Submitted"))]


def answered(item: models.Model) -> list[Step]:
    return [
        Step(
            kind="answered",
            when=answer.created_at,
            title=_("Answered: %(status)s") % {"status": answer.get_status_display()},
            detail=answer.explanation,
            url=f"#answer-{answer.pk}",
        )
        for answer in Answer.objects.filter(proposal_id=item.pk).order_by("created_at", "id")
    ]


def merged(item: models.Model) -> list[Step]:
    steps = []
    for other in Proposal.objects.filter(merged_into_id=item.pk).only("id", "title", "merged_at"):
        if other.merged_at is None:
            continue
        steps.append(
            Step(
                kind="merged",
                when=other.merged_at,
                title=_("A similar proposal was merged into this one"),
                detail=other.title,
                url=other.get_absolute_url(),
            )
        )
    return steps


def register_providers() -> None:
    for provider in (submitted, answered, merged):
        register("proposals.proposal", provider)
