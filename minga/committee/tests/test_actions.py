import datetime
import threading

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from minga.accounts.models import Role, RoleAssignment
from minga.accounts.permissions import has_role
from minga.committee import actions, queries
from minga.committee.models import CallStatus, CommitteeMember, ConsentStatus, Nomination, Vote
from minga.core.models import AuditEntry
from minga.hearings.models import RoleSource, SessionRole
from minga.stakeholders.models import MembershipRole
from minga.testing import factories as f

from .conftest import nominate

pytestmark = pytest.mark.django_db


def audited(action):
    return AuditEntry.objects.filter(action=action).exists()


# --- Composition -----------------------------------------------------------------------------


def test_adding_a_member_grants_the_committee_role_and_removing_revokes_it(
    admin_user, review, accredited
):
    person = f.make_user("new@example.org")
    f.add_member(person, accredited)
    f.give_mfa(person)
    member = actions.do_add_committee_member(
        admin_user, review, person, accredited, is_chair=True, focal_region="mca"
    )
    assert member.role_assignment is not None
    assert member.role_assignment.role == Role.COMMITTEE_MEMBER
    assert has_role(person, Role.COMMITTEE_MEMBER, review=review)
    assert audited("committee.add_member") and audited("accounts.grant_role")
    actions.do_remove_committee_member(admin_user, member)
    assert not RoleAssignment.objects.filter(user=person, role=Role.COMMITTEE_MEMBER).exists()
    assert not CommitteeMember.objects.filter(pk=member.pk).exists()
    assert audited("committee.remove_member") and audited("accounts.revoke_role")


def test_seat_reuses_an_existing_role(admin_user, review, accredited, committee_member):
    f.add_member(committee_member, accredited)
    member = actions.do_add_committee_member(admin_user, review, committee_member, accredited)
    assert RoleAssignment.objects.filter(user=committee_member).count() == 1
    assert member.role_assignment is not None


def test_seat_rules(admin_user, review, organization, chair, other_org):
    person = f.make_user()
    with pytest.raises(ValidationError) as error:  # not accredited
        actions.do_add_committee_member(admin_user, review, person, organization)
    assert "organization" in error.value.error_dict
    f.accredit(organization, review)
    with pytest.raises(ValidationError) as error:  # not a member
        actions.do_add_committee_member(admin_user, review, person, organization)
    assert "person" in error.value.error_dict
    f.add_member(person, organization)
    with pytest.raises(ValidationError) as error:  # second chair
        actions.do_add_committee_member(admin_user, review, person, organization, is_chair=True)
    assert "is_chair" in error.value.error_dict
    with pytest.raises(ValidationError):
        actions.do_add_committee_member(admin_user, review, chair, other_org)


def test_only_platform_admins_and_the_chair_compose_the_committee(
    un_delegate, committee_member, chair, member, review, accredited
):
    person = f.make_user()
    f.add_member(person, accredited)
    for actor in (un_delegate, committee_member, member):  # a seated ordinary member too
        with pytest.raises(PermissionDenied):
            actions.do_add_committee_member(actor, review, person, accredited)
    seat = CommitteeMember.objects.get(person=member)
    with pytest.raises(PermissionDenied):
        actions.do_update_committee_member(member, seat, is_chair=False, focal_region="mca")
    with pytest.raises(PermissionDenied):
        actions.do_remove_committee_member(member, seat)


