"""State changes of the notifications app: follows, notifications, settings, unsubscribing.

Each action owns its transaction, checks permission and writes the audit log (except
``do_create_notifications``, run for every event, whose rows are their own record).
"""

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from minga.core import audit, tokens
from minga.core.events import Event

from . import followable
from .models import EmailMode, Follow, Notification, NotificationSettings

UNSUBSCRIBE_SALT = "minga.notifications.unsubscribe"
# Events whose topics' (objectives, countries) followers are told as well.
TOPIC_SUFFIXES = (".submitted", ".opened")
TOPIC_EVENTS = frozenset(
    {"initiative.created", "initiative.updated", "practice.published", "report.published"}
)


def tells_topic_followers(name: str) -> bool:
    return name.endswith(TOPIC_SUFFIXES) or name in TOPIC_EVENTS


def _require_login(actor: Any) -> None:
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied


def settings_for(user: Any) -> NotificationSettings:
    """The person's settings (defaults, unsaved, when they never changed them)."""
    found = NotificationSettings.objects.filter(user_id=user.pk).first()
    return found or NotificationSettings(user_id=user.pk)


# Follows -------------------------------------------------------------------------------------


@transaction.atomic
def do_follow(actor: Any, target: models.Model) -> Follow:
    _require_login(actor)
    if not followable.is_followable(target):
        raise ValidationError(_("This cannot be followed."))
    target_type = ContentType.objects.get_for_model(target)
    existing = Follow.objects.filter(
        user_id=actor.pk, target_type=target_type, target_id=target.pk
    ).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            follow = Follow.objects.create(
                user_id=actor.pk, target_type=target_type, target_id=target.pk
            )
    except IntegrityError:  # followed twice at the same moment
        return Follow.objects.get(user_id=actor.pk, target_type=target_type, target_id=target.pk)
    audit.record(actor, "notifications.follow", target)
    return follow


@transaction.atomic
def do_unfollow(actor: Any, target: models.Model) -> bool:
    """Stop following; True if there was something to stop."""
    _require_login(actor)
    target_type = ContentType.objects.get_for_model(target)
    deleted, _rows = Follow.objects.filter(
        user_id=actor.pk, target_type=target_type, target_id=target.pk
    ).delete()
    if deleted:
        audit.record(actor, "notifications.unfollow", target)
    return bool(deleted)


# Notifications -------------------------------------------------------------------------------


def recipient_ids(event: Event) -> list[int]:
    """Who is told about ``event``: followers of its target, followers of its topics for
    ``*.submitted``/``*.opened`` and the TOPIC_EVENTS, and its explicit recipients; never the actor; once each.

    One query for all followers, whatever the number of topics.
    """
    condition = Q(pk__in=[])
    target = event.target
    if isinstance(target, models.Model) and target.pk is not None:
        condition |= Q(target_type=ContentType.objects.get_for_model(target), target_id=target.pk)
    if tells_topic_followers(event.name):
        by_type: dict[int, list[int]] = {}
        for topic in event.topics:
            if isinstance(topic, models.Model) and topic.pk is not None:
                type_id = ContentType.objects.get_for_model(topic).pk
                by_type.setdefault(type_id, []).append(topic.pk)
        for type_id, ids in by_type.items():
            condition |= Q(target_type_id=type_id, target_id__in=ids)
    ordered: dict[int, None] = {}
    for person in event.recipients:
        pk = getattr(person, "pk", person)
        if pk is not None:
            ordered[int(pk)] = None
    for pk in Follow.objects.filter(condition).values_list("user_id", flat=True).distinct():
        ordered[pk] = None
    actor_pk = getattr(event.actor, "pk", None)
    ordered.pop(actor_pk, None)  # type: ignore[arg-type]
    return list(ordered)


def event_data(event: Event) -> dict[str, Any]:
    """The public, JSON-safe values a notification keeps to render its message later."""
    data: dict[str, Any] = {}
    if event.target is not None:
        data["title"] = followable.target_title(event.target)
    for key, value in event.data.items():
        if isinstance(value, bool | int | float) or value is None:
            data[key] = value
        elif isinstance(value, str):
            data[key] = value[:300]
        else:
            data[key] = str(value)[:300]
    return data


