"""iCalendar files (RFC 5545) for one session and for a review's whole programme, which
calendar apps import or subscribe to. Times are written in UTC (``…Z``), which every calendar
app converts to its own zone; the review's zone is named in X-WR-TIMEZONE."""

import datetime
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import Session, SessionStatus
from .queries import sessions_of_review


def _calendar(name: str, zone: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//Minga//Review sessions//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", zone)
    return cal


def _event(session: Session) -> Event:
    site = settings.SITE_URL.rstrip("/")
    event = Event()
    event.add("uid", f"session-{session.pk}@minga")
    event.add("summary", session.title)
    event.add("dtstart", session.starts_at.astimezone(datetime.UTC))
    event.add("dtend", session.ends_at.astimezone(datetime.UTC))
    event.add("dtstamp", session.updated_at.astimezone(datetime.UTC))
    event.add("last-modified", session.updated_at.astimezone(datetime.UTC))
    event.add("url", site + session.get_absolute_url())
    location = session.venue or session.stream_url
    if location:
        event.add("location", location)
    description = session.description
    if session.stream_url:
        description = f"{description}\n\n{_('Stream')}: {session.stream_url}".strip()
    if description:
        event.add("description", description)
    cancelled = session.status == SessionStatus.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def session_calendar(session: Session) -> bytes:
    cal = _calendar(session.title, session.review.time_zone)
    cal.add_component(_event(session))
    return cal.to_ical()


def review_calendar(review: Any) -> bytes:
    """Every published (and cancelled, so that subscribers see the cancellation) session."""
    cal = _calendar(str(review.title), review.time_zone)
    sessions = sessions_of_review(review, include_drafts=True).exclude(status=SessionStatus.DRAFT)
    for session in sessions:
        cal.add_component(_event(session))
    return cal.to_ical()