def test_the_chair_manages_ordinary_seats_only(chair, admin_user, review, accredited):
    person = f.make_user()
    f.add_member(person, accredited)
    f.give_mfa(person)
    # The chair may not appoint a chair (nor a second one).
    with pytest.raises(PermissionDenied):
        actions.do_add_committee_member(chair, review, person, accredited, is_chair=True)
    seat = actions.do_add_committee_member(chair, review, person, accredited, focal_region="mca")
    assert has_role(person, Role.COMMITTEE_MEMBER, review=review)
    assert seat.role_assignment is not None and seat.role_assignment.granted_by == chair
    assert audited("committee.add_member") and audited("accounts.grant_role")
    actions.do_update_committee_member(chair, seat, is_chair=False, focal_region="caribbean")
    seat.refresh_from_db()
    assert seat.focal_region == "caribbean"
    with pytest.raises(PermissionDenied):  # making someone chair
        actions.do_update_committee_member(chair, seat, is_chair=True, focal_region="")
    own = CommitteeMember.objects.get(person=chair)
    # Setting the chair's own focal point is fine; unseating or demoting the chair is not.
    actions.do_update_committee_member(chair, own, is_chair=True, focal_region="south_america")
    with pytest.raises(PermissionDenied):
        actions.do_update_committee_member(chair, own, is_chair=False, focal_region="")
    with pytest.raises(PermissionDenied):
        actions.do_remove_committee_member(chair, own)
    actions.do_remove_committee_member(chair, seat)
    assert not RoleAssignment.objects.filter(user=person, role=Role.COMMITTEE_MEMBER).exists()
    assert audited("accounts.revoke_role")
    # A platform administrator changes the chair.
    actions.do_update_committee_member(admin_user, own, is_chair=False, focal_region="")
    own.refresh_from_db()
    assert not own.is_chair


def test_a_chair_without_mfa_manages_nothing(chair, review, accredited):
    from allauth.mfa.models import Authenticator

    from minga.accounts import permissions as account_permissions

    person = f.make_user()
    f.add_member(person, accredited)
    Authenticator.objects.filter(user=chair).delete()
    account_permissions.clear_cache(chair)
    with pytest.raises(PermissionDenied):
        actions.do_add_committee_member(chair, review, person, accredited)


# --- Calls -------------------------------------------------------------------------------------


def test_open_call_validates_and_cleans_rules(committee_member, session):
    with pytest.raises(ValidationError) as error:
        actions.do_open_call(
            committee_member,
            session,
            role="chair",
            deadline=timezone.now() - datetime.timedelta(days=1),
            eligibility=" ",
            seats=0,
        )
    assert set(error.value.error_dict) == {"role", "deadline", "eligibility", "seats"}
    call = actions.do_open_call(
        committee_member,
        session,
        role="moderator",
        deadline=session.starts_at - datetime.timedelta(days=2),
        eligibility="Moderadoras con experiencia.",
        rules={"min_women_percent": "40", "all_subregions": True, "max_per_country": "", "x": 1},
    )
    assert call.rules == {"min_women_percent": 40, "all_subregions": True}
    assert audited("committee.open_call")
    with pytest.raises(ValidationError):  # one call per session and role
        actions.do_open_call(
            committee_member,
            session,
            role="moderator",
            deadline=session.starts_at - datetime.timedelta(days=2),
            eligibility="Otra vez.",
        )


def test_deadline_must_precede_the_session(committee_member, session):
    with pytest.raises(ValidationError) as error:
        actions.do_open_call(
            committee_member,
            session,
            role="panelist",
            deadline=session.starts_at + datetime.timedelta(hours=1),
            eligibility="Panelistas.",
        )
    assert "deadline" in error.value.error_dict


@pytest.mark.parametrize("persona", ["outsider", "cso_rep", "un_delegate", "state_focal_point"])
def test_only_committee_members_open_calls(request, persona, session):
    with pytest.raises(PermissionDenied):
        actions.do_open_call(
            request.getfixturevalue(persona),
            session,
            role="panelist",
            deadline=timezone.now() + datetime.timedelta(days=3),
            eligibility="Panelistas.",
        )


def test_privileged_member_without_mfa_cannot_open_calls(review, session):
    user = f.make_user()
    f.grant(user, Role.COMMITTEE_MEMBER, review=review)
    with pytest.raises(PermissionDenied):
        actions.do_open_call(
            user,
            session,
            role="panelist",
            deadline=timezone.now() + datetime.timedelta(days=3),
            eligibility="Panelistas.",
        )


# --- Nominations and consent -----------------------------------------------------------------