def do_create_notifications(event: Event) -> list[Notification]:
    """Create the notifications for one event (one INSERT) and enqueue immediate e-mails.

    Called by the event subscriber once the publishing transaction has committed.
    """
    from . import tasks

    ids = recipient_ids(event)
    if not ids:
        return []
    User = get_user_model()
    active = set(User.objects.filter(pk__in=ids, is_active=True).values_list("pk", flat=True))
    prefs = {s.user_id: s for s in NotificationSettings.objects.filter(user_id__in=ids)}
    default = NotificationSettings()
    target = event.target if isinstance(event.target, models.Model) else None
    target_type = ContentType.objects.get_for_model(target) if target is not None else None
    data = event_data(event)
    url = followable.target_path(target) if target is not None else ""
    now = timezone.now()
    actor_pk = getattr(event.actor, "pk", None)
    rows = []
    for pk in ids:
        pref = prefs.get(pk, default)
        if pk not in active or (not pref.in_app and pref.email_mode == EmailMode.NONE):
            continue
        rows.append(
            Notification(
                recipient_id=pk,
                event=event.name,
                actor_id=actor_pk,
                target_type=target_type,
                target_id=target.pk if target is not None else None,
                data=data,
                url=url,
                read_at=None if pref.in_app else now,
            )
        )
    with transaction.atomic():
        created = Notification.objects.bulk_create(rows)
        immediate = [
            n.pk
            for n in created
            if prefs.get(n.recipient_id, default).email_mode == EmailMode.IMMEDIATE
        ]
        if immediate:
            transaction.on_commit(
                lambda: tasks.send_notification_emails.enqueue(notification_ids=immediate)
            )
    return created


