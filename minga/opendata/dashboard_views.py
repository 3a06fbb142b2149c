"""Public pages over the open data: the GCM scorecard and the participation dashboards."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from minga.gcm import queries as gcm_queries

from . import dashboards as dashboard_queries
from . import scorecard as scorecard_queries


def scorecard(request: HttpRequest) -> HttpResponse:
    key = request.GET.get("measure", "")
    if key and key not in scorecard_queries.MEASURES:
        key = ""
    return render(
        request,
        "opendata/scorecard.html",
        {
            "table": scorecard_queries.table(key),
            "measures": list(scorecard_queries.MEASURES.values()),
            "selected": key,
        },
    )


def scorecard_cell(request: HttpRequest, objective: int, iso2: str) -> HttpResponse:
    found = gcm_queries.objective_by_number(objective)
    country = gcm_queries.country_by_iso2(iso2)
    if found is None or country is None:
        raise Http404
    return render(
        request,
        "opendata/scorecard_cell.html",
        {
            "objective": found,
            "country": country,
            "groups": scorecard_queries.cell(found.number, country.iso2),
        },
    )


def dashboards(request: HttpRequest) -> HttpResponse:
    return render(request, "opendata/dashboards.html", dashboard_queries.context())