def test_nomination_asks_the_nominee_in_their_language(
    cso_rep, call, accredited, nominee, django_capture_on_commit_callbacks
):
    nominee.preferred_language = "pt"
    nominee.save()
    with django_capture_on_commit_callbacks(execute=True):
        nomination = nominate(cso_rep, call, accredited, "Nominee@Example.org", objectives=[])
    assert nomination.nominee == nominee
    assert nomination.nominee_email == "nominee@example.org"
    assert nomination.consent == ConsentStatus.PENDING
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nominee@example.org"]
    assert message.subject.startswith("Você")  # Portuguese
    assert "/pt/committee/consent/" in message.body
    assert audited("committee.nominate")


def test_self_nomination_is_consented_at_once(cso_rep, call, accredited):
    nomination = nominate(cso_rep, call, accredited, cso_rep.email, name="Carla")
    assert nomination.consent == ConsentStatus.CONFIRMED
    assert nomination.nominee == cso_rep
    assert mail.outbox == []


def test_nomination_links_objectives_of_expertise(cso_rep, call, accredited, nominee):
    from minga.gcm.models import Objective

    objectives = list(Objective.objects.filter(number__in=[6, 7]))
    nomination = nominate(cso_rep, call, accredited, nominee.email, objectives=objectives)
    assert sorted(nomination.gcm_links.values_list("objective__number", flat=True)) == [6, 7]
    assert audited("gcm.set_links")


def test_who_may_nominate(call, organization, outsider, review):
    member = f.make_user()
    f.add_member(member, organization, role=MembershipRole.MEMBER)
    rep = f.make_user()
    f.add_member(rep, organization, role=MembershipRole.REPRESENTATIVE)
    # Not accredited yet: even the representative may not nominate.
    for actor in (member, rep, outsider):
        with pytest.raises(PermissionDenied):
            nominate(actor, call, organization, "x@example.org")
    f.accredit(organization, review)
    with pytest.raises(PermissionDenied):
        nominate(member, call, organization, "x@example.org")
    assert nominate(rep, call, organization, "x@example.org").pk


def test_a_closed_call_refuses_nominations(cso_rep, call, accredited, committee_member):
    actions.do_close_call(committee_member, call)
    with pytest.raises(ValidationError) as error:
        nominate(cso_rep, call, accredited, "x@example.org")
    assert "closed" in error.value.messages[0]


def test_a_call_past_its_deadline_refuses_nominations(cso_rep, call, accredited):
    type(call).objects.filter(pk=call.pk).update(deadline=timezone.now() - datetime.timedelta(1))
    with pytest.raises(ValidationError) as error:
        nominate(cso_rep, call, accredited, "x@example.org")
    assert error.value.code == "closed"


def test_nomination_input_is_validated(cso_rep, call, accredited):
    with pytest.raises(ValidationError) as error:
        nominate(cso_rep, call, accredited, "", name="", languages=["xx"], justification="corta")
    assert set(error.value.error_dict) == {
        "nominee_email",
        "nominee_name",
        "languages",
        "justification",
    }
    nominate(cso_rep, call, accredited, "y@example.org")
    with pytest.raises(ValidationError) as error:
        nominate(cso_rep, call, accredited, "Y@example.org")
    assert "nominee_email" in error.value.error_dict


def test_consent_by_signed_link(nomination, outsider):
    token = actions.consent_token(nomination)
    answered = actions.do_answer_consent(outsider, token, agree=True)  # the link is the right
    assert answered.consent == ConsentStatus.CONFIRMED
    assert audited("committee.answer_consent")
    answered = actions.do_answer_consent(None, token, agree=False)
    assert answered.consent == ConsentStatus.DECLINED
    with pytest.raises(ValidationError):
        actions.do_answer_consent(None, token + "x", agree=True)
    with pytest.raises(ValidationError):
        actions.read_consent_token("garbage")


def test_invited_nominee_signs_in_to_agree(cso_rep, call, accredited, outsider):
    nomination = nominate(cso_rep, call, accredited, "invited@example.org", name="Invitada")
    assert nomination.nominee is None
    token = actions.consent_token(nomination)
    with pytest.raises(ValidationError) as error:
        actions.do_answer_consent(None, token, agree=True)
    assert error.value.code == "login"
    with pytest.raises(ValidationError):
        actions.do_answer_consent(outsider, token, agree=True)  # another account
    invited = f.make_user("invited@example.org")
    answered = actions.do_answer_consent(invited, token, agree=True)
    assert answered.nominee == invited
    assert answered.consent == ConsentStatus.CONFIRMED


