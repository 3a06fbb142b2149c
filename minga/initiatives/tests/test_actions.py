import datetime
import io
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from PIL import Image

from minga.core.models import AuditEntry
from minga.gcm.models import Country, Objective
from minga.initiatives import actions
from minga.initiatives.models import (
    Assessment,
    Initiative,
    InitiativeVersion,
    PrincipleRating,
    Reply,
    SourceKind,
)
from minga.stakeholders.models import MembershipRole
from minga.testing import factories as f

from .conftest import first_principles, initiative_kwargs, make_initiative, ratings


def _audited(action: str) -> int:
    return AuditEntry.objects.filter(action=action).count()


def test_create_initiative_versions_links_audit_and_events(state_focal_point, captured):
    gt = Country.objects.get(code="GT")
    initiative = make_initiative(state_focal_point, partner_states=[gt])
    assert initiative.lead_state.iso2 == "MX"
    assert {c.iso2 for c in initiative.states.all()} == {"MX", "GT"}
    codes = set(
        initiative.gcm_links.filter(country__isnull=False).values_list("country__code", flat=True)
    )
    assert codes == {"MX", "GT"}
    version = initiative.versions.get()
    assert version.number == 1 and version.editor == state_focal_point
    assert version.after["states"] == ["MX", "GT"] and version.before == {}
    assert "title" in version.changed_fields
    assert _audited("initiatives.create") == 1
    created = [e for e in captured if e.name == "initiative.created"]
    assert len(created) == 1
    topics = created[0].topics
    assert gt in topics and Objective.objects.get(number=7) in topics
    assert any(e.name == "search.index" and e.target == initiative for e in captured)
    document = initiative.search_document()
    assert document is not None and document.objectives == [7]
    assert document.countries == ["GT", "MX"]


def test_update_writes_a_version_with_before_after(initiative, state_focal_point, captured):
    data = initiative_kwargs(title="Programa ampliado de regularización", status="suspended")
    actions.do_update_initiative(state_focal_point, initiative, **data)
    version = InitiativeVersion.objects.get(initiative=initiative, number=2)
    assert set(version.changed_fields) == {"title", "status"}
    assert version.before == {"title": "Programa de regularización", "status": "ongoing"}
    assert version.after["status"] == "suspended"
    assert version.editor == state_focal_point
    assert Initiative.objects.get(pk=initiative.pk).version_count == 2
    assert [e.name for e in captured if e.name.startswith("initiative.")] == ["initiative.changed"]
    # Saving the same values again writes no version.
    actions.do_update_initiative(state_focal_point, initiative, **data)
    assert initiative.versions.count() == 2
    assert _audited("initiatives.update") == 2


def test_joint_initiative_partner_focal_point_may_update(state_focal_point, gt_focal_point):
    initiative = make_initiative(state_focal_point, partner_states=[Country.objects.get(code="GT")])
    actions.do_add_initiative_update(
        gt_focal_point,
        initiative,
        kind="milestone",
        title="Firma del convenio binacional",
        date=datetime.date.today(),
    )
    assert initiative.updates.count() == 1


def test_focal_point_of_another_state_cannot_create_or_edit(gt_focal_point, initiative):
    with pytest.raises(ValidationError) as error:
        make_initiative(gt_focal_point)
    assert "lead_state" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        actions.do_update_initiative(gt_focal_point, initiative, **initiative_kwargs())
    with pytest.raises(PermissionDenied):
        actions.do_add_initiative_update(
            gt_focal_point, initiative, kind="progress", title="x" * 10, date=datetime.date.today()
        )


def test_focal_point_without_mfa_and_outsiders_refused(mx_focal_no_mfa, outsider, initiative):
    for person in (mx_focal_no_mfa, outsider):
        with pytest.raises(PermissionDenied):
            make_initiative(person)
        with pytest.raises(PermissionDenied):
            actions.do_update_initiative(person, initiative, **initiative_kwargs())


def test_un_delegate_creates_for_any_state(un_delegate):
    initiative = make_initiative(un_delegate, lead_state=Country.objects.get(code="HN"))
    assert initiative.lead_state.iso2 == "HN"


