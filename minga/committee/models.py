"""The Civil Society Committee of a review, its calls for nominations, the nominations, the
members' votes and the selection (slate) that a UN delegate confirms.

Committee membership and the per-review role ``Role.COMMITTEE_MEMBER`` (minga.accounts) go
together: adding a member grants the role, removing them revokes it (docs/decisions), so
every existing permission predicate keeps reading roles only.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minga.core.models import TimeStamped
from minga.gcm.models import GCMLink, GCMLinkedQuerySet
from minga.hearings.models import Session, SessionRoleKind
from minga.reviews.models import Review
from minga.stakeholders.models import Organization

ELIGIBILITY_MAX = 4_000
JUSTIFICATION_MIN = 20
JUSTIFICATION_MAX = 3_000
COMMENT_MAX = 1_000
RATIONALE_MIN = 20
RATIONALE_MAX = 4_000
NAME_MAX = 120


class FocalRegion(models.TextChoices):
    """The committee's subregional focal points (the three LAC subregions and the diaspora)."""

    MEXICO_CENTRAL_AMERICA = "mca", _("Mexico and Central America")
    CARIBBEAN = "caribbean", _("Caribbean")
    SOUTH_AMERICA = "south_america", _("South America")
    DIASPORA = "diaspora", _("Diaspora in North America and Europe")


class CommitteeMember(TimeStamped):
    review = models.ForeignKey(
        Review, verbose_name=_("review"), on_delete=models.CASCADE,
        related_name="committee_members",
    )  # fmt: skip
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE,
        related_name="committee_seats",
    )  # fmt: skip
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT,
        related_name="committee_seats",
    )  # fmt: skip
    is_chair = models.BooleanField(_("chair"), default=False)
    focal_region = models.CharField(
        _("subregional focal point for"), max_length=20, choices=FocalRegion.choices, blank=True
    )
    role_assignment = models.ForeignKey(
        "accounts.RoleAssignment", verbose_name=_("role granted"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["review", "-is_chair", "id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "person"], name="committee_member_unique"),
            models.UniqueConstraint(
                fields=["review"], condition=Q(is_chair=True), name="committee_one_chair"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.organization}"


class CallRole(models.TextChoices):
    PANELIST = SessionRoleKind.PANELIST.value, _("Panelist")
    RAPPORTEUR = SessionRoleKind.RAPPORTEUR.value, _("Rapporteur")
    MODERATOR = SessionRoleKind.MODERATOR.value, _("Moderator")


class CallStatus(models.TextChoices):
    OPEN = "open", _("Open for nominations")
    CLOSED = "closed", _("Closed: the committee is selecting")
    DECIDED = "decided", _("Slate decided: awaiting UN confirmation")
    CONFIRMED = "confirmed", _("Selection confirmed")


class CallQuerySet(models.QuerySet["Call"]):
    def public(self) -> "CallQuerySet":
        return self.filter(session__review__is_published=True)


class Call(TimeStamped):
    """A call for nominations for one role at one session."""

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="calls"
    )
    role = models.CharField(_("role"), max_length=12, choices=CallRole.choices)
    seats = models.PositiveSmallIntegerField(_("people to select"), default=1)
    deadline = models.DateTimeField(_("deadline for nominations"))
    eligibility = models.TextField(_("eligibility"), max_length=ELIGIBILITY_MAX)
    rules = models.JSONField(_("balance rules"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CallStatus.choices, default=CallStatus.OPEN
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    rationale = models.TextField(_("rationale of the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("confirmed by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("call for nominations")
        verbose_name_plural = _("calls for nominations")
        ordering = ["deadline", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(seats__gte=1), name="committee_call_seats_positive")
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} — {self.session}"

    def get_absolute_url(self) -> str:
        return reverse("committee:call", args=[self.pk])

    @property
    def accepts_nominations(self) -> bool:
        return self.status == CallStatus.OPEN and timezone.now() < self.deadline


class ConsentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the nominee's consent")
    CONFIRMED = "confirmed", _("The nominee agreed")
    DECLINED = "declined", _("The nominee declined")


class NominationQuerySet(GCMLinkedQuerySet):
    def consented(self) -> "NominationQuerySet":
        return self.filter(consent=ConsentStatus.CONFIRMED)


class Nomination(TimeStamped):
    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="nominations"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("nominating organization"), on_delete=models.CASCADE,
        related_name="nominations",
    )  # fmt: skip
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("nominated by"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    nominee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("nominee"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="nominations",
        help_text=_("Empty until a person invited by e-mail signs in and agrees."),
    )  # fmt: skip
    nominee_email = models.EmailField(_("nominee's e-mail address"))
    nominee_name = models.CharField(_("nominee's name"), max_length=NAME_MAX)
    languages = models.JSONField(_("languages spoken"), default=list)
    language = models.CharField(
        _("language for e-mails to an invited nominee"), max_length=8, default="es"
    )
    justification = models.TextField(_("justification"), max_length=JUSTIFICATION_MAX)
    consent = models.CharField(
        _("consent"), max_length=10, choices=ConsentStatus.choices, default=ConsentStatus.PENDING
    )
    consent_at = models.DateTimeField(_("consent given or refused at"), null=True, blank=True)
    in_slate = models.BooleanField(_("in the chair's slate"), default=False)
    selected = models.BooleanField(_("selected"), default=False)
    notified_at = models.DateTimeField(_("told of the outcome at"), null=True, blank=True)
    gcm_links = GenericRelation(GCMLink)

    objects = NominationQuerySet.as_manager()

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["call", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "nominee_email"], name="committee_nomination_once_per_call"
            )
        ]

    def __str__(self) -> str:
        return f"{self.nominee_name} ({self.organization})"


class VoteChoice(models.TextChoices):
    SUPPORT = "support", _("Support")
    OPPOSE = "oppose", _("Oppose")
    ABSTAIN = "abstain", _("Abstain")


class Vote(models.Model):
    """One committee member's vote on one nomination (one per member, enforced by the DB)."""

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("nomination"), on_delete=models.CASCADE, related_name="votes"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("committee member"), on_delete=models.CASCADE,
        related_name="committee_votes",
    )  # fmt: skip
    choice = models.CharField(_("vote"), max_length=10, choices=VoteChoice.choices)
    comment = models.TextField(_("comment"), blank=True, max_length=COMMENT_MAX)
    conflict_of_interest = models.BooleanField(
        _("conflict of interest declared"), default=False,
        help_text=_("A vote with a declared conflict of interest is not counted."),
    )  # fmt: skip
    created_at = models.DateTimeField(_("cast at"), auto_now_add=True)

    class Meta:
        verbose_name = _("committee vote")
        verbose_name_plural = _("committee votes")
        ordering = ["nomination", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "member"], name="committee_vote_once_per_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_choice_display()}"
