from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from . import queries


def home(request: HttpRequest) -> HttpResponse:
    review = queries.current_review()
    phase = review.current_phase() if review else None
    return render(
        request,
        "reviews/home.html",
        {"review": review, "phase": phase, "today": timezone.localdate()},
    )


def review_detail(request: HttpRequest, slug: str) -> HttpResponse:
    review = queries.review_by_slug(slug)
    if review is None:
        raise Http404
    return render(
        request,
        "reviews/review_detail.html",
        {"review": review, "phase": review.current_phase(), "today": timezone.localdate()},
    )