def test_bad_dates_and_long_text_are_clear_errors(state_focal_point):
    with pytest.raises(ValidationError) as error:
        make_initiative(
            state_focal_point,
            start_date=datetime.date(2025, 5, 1),
            end_date=datetime.date(2025, 1, 1),
            title="T" * 500,
            budget_amount="lots",
        )
    errors = error.value.message_dict
    assert errors["end_date"] == ["The end date cannot be before the start date."]
    assert "200" in errors["title"][0]
    assert "budget_amount" in errors and "budget_currency" in errors
    assert Initiative.objects.count() == 0


def test_involvement_needs_evidence(state_focal_point):
    with pytest.raises(ValidationError) as error:
        make_initiative(state_focal_point, cs_involvement="co_designed", cs_evidence="")
    assert "cs_evidence" in error.value.message_dict


def test_update_timeline_event(initiative, state_focal_point, captured):
    update = actions.do_add_initiative_update(
        state_focal_point,
        initiative,
        kind="progress",
        title="10.000 personas regularizadas",
        text="Informe trimestral.",
        date=datetime.date.today(),
    )
    assert update.author == state_focal_point
    event = next(e for e in captured if e.name == "initiative.updated")
    assert event.data["update_title"] == "10.000 personas regularizadas"
    assert Country.objects.get(code="MX") in event.topics
    assert Initiative.objects.get(pk=initiative.pk).update_count == 1
    assert _audited("initiatives.add_update") == 1
    with pytest.raises(ValidationError) as error:
        actions.do_add_initiative_update(
            state_focal_point,
            initiative,
            kind="progress",
            title="Futuro",
            date=datetime.date.today() + datetime.timedelta(days=3),
        )
    assert "date" in error.value.message_dict


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(out, format="PNG")
    return out.getvalue()


