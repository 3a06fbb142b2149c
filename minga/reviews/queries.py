"""Reads about reviews."""

from django.db.models import Prefetch
from django.utils import timezone

from .models import Phase, Review


def current_review() -> Review | None:
    """The published review whose phases cover today; otherwise the next one to start;
    otherwise the most recent. Two queries."""
    today = timezone.localdate()
    reviews = list(
        Review.objects.published()
        .select_related("region")
        .prefetch_related(Prefetch("phases", queryset=Phase.objects.order_by("starts_on")))
    )
    if not reviews:
        return None

    def span(review: Review) -> tuple:
        return (review.starts_on or today, review.ends_on or today)

    ongoing = [r for r in reviews if span(r)[0] <= today <= span(r)[1]]
    if ongoing:
        return min(ongoing, key=lambda r: span(r)[0])
    upcoming = [r for r in reviews if span(r)[0] > today]
    if upcoming:
        return min(upcoming, key=lambda r: span(r)[0])
    return max(reviews, key=lambda r: span(r)[1])


def review_by_slug(slug: str) -> Review | None:
    return (
        Review.objects.published()
        .select_related("region")
        .prefetch_related("phases", "countries")
        .filter(slug=slug)
        .first()
    )