# --- Votes -------------------------------------------------------------------------------------


def test_votes_one_per_member_conflicts_not_counted(nomination, chair, committee_member, call):
    actions.do_vote(chair, nomination, choice="support", comment="Excelente perfil.")
    actions.do_vote(committee_member, nomination, choice="oppose", conflict_of_interest=True)
    with pytest.raises(ValidationError) as error:
        actions.do_vote(chair, nomination, choice="oppose")
    assert error.value.code == "voted"
    assert Vote.objects.filter(nomination=nomination).count() == 2
    row = queries.nomination_rows(call, chair)[0]
    assert (row.support, row.oppose, row.abstain, row.conflicts) == (1, 0, 0, 1)
    assert row.my_vote is not None and not row.may_vote
    assert audited("committee.vote")


def test_members_of_the_nominating_organization_cannot_vote(nomination, member):
    with pytest.raises(PermissionDenied):
        actions.do_vote(member, nomination, choice="support")


def test_membership_alone_also_excludes_the_voter(nomination, committee_member, accredited):
    f.add_member(committee_member, accredited)
    with pytest.raises(PermissionDenied):
        actions.do_vote(committee_member, nomination, choice="support")


@pytest.mark.parametrize("persona", ["outsider", "cso_rep", "un_delegate"])
def test_only_committee_members_vote(request, persona, nomination):
    with pytest.raises(PermissionDenied):
        actions.do_vote(request.getfixturevalue(persona), nomination, choice="support")


def test_vote_input_is_validated(nomination, chair):
    with pytest.raises(ValidationError):
        actions.do_vote(chair, nomination, choice="maybe")
    with pytest.raises(ValidationError):
        actions.do_vote(chair, nomination, choice="support", comment="x" * 1001)


