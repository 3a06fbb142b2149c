"""The JSON view of the monitoring aggregates resource (see monitoring.py)."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from minga.monitoring import queries as monitoring_queries
from minga.opendata import monitoring, views


@require_GET
def incident_aggregates(request: HttpRequest) -> HttpResponse:
    limited = views._guarded(request)
    if limited:
        return limited
    for name in request.GET:
        # No filter on purpose: a filtered table would give hidden cells away by subtraction.
        return views._error(name, _("Unknown parameter."))
    return views._conditional(
        request, views._json(monitoring.payload(monitoring_queries.aggregates()))
    )
