import pytest
from django.core.management import call_command

from minga.accounts import permissions
from minga.accounts.models import RoleAssignment, User
from minga.core.models import AuditEntry
from minga.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from minga.demo.loader import ORGANIZATIONS
from minga.reviews.queries import current_review
from minga.stakeholders.models import Accreditation, Membership, Organization


@pytest.mark.django_db
def test_load_demo_is_idempotent_and_complete(client):
    call_command("load_demo", verbosity=0)
    counts = (
        User.objects.count(),
        Organization.objects.count(),
        Membership.objects.count(),
        Accreditation.objects.count(),
        RoleAssignment.objects.count(),
    )
    audit_count = AuditEntry.objects.count()
    call_command("load_demo", verbosity=0)
    assert (
        User.objects.count(),
        Organization.objects.count(),
        Membership.objects.count(),
        Accreditation.objects.count(),
        RoleAssignment.objects.count(),
    ) == counts
    assert AuditEntry.objects.count() == audit_count
    assert Organization.objects.filter(name__in=[o.name for o in ORGANIZATIONS]).count() == 12

    review = current_review()
    assert review is not None and review.current_phase() is not None
    accredited = Organization.objects.accredited_for(review)
    assert accredited.filter(name__in=[o.name for o in ORGANIZATIONS]).count() == 5

    # Every persona of the demo can log in with the published password.
    for _persona, email, password in DEMO_ACCOUNTS:
        assert password == DEMO_PASSWORD
        user = User.objects.get(email=email)
        assert user.check_password(password)

    committee = User.objects.get(email="rosa@demo.minga.example")
    assert permissions.can_decide_accreditation(committee, review)
    state = User.objects.get(email="marta@demo.minga.example")
    assert permissions.needs_mfa_setup(state)

    directory = client.get("/es/organizations/")
    assert directory.status_code == 200
    assert "Red Regional de Organizaciones Migrantes" in directory.text


@pytest.mark.django_db
def test_demo_code_prints_a_valid_code_only_for_demo_accounts(capsys):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP
    from django.core.management.base import CommandError

    call_command("load_demo", verbosity=0)
    call_command("demo_code", "rosa@demo.minga.example")
    code = capsys.readouterr().out.strip()
    assert len(code) == 6 and code.isdigit()
    authenticator = Authenticator.objects.get(user__email="rosa@demo.minga.example")
    assert TOTP(authenticator).validate_code(code)
    with pytest.raises(CommandError):
        call_command("demo_code", "someone@example.org")