@pytest.mark.django_db(transaction=True)
def test_concurrent_votes_count_once(review):
    """Real concurrency on PostgreSQL (threads, own connections); sequential on SQLite."""
    from .conftest import seat

    org = f.make_organization("Org A", iso2="MX")
    f.accredit(org, review)
    rep = f.make_user("rep@example.org")
    f.add_member(rep, org, role=MembershipRole.REPRESENTATIVE)
    voter_org = f.make_organization("Org B", iso2="CL")
    f.accredit(voter_org, review)
    voter = f.make_user("voter@example.org")
    seat(voter, voter_org, review)
    from minga.hearings.models import Session

    starts = timezone.now() + datetime.timedelta(days=20)
    session = Session.objects.create(
        review=review, title="Sesión", starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1), status="published",
    )  # fmt: skip
    call = actions.do_open_call(
        voter, session, role="panelist", eligibility="Todas.",
        deadline=timezone.now() + datetime.timedelta(days=5),
    )  # fmt: skip
    nomination = nominate(rep, call, org, rep.email)
    outcomes: list[str] = []

    def vote() -> None:
        try:
            actions.do_vote(voter, nomination, choice="support")
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")

    if connection.vendor == "sqlite":
        for _ in range(4):
            vote()
    else:
        barrier = threading.Barrier(4)

        def run() -> None:
            from django.db import connections

            try:
                barrier.wait()
                vote()
            finally:
                connections.close_all()

        threads = [threading.Thread(target=run) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert sorted(outcomes) == ["ok", "refused", "refused", "refused"]
    assert Vote.objects.filter(nomination=nomination).count() == 1


# --- Slate and confirmation --------------------------------------------------------------------


@pytest.fixture
def two_consented(cso_rep, call, accredited, other_org, nominee):
    first = nominate(cso_rep, call, accredited, cso_rep.email, name="Carla")
    rep_b = f.make_user("repb@example.org", gender="man")
    f.add_member(rep_b, other_org, role=MembershipRole.REPRESENTATIVE)
    second = nominate(rep_b, call, other_org, nominee.email, name="Nominee Person")
    actions.do_answer_consent(nominee, actions.consent_token(second), agree=True)
    return first, second


def test_slate_rules(chair, committee_member, call, two_consented):
    first, second = two_consented
    rationale = "Equilibrio entre subregiones y experiencia de relatoría."
    with pytest.raises(PermissionDenied):
        actions.do_decide_slate(committee_member, call, [first], rationale=rationale)
    with pytest.raises(ValidationError):  # still open
        actions.do_decide_slate(chair, call, [first], rationale=rationale)
    actions.do_close_call(committee_member, call)
    with pytest.raises(ValidationError) as error:
        actions.do_decide_slate(chair, call, [first], rationale="corto")
    assert "rationale" in error.value.error_dict
    decided = actions.do_decide_slate(chair, call, [first, second], rationale=rationale)
    assert decided.status == CallStatus.DECIDED
    assert set(Nomination.objects.filter(in_slate=True)) == {first, second}
    entry = AuditEntry.objects.get(action="committee.decide_slate")
    assert entry.data["rationale"] == rationale
    assert isinstance(entry.data["warnings"], list)


def test_slate_needs_consented_nominations_within_seats(
    chair, committee_member, call, cso_rep, accredited, two_consented
):
    first, second = two_consented
    pending = nominate(cso_rep, call, accredited, "pending@example.org")
    actions.do_close_call(committee_member, call)
    rationale = "Una decisión explicada con suficiente detalle."
    with pytest.raises(ValidationError):
        actions.do_decide_slate(chair, call, [first, pending], rationale=rationale)
    type(call).objects.filter(pk=call.pk).update(seats=1)
    call.refresh_from_db()
    with pytest.raises(ValidationError):
        actions.do_decide_slate(chair, call, [first, second], rationale=rationale)


def test_un_confirmation_assigns_roles_and_tells_everybody(
    chair, committee_member, un_delegate, call, two_consented, cso_rep, accredited,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    first, second = two_consented
    declined = nominate(cso_rep, call, accredited, "no@example.org")
    actions.do_answer_consent(None, actions.consent_token(declined), agree=False)
    not_chosen = nominate(cso_rep, call, accredited, "later@example.org")
    actions.do_answer_consent(
        f.make_user("later@example.org"), actions.consent_token(not_chosen), agree=True
    )
    actions.do_close_call(committee_member, call)
    actions.do_decide_slate(
        chair, call, [first, second], rationale="Dos relatoras con trayectoria complementaria."
    )
    with pytest.raises(PermissionDenied):
        actions.do_confirm_selection(chair, call)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_confirm_selection(un_delegate, call)
    call.refresh_from_db()
    assert call.status == CallStatus.CONFIRMED and call.confirmed_by == un_delegate
    roles = SessionRole.objects.filter(session=call.session, role="rapporteur")
    assert {r.person for r in roles} == {first.nominee, second.nominee}
    assert {r.source for r in roles} == {RoleSource.COMMITTEE}
    assert {r.organization for r in roles} == {first.organization, second.organization}
    # Everybody who did not decline is told: the two selected and the one not chosen.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [first.nominee_email, second.nominee_email, "later@example.org"]
    )
    thanks = next(m for m in mail.outbox if m.to == ["later@example.org"])
    assert thanks.subject.startswith("Gracias por su postulación")  # their language: es
    assert [n.pk for n in queries.selected_people(call)] == sorted(
        [first.pk, second.pk], key=lambda pk: Nomination.objects.get(pk=pk).nominee_name
    )
    assert audited("committee.confirm_selection") and audited("hearings.assign_role")
    with pytest.raises(ValidationError):
        actions.do_confirm_selection(un_delegate, call)


def test_un_delegate_may_send_the_slate_back(
    chair, committee_member, un_delegate, call, two_consented
):
    first, _second = two_consented
    actions.do_close_call(committee_member, call)
    actions.do_decide_slate(
        chair, call, [first], rationale="Una sola relatora por ahora, explicado."
    )
    with pytest.raises(ValidationError):
        actions.do_return_slate(un_delegate, call, reason=" ")
    actions.do_return_slate(un_delegate, call, reason="Falta equilibrio de género.")
    call.refresh_from_db()
    assert call.status == CallStatus.CLOSED
    assert not Nomination.objects.filter(in_slate=True).exists()
    assert audited("committee.return_slate")
