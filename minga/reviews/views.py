from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from minga.core import links

from . import queries


def home(request: HttpRequest) -> HttpResponse:
    review = queries.current_review()
    phase = review.current_phase() if review else None
    # What apps above this one add to "What you can do now" (open calls for nominations…).
    now_links = links.for_objects("reviews.home", [review]).get(review.pk, []) if review else []
    return render(
        request,
        "reviews/home.html",
        {"review": review, "phase": phase, "today": timezone.localdate(), "now_links": now_links},
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
