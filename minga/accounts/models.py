"""People and their roles."""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from minga.core.models import InterfaceLanguage
from minga.gcm.models import Country
from minga.reviews.models import Review


class SelfIdentification(models.TextChoices):
    MIGRANT = "migrant", _("Migrant")
    RETURNEE = "returnee", _("Returnee")
    FAMILY = "family", _("Family member of a migrant")
    DIASPORA = "diaspora", _("Member of a diaspora")
    REFUGEE = "refugee", _("Refugee or asylum seeker")
    DISPLACED = "displaced", _("Internally displaced person")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NON_BINARY = "non_binary", _("Non-binary")
    SELF_DESCRIBED = "other", _("Another identity")
    UNDISCLOSED = "", _("Prefer not to say")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: object) -> "User":
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create(email, password, **extra)


class User(AbstractUser):
    """A person. Logs in with e-mail; shows a display name that may be a pseudonym."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=80,
        help_text=_("Shown beside what you write. A pseudonym is allowed."),
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, default="es", choices=InterfaceLanguage.choices
    )
    countries = models.ManyToManyField(
        Country, verbose_name=_("countries"), blank=True, related_name="people",
        help_text=_("Countries you live in, come from or work on."),
    )  # fmt: skip
    self_identification = models.JSONField(
        _("self-identification (private)"), default=list, blank=True,
        help_text=_("Never shown publicly; used only in aggregated, anonymous statistics."),
    )  # fmt: skip
    gender = models.CharField(
        _("gender (private)"), max_length=12, choices=Gender.choices, blank=True
    )
    is_public = models.BooleanField(
        _("show me in public lists"), default=False,
        help_text=_("If ticked, your display name may appear in the public directory and open data."),
    )  # fmt: skip

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()  # type: ignore[assignment,misc]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["display_name"]

    def __str__(self) -> str:
        return self.display_name or self.email.split("@")[0]

    def get_full_name(self) -> str:
        return str(self)

    def get_short_name(self) -> str:
        return str(self)


class Role(models.TextChoices):
    ADMIN = "admin", _("Platform administrator")
    UN_DELEGATE = "un_delegate", _("UN regional delegate")
    STATE_FOCAL_POINT = "state_focal_point", _("State focal point")
    COMMITTEE_MEMBER = "committee_member", _("Civil Society Committee member")
    MONITORING_REVIEWER = "monitoring_reviewer", _("Monitoring reviewer")
    MODERATOR = "moderator", _("Moderator")


PRIVILEGED_ROLES = frozenset(
    {
        Role.ADMIN,
        Role.UN_DELEGATE,
        Role.STATE_FOCAL_POINT,
        Role.COMMITTEE_MEMBER,
        Role.MONITORING_REVIEWER,
    }
)


class RoleAssignment(models.Model):
    """A role held by a person, optionally scoped to a review and/or a country.

    Created and revoked only through ``minga.accounts.actions``.
    """

    user = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    review = models.ForeignKey(
        Review, verbose_name=_("review"), null=True, blank=True, on_delete=models.CASCADE
    )
    country = models.ForeignKey(
        Country, verbose_name=_("country"), null=True, blank=True, on_delete=models.CASCADE,
        help_text=_("For State focal points: the State they speak for."),
    )  # fmt: skip
    granted_by = models.ForeignKey(
        User, verbose_name=_("granted by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        indexes = [models.Index(fields=["user", "role"])]

    def __str__(self) -> str:
        scope = " · ".join(str(s) for s in (self.review, self.country) if s)
        return f"{self.user} — {self.get_role_display()}" + (f" ({scope})" if scope else "")
