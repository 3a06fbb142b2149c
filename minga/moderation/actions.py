"""State changes of the moderation app. Domain apps call these by name (notes/issue4.md)."""

import json
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from minga.core import audit, events

from . import queries
from .models import Block, Flag, FlagReason, FlagStatus, Moderated, Revision
from .permissions import can_moderate

HIDDEN_REASON_MAX = 300
COMMENT_MAX = 1000
BLOCK_REASON_MAX = 2000


class _LenientEncoder(DjangoJSONEncoder):
    def default(self, o: Any) -> Any:
        try:
            return super().default(o)
        except TypeError:
            return str(o)


def auto_hide_threshold() -> int:
    return int(getattr(settings, "MINGA_AUTO_HIDE_FLAGS", 3))


def _key(item: models.Model) -> dict[str, Any]:
    return {"content_type": ContentType.objects.get_for_model(item), "object_id": item.pk}


def _open_flags(item: models.Model) -> models.QuerySet[Flag]:
    return Flag.objects.filter(**_key(item), status=FlagStatus.OPEN)


def _save_moderation(item: models.Model, **values: Any) -> None:
    """Set the Moderated fields on the item and write only them."""
    if not isinstance(item, Moderated):
        return
    for name, value in values.items():
        setattr(item, name, value)
    type(item)._default_manager.filter(pk=item.pk).update(**values)


def _reindex(item: models.Model) -> None:
    if callable(getattr(item, "search_document", None)):
        events.publish("search.index", target=item)


def _close_flags(actor: Any, item: models.Model, status: str) -> int:
    return _open_flags(item).update(status=status, decided_by=actor, decided_at=timezone.now())


@transaction.atomic
def do_flag_content(actor: Any, item: models.Model, *, reason: str, comment: str = "") -> Flag:
    """Report an item. One flag per person and item; enough open flags hide it pending review."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    if queries.is_blocked(actor):
        raise ValidationError(_("Your account is blocked from writing on Minga."), code="blocked")
    if reason not in FlagReason.values:
        raise ValidationError({"reason": _("Choose a reason from the list.")}, code="reason")
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise ValidationError(
            {"comment": _("Keep the comment under %(max)d characters.") % {"max": COMMENT_MAX}},
            code="too_long",
        )
    already = _("You have already reported this. Moderators will look at it.")
    key = _key(item)
    if Flag.objects.filter(**key, reporter=actor).exists():
        raise ValidationError(already, code="duplicate")
    try:
        with transaction.atomic():
            flag = Flag.objects.create(**key, reporter=actor, reason=reason, comment=comment)
    except IntegrityError as error:  # the same person, twice at the same moment
        raise ValidationError(already, code="duplicate") from error
    open_count = _open_flags(item).count()
    _save_moderation(item, flag_count=open_count)
    audit.record(actor, "moderation.flag", item, reason=reason)
    if isinstance(item, Moderated) and not item.is_hidden and open_count >= auto_hide_threshold():
        # An empty public reason means "hidden automatically, pending review".
        _save_moderation(item, is_hidden=True, hidden_reason="", hidden_at=timezone.now())
        audit.record(None, "moderation.auto_hide", item, open_flags=open_count)
        _reindex(item)
    return flag


@transaction.atomic
def do_hide_content(actor: Any, item: models.Model, *, reason: str) -> None:
    """A moderator hides an item with a public reason; its open flags are upheld."""
    if not can_moderate(actor):
        raise PermissionDenied
    if not isinstance(item, Moderated):
        raise ValueError("Only Moderated content can be hidden")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Give the public reason shown in place of the content.")},
            code="required",
        )
    if len(reason) > HIDDEN_REASON_MAX:
        raise ValidationError(
            {"reason": _("Keep the reason under %(max)d characters.") % {"max": HIDDEN_REASON_MAX}},
            code="too_long",
        )
    upheld = _close_flags(actor, item, FlagStatus.UPHELD)
    _save_moderation(
        item, is_hidden=True, hidden_reason=reason, hidden_at=timezone.now(), flag_count=0
    )
    audit.record(actor, "moderation.hide", item, reason=reason, upheld_flags=upheld)
    _reindex(item)


@transaction.atomic
def do_restore_content(actor: Any, item: models.Model) -> None:
    """A moderator shows a hidden item again; its open flags are dismissed."""
    if not can_moderate(actor):
        raise PermissionDenied
    if not isinstance(item, Moderated):
        raise ValueError("Only Moderated content can be restored")
    dismissed = _close_flags(actor, item, FlagStatus.DISMISSED)
    was_hidden = item.is_hidden
    _save_moderation(item, is_hidden=False, hidden_reason="", hidden_at=None, flag_count=0)
    audit.record(
        actor, "moderation.restore", item, was_hidden=was_hidden, dismissed_flags=dismissed
    )
    _reindex(item)


@transaction.atomic
def do_dismiss_flags(actor: Any, item: models.Model) -> int:
    """A moderator finds the reports unfounded: open flags are dismissed and an item hidden
    automatically (pending review) is shown again. An item a moderator hid stays hidden."""
    if not can_moderate(actor):
        raise PermissionDenied
    dismissed = _close_flags(actor, item, FlagStatus.DISMISSED)
    audit.record(actor, "moderation.dismiss", item, dismissed_flags=dismissed)
    if isinstance(item, Moderated):
        if item.is_hidden and not item.hidden_reason:
            _save_moderation(item, is_hidden=False, hidden_at=None, flag_count=0)
            _reindex(item)
        else:
            _save_moderation(item, flag_count=0)
    return dismissed


@transaction.atomic
def do_block_person(actor: Any, person: Any, *, reason: str) -> Block:
    """Block a person from writing (they can still read, export and delete their data)."""
    if not can_moderate(actor):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why this person is blocked.")}, code="required")
    if len(reason) > BLOCK_REASON_MAX:
        raise ValidationError(
            {"reason": _("Keep the reason under %(max)d characters.") % {"max": BLOCK_REASON_MAX}},
            code="too_long",
        )
    if person.pk == actor.pk:
        raise ValidationError(_("You cannot block yourself."), code="self")
    if can_moderate(person):
        raise ValidationError(
            _("Moderators cannot be blocked. Remove their role first."), code="moderator"
        )
    if Block.objects.filter(person=person).exists():
        raise ValidationError(
            _("%(person)s is already blocked.") % {"person": person}, code="duplicate"
        )
    block = Block.objects.create(person=person, reason=reason, blocked_by=actor)
    queries.clear_cache(person)
    audit.record(actor, "moderation.block", person, reason=reason)
    return block


@transaction.atomic
def do_unblock_person(actor: Any, person: Any) -> None:
    if not can_moderate(actor):
        raise PermissionDenied
    deleted, _counts = Block.objects.filter(person=person).delete()
    if not deleted:
        raise ValidationError(_("%(person)s is not blocked.") % {"person": person}, code="absent")
    queries.clear_cache(person)
    audit.record(actor, "moderation.unblock", person)


@transaction.atomic
def do_record_revision(editor: Any, item: models.Model, previous: dict[str, Any]) -> Revision:
    """Keep the previous values of an edited item (called by the domain's edit action, which
    has already checked the permission, with the old values before saving)."""
    # Dates, decimals, UUIDs... become strings the JSON field can store.
    plain = json.loads(json.dumps(previous, cls=_LenientEncoder))
    revision = Revision.objects.create(
        **_key(item),
        editor=editor if getattr(editor, "is_authenticated", False) else None,
        previous=plain,
    )
    audit.record(editor, "moderation.revision", item, fields=sorted(plain))
    return revision
