"""A person's own pages: profile, data export, account deletion."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from . import actions, permissions, queries
from .adapter import set_language_cookie
from .forms import DeleteAccountForm, ProfileForm
from .models import PRIVILEGED_ROLES, User


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # guaranteed by login_required
    return user


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=User.objects.get(pk=user.pk))
        if form.is_valid():
            changed = actions.do_update_profile(
                user, user, **{name: form.cleaned_data[name] for name in actions.PROFILE_FIELDS}
            )
            language = user.preferred_language
            with translation.override(language):
                if changed:
                    messages.success(request, _("Your profile is saved."))
                else:
                    messages.info(request, _("Nothing changed."))
                response = redirect(reverse("accounts:profile"))
            set_language_cookie(response, language)
            return response
    else:
        form = ProfileForm(instance=user)
    roles = queries.roles_of(user)
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "memberships": queries.memberships_of(user),
            "roles": roles,
            "privileged_roles": PRIVILEGED_ROLES,
            "mfa": queries.mfa_status(user),
            "mfa_required": permissions.is_privileged(user),
            "needs_mfa_setup": permissions.needs_mfa_setup(user),
        },
    )


@never_cache
@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    """Everything Minga holds about the person, as a JSON download."""
    data = queries.export_data(_user(request))
    data["exported_at"] = timezone.now().isoformat()
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"minga-my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def delete(request: HttpRequest) -> HttpResponse:
    """Confirm by typing the e-mail address; the deletion itself happens only on POST."""
    user = _user(request)
    handover = queries.organizations_needing_handover(user)
    form = DeleteAccountForm(request.POST or None, user=user)
    if request.method == "POST" and not handover and form.is_valid():
        try:
            actions.do_delete_account(user, user)
        except actions.HandoverRequired as error:
            handover = error.organizations
        else:
            logout(request)
            messages.success(request, _("Your account and your personal data have been deleted."))
            return redirect("home")
    return render(
        request,
        "accounts/delete.html",
        {"form": form, "handover": handover},
    )