def test_sources_link_pdf_image_and_disguised_document(
    initiative, state_focal_point, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    link = actions.do_add_source(
        state_focal_point, initiative, title="Decreto", url="https://gob.mx/decreto"
    )
    assert link.kind == SourceKind.LINK
    pdf = SimpleUploadedFile("informe.pdf", b"%PDF-1.4\n1 0 obj\n%%EOF\n", "application/pdf")
    assert (
        actions.do_add_source(state_focal_point, initiative, title="Informe", file=pdf).kind
        == "pdf"
    )
    image = SimpleUploadedFile("foto.png", _png(), "image/png")
    assert (
        actions.do_add_source(state_focal_point, initiative, title="Foto", file=image).kind
        == "image"
    )
    disguised = SimpleUploadedFile("informe.pdf", b"MZ\x90\x00 this is an exe", "application/pdf")
    with pytest.raises(ValidationError) as error:
        actions.do_add_source(state_focal_point, initiative, title="Virus", file=disguised)
    assert "not a PNG" in error.value.message_dict["file"][0]
    with pytest.raises(ValidationError) as error:
        actions.do_add_source(state_focal_point, initiative, title="Mal", url="javascript:alert(1)")
    assert "url" in error.value.message_dict
    assert _audited("initiatives.add_source") == 3


def test_assessment_by_accredited_rep(initiative, accredited_rep, accredited_org, captured):
    keys = first_principles()
    assessment = actions.do_submit_assessment(
        accredited_rep,
        initiative,
        organization=accredited_org,
        ratings=ratings(**{keys[0]: 5, keys[1]: 1}),
        comment="Bien.",
    )
    assert {r.principle.key: r.rating for r in assessment.ratings.all()} == {keys[0]: 5, keys[1]: 1}
    event = next(e for e in captured if e.name == "initiative.assessed")
    assert event.data["organization"] == accredited_org.name
    # Updating replaces the ratings; still one assessment per organization.
    actions.do_submit_assessment(
        accredited_rep,
        initiative,
        organization=accredited_org,
        ratings=ratings(**{keys[0]: 3}),
    )
    assert Assessment.objects.filter(initiative=initiative).count() == 1
    assert list(PrincipleRating.objects.values_list("rating", flat=True)) == [3]
    assert Initiative.objects.get(pk=initiative.pk).assessment_count == 1
    assert _audited("initiatives.assess") == 1 and _audited("initiatives.update_assessment") == 1


def test_assessment_refused_for_non_accredited_and_members(
    initiative, review, organization, cso_rep, accredited_org
):
    keys = first_principles()
    with pytest.raises(PermissionDenied):
        actions.do_submit_assessment(
            cso_rep, initiative, organization=organization, ratings=ratings(**{keys[0]: 4})
        )
    member = f.make_user("member@example.org")
    f.add_member(member, accredited_org, role=MembershipRole.MEMBER)
    with pytest.raises(PermissionDenied):
        actions.do_submit_assessment(
            member, initiative, organization=accredited_org, ratings=ratings(**{keys[0]: 4})
        )


def test_assessment_bad_input(initiative, accredited_rep, accredited_org):
    keys = first_principles()
    with pytest.raises(ValidationError) as error:
        actions.do_submit_assessment(
            accredited_rep,
            initiative,
            organization=accredited_org,
            ratings={
                keys[0]: actions.rating_input(4, "", ["not a url"]),
                keys[1]: actions.rating_input(9, "x"),
            },
        )
    errors = error.value.message_dict
    assert f"evidence_{keys[0]}" in errors and f"links_{keys[0]}" in errors
    assert f"rating_{keys[1]}" in errors
    with pytest.raises(ValidationError) as error:
        actions.do_submit_assessment(
            accredited_rep, initiative, organization=accredited_org, ratings=ratings(**{keys[0]: 0})
        )
    assert "at least one" in error.value.messages[0]


def test_one_reply_per_assessment(assessment, state_focal_point, accredited_rep, captured):
    reply = actions.do_reply_to_assessment(
        state_focal_point, assessment, text="Gracias, respondemos."
    )
    assert reply.state.iso2 == "MX"
    event = next(e for e in captured if e.name == "initiative.replied")
    assert event.recipients == (accredited_rep,)
    with pytest.raises(ValidationError) as error:
        actions.do_reply_to_assessment(state_focal_point, assessment, text="Otra vez")
    assert "already replied" in error.value.messages[0]
    assert Reply.objects.count() == 1
    assert _audited("initiatives.reply") == 1


def test_reply_refused_to_others(
    assessment, gt_focal_point, mx_focal_no_mfa, un_delegate, accredited_rep
):
    for person in (gt_focal_point, mx_focal_no_mfa, un_delegate, accredited_rep):
        with pytest.raises(PermissionDenied):
            actions.do_reply_to_assessment(person, assessment, text="No")


def test_reply_constraint_holds_when_the_check_is_bypassed(
    assessment, state_focal_point, monkeypatch
):
    """Two focal points replying at once both pass the existence check; the unique
    constraint refuses the second with the same clear message."""
    actions.do_reply_to_assessment(state_focal_point, assessment, text="Primera")
    real_filter = Reply.objects.filter

    class Nothing:
        def exists(self) -> bool:
            return False

    monkeypatch.setattr(Reply.objects, "filter", lambda *a, **k: Nothing())
    with pytest.raises(ValidationError) as error:
        actions.do_reply_to_assessment(state_focal_point, assessment, text="Segunda")
    monkeypatch.setattr(Reply.objects, "filter", real_filter)
    assert "already replied" in error.value.messages[0]
    assert Reply.objects.filter(assessment=assessment).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_replies_only_one_wins(review):
    """Real concurrency (threads with their own connections; meaningful on PostgreSQL)."""
    from minga.accounts.models import Role

    focal = f.make_user("fp@example.org")
    f.grant(focal, Role.STATE_FOCAL_POINT, iso2="MX")
    f.give_mfa(focal)
    org = f.make_organization("Org acreditada")
    f.accredit(org, review)
    rep = f.make_user("r@example.org")
    f.add_member(rep, org, role=MembershipRole.REPRESENTATIVE)
    initiative = make_initiative(focal)
    keys = first_principles()
    assessment = actions.do_submit_assessment(
        rep, initiative, organization=org, ratings=ratings(**{keys[0]: 2})
    )
    if connection.vendor == "sqlite":
        # SQLite serialises writers: the second reply sees the first and is refused.
        actions.do_reply_to_assessment(focal, assessment, text="Uno")
        with pytest.raises(ValidationError):
            actions.do_reply_to_assessment(focal, assessment, text="Dos")
    else:
        outcomes: list[str] = []
        barrier = threading.Barrier(2)

        def reply(text: str) -> None:
            from django.db import connections

            try:
                barrier.wait()
                actions.do_reply_to_assessment(focal, assessment, text=text)
                outcomes.append("ok")
            except ValidationError:
                outcomes.append("refused")
            finally:
                connections.close_all()

        threads = [threading.Thread(target=reply, args=(t,)) for t in ("Uno", "Dos")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(outcomes) == ["ok", "refused"]
    assert Reply.objects.filter(assessment=assessment).count() == 1
