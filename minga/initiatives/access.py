"""The one way views reach initiatives, their assessments and sources.

Initiatives are public; ``for_write`` needs a focal point of one of its States or a UN
delegate. Malformed or unknown ids are a 404.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404

from minga.core.ids import id_or_404
from minga.gcm.models import Country

from . import permissions
from .models import Assessment, Initiative, Source


def access_initiative(user: Any, initiative_id: Any, *, for_write: bool = False) -> Initiative:
    initiative = (
        Initiative.objects.select_related("lead_state", "created_by")
        .prefetch_related(Prefetch("states", queryset=Country.objects.order_by("code")))
        .filter(pk=id_or_404(initiative_id))
        .first()
    )
    if initiative is None:
        raise Http404
    if for_write and not permissions.can_edit_initiative(user, initiative):
        raise PermissionDenied
    return initiative


def access_assessment(user: Any, initiative: Initiative, assessment_id: Any) -> Assessment:
    assessment = (
        Assessment.objects.select_related("organization", "author")
        .filter(pk=id_or_404(assessment_id), initiative=initiative)
        .first()
    )
    if assessment is None:
        raise Http404
    assessment.initiative = initiative
    return assessment


def access_source(user: Any, initiative: Initiative, source_id: Any) -> Source:
    source = Source.objects.filter(pk=id_or_404(source_id), initiative=initiative).first()
    if source is None:
        raise Http404
    return source
