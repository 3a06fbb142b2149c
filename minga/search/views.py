from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from minga.gcm.models import Country

from . import queries
from .forms import SearchForm


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    countries = sorted(Country.objects.lac(), key=lambda c: str(c.name))
    form = SearchForm(request.GET or None, countries=countries)
    page = None
    if form.is_bound and form.is_valid() and form.cleaned_data["q"]:
        data = form.cleaned_data
        page = queries.search(
            data["q"],
            kind=data["kind"] or None,
            objective=data["objective"],
            country=data["country"] or None,
            language=data["language"] or None,
            page=request.GET.get("page"),
        )
    asked_nothing = form.is_bound and form.is_valid() and not form.cleaned_data["q"]
    return render(
        request,
        "search/search.html",
        {"form": form, "page_obj": page, "asked_nothing": asked_nothing},
    )


@require_GET
def similar(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")[: queries.MAX_QUERY_LENGTH]
    kind = request.GET.get("kind", "")[:100] or None
    results = queries.similar(q, kind=kind)
    return render(request, "search/_similar.html", {"results": results, "q": q})
