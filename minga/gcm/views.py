from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from . import queries


def objectives(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "gcm/objectives.html",
        {"objectives": queries.objectives(), "principles": queries.principles()},
    )


def objective(request: HttpRequest, number: int) -> HttpResponse:
    item = queries.objective_by_number(number)
    if item is None:
        raise Http404
    return render(
        request,
        "gcm/objective.html",
        {"objective": item, "groups": queries.linked_items(objective=item)},
    )


def countries(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "gcm/countries.html",
        {
            "subregions": queries.lac_countries_by_subregion(),
            "others": queries.other_countries_with_links(),
        },
    )


def country(request: HttpRequest, iso2: str) -> HttpResponse:
    item = queries.country_by_iso2(iso2)
    if item is None:
        raise Http404
    return render(
        request,
        "gcm/country.html",
        {"country": item, "groups": queries.linked_items(country=item)},
    )
