"""Public reads of the follow-up (tracker, roll-ups, details, bulletins), each in a bounded
number of queries whatever the data size."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from minga.gcm.models import GCMLink

from .models import (
    Addressee,
    Bulletin,
    BulletinStatus,
    Progress,
    ProgressUpdate,
    Recommendation,
    Response,
    ResponseStatus,
    Verification,
)

PAGE_SIZE = 50
STATUSES = [*ResponseStatus.values, Progress.IN_PROGRESS.value, Progress.IMPLEMENTED.value]


@dataclass
class Filters:
    addressee: str = ""
    objective: int | None = None
    status: str = ""
    overdue: bool = False
    active: bool = field(init=False, default=False)

    def __post_init__(self) -> None:
        self.active = bool(self.addressee or self.objective or self.status or self.overdue)


def _filtered(review: Any, filters: Filters, today: datetime.date) -> QuerySet[Addressee]:
    qs = Addressee.objects.filter(recommendation__review=review)
    if filters.addressee:
        key = filters.addressee
        qs = qs.filter(Q(country__code=key.upper()) | Q(institution__slug=key))
    if filters.objective:
        ct = ContentType.objects.get_for_model(Recommendation)
        ids = GCMLink.objects.filter(content_type=ct, objective__number=filters.objective).values(
            "object_id"
        )
        qs = qs.filter(recommendation_id__in=ids)
    if filters.status in ResponseStatus.values:
        qs = qs.filter(response_status=filters.status)
    elif filters.status in (Progress.IN_PROGRESS, Progress.IMPLEMENTED):
        qs = qs.filter(progress=filters.status)
    if filters.overdue:
        qs = qs.filter(recommendation__due_on__lt=today).exclude(progress=Progress.IMPLEMENTED)
    return qs


def tracker(review: Any, filters: Filters, page: Any) -> Page:
    """One row per recommendation and addressee (4 queries: count, rows, objectives)."""
    today = timezone.localdate()
    qs = (
        _filtered(review, filters, today)
        .select_related("recommendation", "country", "institution")
        .prefetch_related(
            Prefetch(
                "recommendation__gcm_links",
                queryset=GCMLink.objects.filter(objective__isnull=False).select_related(
                    "objective"
                ),
            )
        )
        .order_by("recommendation__due_on", "recommendation_id", "id")
    )
    result = Paginator(qs, PAGE_SIZE).get_page(page)
    for row in result.object_list:
        row.overdue = row.is_overdue(today)  # type: ignore[attr-defined]
    return result


def rollup(review: Any, filters: Filters) -> dict[str, list[dict[str, Any]]]:
    """Progress per addressee and per objective (two aggregate queries)."""
    today = timezone.localdate()
    qs = _filtered(review, filters, today)
    counts = {
        "total": Count("id", distinct=True),
        "accepted": Count("id", filter=Q(response_status=ResponseStatus.ACCEPTED), distinct=True),
        "pending": Count("id", filter=Q(response_status=ResponseStatus.PENDING), distinct=True),
        "in_progress": Count("id", filter=Q(progress=Progress.IN_PROGRESS), distinct=True),
        "implemented": Count("id", filter=Q(progress=Progress.IMPLEMENTED), distinct=True),
        "overdue": Count(
            "id",
            filter=Q(recommendation__due_on__lt=today) & ~Q(progress=Progress.IMPLEMENTED),
            distinct=True,
        ),
    }
    rows: Any = (
        qs.values("country__code", "institution__slug", "institution__name", "institution__acronym")
        .annotate(**counts)
        .order_by("country__code", "institution__name")
    )
    by_addressee: list[dict[str, Any]] = list(rows)
    from minga.gcm.models import Country

    names = {
        str(c.code): str(c.name)
        for c in Country.objects.filter(
            code__in=[r["country__code"] for r in by_addressee if r["country__code"]]
        )
    }
    for row in by_addressee:
        if row["country__code"]:
            row["key"], row["name"] = (
                str(row["country__code"]),
                names.get(str(row["country__code"]), row["country__code"]),
            )
        else:
            row["key"] = row["institution__slug"]
            row["name"] = row["institution__acronym"] or row["institution__name"]
    by_objective = [
        {**row, "number": row["recommendation__gcm_links__objective__number"]}
        for row in qs.filter(recommendation__gcm_links__objective__isnull=False)
        .values("recommendation__gcm_links__objective__number")
        .annotate(**counts)
        .order_by("recommendation__gcm_links__objective__number")
    ]
    return {"addressees": by_addressee, "objectives": by_objective}


def addressee_choices(review: Any) -> list[tuple[str, str]]:
    rows = rollup(review, Filters())["addressees"]
    return [(r["key"], r["name"]) for r in rows]


def recommendation_detail(pk: int) -> Recommendation | None:
    """The recommendation with addressees, responses, updates and verifications (6 queries)."""
    return (
        Recommendation.objects.select_related("review", "report", "paragraph")
        .prefetch_related(
            Prefetch(
                "addressees",
                queryset=Addressee.objects.select_related(
                    "country", "institution"
                ).prefetch_related(
                    Prefetch("responses", queryset=Response.objects.select_related("author")),
                    Prefetch(
                        "updates",
                        queryset=ProgressUpdate.objects.select_related("author").prefetch_related(
                            Prefetch(
                                "verifications",
                                queryset=Verification.objects.select_related("organization"),
                            )
                        ),
                    ),
                ),
            ),
            Prefetch("gcm_links", queryset=GCMLink.objects.select_related("objective", "country")),
        )
        .filter(pk=pk)
        .first()
    )


def dialogue_commitments(filters: Filters) -> list[Any]:
    """Commitments made in official dialogue responses, shown in the same tracker."""
    from minga.dialogue.models import Commitment

    qs = Commitment.objects.select_related("responsible", "response__consultation").order_by(
        "due_on", "id"
    )
    if filters.addressee:
        qs = qs.filter(
            Q(responsible__slug=filters.addressee)
            | Q(
                responsible__headquarters__code=filters.addressee.upper(),
                responsible__stakeholder_type="state",
            )
        )
    if filters.overdue:
        qs = qs.filter(due_on__lt=timezone.localdate()).exclude(status__in=["done", "dropped"])
    return list(qs[:100])


def sent_bulletins(review: Any) -> list[Bulletin]:
    if review is None:
        return []
    return list(
        Bulletin.objects.filter(review=review, status=BulletinStatus.SENT).order_by("-month")
    )


def bulletin_drafts(review: Any) -> list[Bulletin]:
    if review is None:
        return []
    return list(
        Bulletin.objects.filter(review=review, status=BulletinStatus.DRAFT).order_by("-month")
    )


def recent_activity(limit: int = 30) -> list[dict[str, Any]]:
    """For the Atom feed: the latest responses, progress updates and verifications."""
    items: list[dict[str, Any]] = []
    for r in Response.objects.select_related(
        "addressee__recommendation", "addressee__country", "addressee__institution"
    ).order_by("-created_at")[:limit]:
        items.append(
            {
                "kind": "response",
                "obj": r,
                "when": r.created_at,
                "recommendation": r.addressee.recommendation,
                "addressee": r.addressee,
            }
        )
    for u in ProgressUpdate.objects.select_related(
        "addressee__recommendation", "addressee__country", "addressee__institution"
    ).order_by("-created_at")[:limit]:
        items.append(
            {
                "kind": "progress",
                "obj": u,
                "when": u.created_at,
                "recommendation": u.addressee.recommendation,
                "addressee": u.addressee,
            }
        )
    for v in Verification.objects.select_related(
        "organization",
        "update__addressee__recommendation",
        "update__addressee__country",
        "update__addressee__institution",
    ).order_by("-created_at")[:limit]:
        items.append(
            {
                "kind": "verification",
                "obj": v,
                "when": v.created_at,
                "recommendation": v.update.addressee.recommendation,
                "addressee": v.update.addressee,
            }
        )
    for rec in Recommendation.objects.order_by("-created_at")[:limit]:
        items.append(
            {
                "kind": "created",
                "obj": rec,
                "when": rec.created_at,
                "recommendation": rec,
                "addressee": None,
            }
        )
    return sorted(items, key=lambda i: i["when"], reverse=True)[:limit]