@transaction.atomic
def do_mark_read(actor: Any, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the actor's notifications read (all unread ones when no ids are given)."""
    _require_login(actor)
    qs = Notification.objects.filter(recipient_id=actor.pk, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=list(notification_ids))
    return qs.update(read_at=timezone.now())


# Settings and unsubscribing ------------------------------------------------------------------


@transaction.atomic
def do_update_notification_settings(
    actor: Any, *, email_mode: str, in_app: bool
) -> NotificationSettings:
    _require_login(actor)
    if email_mode not in EmailMode.values:
        raise ValidationError({"email_mode": _("Choose one of the options.")})
    prefs, _created = NotificationSettings.objects.select_for_update().get_or_create(
        user_id=actor.pk
    )
    before = {"email_mode": prefs.email_mode, "in_app": prefs.in_app}
    if email_mode != prefs.email_mode and email_mode in (EmailMode.DAILY, EmailMode.WEEKLY):
        prefs.last_digest_at = timezone.now()  # the first digest comes one period from now
    prefs.email_mode = email_mode
    prefs.in_app = in_app
    prefs.save()
    audit.record(
        actor, "notifications.settings", actor, before=before,
        after={"email_mode": email_mode, "in_app": in_app},
    )  # fmt: skip
    return prefs


def unsubscribe_token(user: Any, follow: Follow | None = None) -> str:
    """A signed token that lets the e-mail's reader unsubscribe without logging in."""
    if follow is None:
        return tokens.person_token(user, UNSUBSCRIBE_SALT)
    return tokens.person_token(user, UNSUBSCRIBE_SALT, f=follow.pk)


def read_unsubscribe_token(token: str) -> tuple[Any, Follow | None]:
    """The person (and follow, if still there) a token is for; ValidationError if forged."""
    user, payload = tokens.read_person_token(token, UNSUBSCRIBE_SALT)
    follow = None
    if payload.get("f") is not None:
        follow = (
            Follow.objects.filter(pk=payload["f"], user_id=user.pk)
            .select_related("target_type")
            .first()
        )
    return user, follow


@transaction.atomic
def do_unsubscribe(actor: Any, token: str, *, scope: str = "all") -> str:
    """Unsubscribe through an e-mail's signed link (no login needed: the token is the right).

    ``scope="follow"`` stops the follow the e-mail was about; ``"all"`` stops every e-mail.
    Returns the scope applied ("follow" falls back to "all" when the follow is gone).
    """
    user, follow = read_unsubscribe_token(token)
    if scope == "follow" and follow is not None:
        target_type = follow.target_type
        target_id = follow.target_id
        follow.delete()
        audit.record(
            None, "notifications.unsubscribe", user, scope="follow",
            target_type=target_type.model, target_id=target_id,
        )  # fmt: skip
        return "follow"
    prefs, _created = NotificationSettings.objects.select_for_update().get_or_create(
        user_id=user.pk
    )
    prefs.email_mode = EmailMode.NONE
    prefs.save(update_fields=["email_mode", "updated_at"])
    audit.record(None, "notifications.unsubscribe", user, scope="all")
    return "all"


# E-mails -------------------------------------------------------------------------------------

DIGEST_PERIODS = {EmailMode.DAILY: timedelta(days=1), EmailMode.WEEKLY: timedelta(days=7)}
# A digest is due a little before its full period, so a worker run every few minutes keeps
# the same hour of the day.
DIGEST_SLACK = timedelta(minutes=30)
# Older unsent notifications are left out of digests.
DIGEST_MAX_AGE = timedelta(days=31)


def _follows_for(notifications: Iterable[Notification]) -> dict[tuple[int, int, int], Follow]:
    """The recipients' follows of the notifications' targets, in one query."""
    condition = Q(pk__in=[])
    for n in notifications:
        if n.target_type_id is not None:
            condition |= Q(
                user_id=n.recipient_id, target_type_id=n.target_type_id, target_id=n.target_id
            )
    return {
        (f.user_id, f.target_type_id, f.target_id): f
        for f in Follow.objects.filter(condition).select_related("target_type")
    }


def do_send_notification_emails(actor: Any, notification_ids: Iterable[int]) -> int:
    """Send one e-mail per notification not e-mailed yet; returns how many were sent.

    Run by the ``send_notification_emails`` task (``actor`` is None: the system).
    """
    from . import emails

    pending = list(
        Notification.objects.filter(
            pk__in=list(notification_ids), emailed_at__isnull=True, recipient__is_active=True
        ).select_related("recipient")
    )
    follows = _follows_for(pending)
    sent = 0
    for n in pending:
        follow = follows.get((n.recipient_id, n.target_type_id or 0, n.target_id or 0))
        emails.send_notification_email(n, follow)
        Notification.objects.filter(pk=n.pk).update(emailed_at=timezone.now())
        sent += 1
    return sent


def do_send_digests(
    actor: Any, *, mode: str | None = None, force: bool = False, now: Any = None
) -> int:
    """Send each due daily/weekly digest: one e-mail per person grouping their unsent
    notifications. ``mode`` limits to daily or weekly; ``force`` ignores when the last digest
    went out. Returns the number of e-mails sent."""
    from . import emails

    now = now or timezone.now()
    modes = [mode] if mode else list(DIGEST_PERIODS)
    due_condition = Q(pk__in=[])
    for m in modes:
        cutoff = now - DIGEST_PERIODS[EmailMode(m)] + DIGEST_SLACK
        due_for_mode = Q(email_mode=m)
        if not force:
            due_for_mode &= Q(last_digest_at__isnull=True) | Q(last_digest_at__lte=cutoff)
        due_condition |= due_for_mode
    due = dict(
        NotificationSettings.objects.filter(due_condition).values_list("user_id", "email_mode")
    )
    if not due:
        return 0
    pending = (
        Notification.objects.filter(
            recipient_id__in=list(due),
            emailed_at__isnull=True,
            created_at__gte=now - DIGEST_MAX_AGE,
            recipient__is_active=True,
        )
        .select_related("recipient")
        .order_by("recipient_id", "created_at", "id")
    )
    groups: dict[int, list[Notification]] = {}
    for n in pending:
        groups.setdefault(n.recipient_id, []).append(n)
    sent = 0
    for user_pk, items in groups.items():
        emails.send_digest_email(items[0].recipient, items, due[user_pk])
        Notification.objects.filter(pk__in=[n.pk for n in items]).update(
            emailed_at=timezone.now(), in_digest=True
        )
        sent += 1
    NotificationSettings.objects.filter(user_id__in=list(due)).update(last_digest_at=now)
    return sent
