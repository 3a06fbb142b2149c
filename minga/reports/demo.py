"""Demo report, through the actions (idempotent: nothing is done if the report exists).

Rosa (committee) starts the civil-society report of the demo review and assigns Lucía as
rapporteur of the chapter on documentation. Lucía drafts a section citing two demo proposals,
the published summary of a demo session (Daniel, organizer of the sessions, publishes it through
the hearings action if none is published yet) and a dialogue contribution. During the consultation Carla comments for her accredited network and Lucía marks
the comment addressed. Lucía enters the English translation; Rosa and Kwame approve; Rosa
publishes: the accredited organizations' representatives are e-mailed, Ana (author of a cited
proposal) is notified, and the Spanish and English PDFs are queued for the worker. The
evaluation survey is open with a few anonymous answers.
"""

from typing import Any

from minga.proposals.models import Proposal
from minga.stakeholders.models import Organization

from . import actions
from .models import (
    Comment,
    CommentStatus,
    Decision,
    Participation,
    PublishedVersion,
    Report,
    Survey,
)

TITLE = "Informe de la sociedad civil a la revisión regional del Pacto Mundial para la Migración"
PARAGRAPHS = [
    (
        "Las personas migrantes y sus familias proponen **ventanillas únicas de regularización** "
        "en las ciudades de frontera y el acceso a los servicios básicos sin exigir documentos "
        "de residencia.",
        "Migrants and their families propose **one-stop regularisation offices** in border "
        "cities and access to basic services without requiring residence documents.",
    ),
    (
        "Recomendamos a los Estados de la región, en particular a Honduras, emitir documentos "
        "de identidad provisionales a las personas retornadas en un plazo de 30 días.",
        "We recommend that the States of the region, Honduras in particular, issue provisional "
        "identity documents to returnees within 30 days.",
    ),
]
SURVEY_QUESTIONS = [
    ("rating", "¿Pudo participar en la revisión tanto como quería?"),
    ("rating", "¿La información fue transparente y oportuna?"),
    ("rating", "¿Tuvo acceso a la revisión en su idioma?"),
    ("open", "¿Qué deberíamos mejorar en la próxima revisión?"),
]


def _proposals() -> list[Proposal]:
    return list(Proposal.objects.public().order_by("created_at", "id")[:2])


def _contribution() -> Any:
    from minga.dialogue.models import Contribution

    return Contribution.objects.filter(is_hidden=False).order_by("id").first()


SUMMARY = (
    "Las organizaciones de personas migrantes pidieron ventanillas únicas de regularización en "
    "las ciudades de frontera y documentos provisionales para las personas retornadas; los "
    "Estados presentes se comprometieron a responder antes de la revisión regional."
)


def _session_summary(people: dict[str, Any], review: Any) -> Any:
    """A public session whose summary is published (publishing one if there is none)."""
    from minga.hearings import actions as hearing_actions
    from minga.hearings.models import Session

    sessions = Session.objects.public().filter(review=review).order_by("starts_at", "id")
    published = sessions.filter(summary_published_at__isnull=False).exclude(summary="").first()
    if published is not None:
        return published
    session = sessions.first()
    if session is None:
        return None
    return hearing_actions.do_publish_summary(people["daniel"], session, SUMMARY)


def _survey(people: dict[str, Any], review: Any) -> None:
    rosa = people["rosa"]
    survey = Survey.objects.filter(review=review).first()
    if survey is None:
        survey = actions.do_define_survey(
            rosa, review, title="Evaluación del proceso de revisión", is_open=True,
            include_in_report=True,
        )  # fmt: skip
        for kind, text in SURVEY_QUESTIONS:
            actions.do_add_question(rosa, survey, kind=kind, text=text)
    questions = list(survey.questions.all())
    for n, key in enumerate(("ana", "carla", "lucia", "jean", "joao", "gabriela", "valentina")):
        person = people[key]
        if Participation.objects.filter(survey=survey, user=person).exists():
            continue
        answers: dict[int, Any] = {
            q.pk: str(3 + (n + i) % 3) for i, q in enumerate(questions) if q.kind == "rating"
        }
        if n % 3 == 0:
            answers[questions[-1].pk] = (
                "Más sesiones en portugués y francés, y horarios para quienes trabajan."
            )
        actions.do_answer_survey(person, survey, answers)


def load(
    *, people: dict[str, Any], review: Any, organizations: dict[str, Organization]
) -> dict[str, int]:
    _survey(people, review)
    if not Report.objects.filter(title=TITLE).exists():
        _report(people, review, organizations)
    return {
        "reports": Report.objects.count(),
        "published report versions": PublishedVersion.objects.count(),
    }


def _report(people: dict[str, Any], review: Any, organizations: dict[str, Organization]) -> None:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    rosa, kwame, lucia, carla = people["rosa"], people["kwame"], people["lucia"], people["carla"]
    # Kwame sits on the committee too: privileged roles act only with MFA.
    if not Authenticator.objects.filter(user=kwame, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(kwame, generate_totp_secret())
    report = actions.do_create_report(rosa, review, title=TITLE, language="es")
    report.title_translations = {
        "en": "Civil-society report to the regional review of the Global Compact for Migration"
    }
    report.save(update_fields=["title_translations"])
    intro = actions.do_add_chapter(rosa, report, title="Introducción")
    chapter = actions.do_add_chapter(rosa, report, title="Documentación y regularización")
    actions.do_assign_chapter(rosa, chapter, lucia)
    actions.do_assign_chapter(rosa, intro, kwame)
    opening = actions.do_add_section(kwame, intro, title="Cómo se escribió este informe")
    actions.do_add_paragraph(
        kwame, opening,
        text="Este informe fue escrito por relatoras de la sociedad civil a partir de las "
        "propuestas, consultas e iniciativas registradas en Minga; cada párrafo enlaza su evidencia.",
    )  # fmt: skip
    section = actions.do_add_section(lucia, chapter, title="Documentos para todas las personas")
    paragraphs = [actions.do_add_paragraph(lucia, section, text=es) for es, _en in PARAGRAPHS]
    for proposal in _proposals():
        actions.do_add_evidence(lucia, paragraphs[0], kind="proposal", object_id=proposal.pk)
    summarized = _session_summary(people, review)
    if summarized is not None:
        actions.do_add_evidence(
            lucia, paragraphs[0], kind="session_summary", object_id=summarized.pk
        )
    contribution = _contribution()
    if contribution is not None:
        actions.do_add_evidence(
            lucia, paragraphs[0], kind="contribution", object_id=contribution.pk
        )
    # Consultation: Carla comments for her accredited network; Lucía answers.
    actions.do_set_consultation(rosa, report, is_open=True)
    network = organizations.get("Red Regional de Organizaciones Migrantes")
    comment = actions.do_comment_paragraph(
        carla, paragraphs[1],
        text="Sugerimos mencionar también a las niñas y niños retornados no acompañados.",
        organization=network,
    )  # fmt: skip
    revised = actions.do_save_paragraph(
        lucia, paragraphs[1],
        text=PARAGRAPHS[1][0].replace("personas retornadas", "personas retornadas, con prioridad para niñas y niños no acompañados,"),
        base_version=1,
    )  # fmt: skip
    actions.do_reply_comment(
        lucia,
        Comment.objects.get(pk=comment.pk),
        status=CommentStatus.ADDRESSED,
        reply="Incorporado en la versión 2 del párrafo.",
    )
    actions.do_set_consultation(rosa, report, is_open=False)
    # Translations into English (the third paragraph stays untranslated: the notice shows).
    actions.do_translate_paragraph(lucia, paragraphs[0], language="en", text=PARAGRAPHS[0][1])
    actions.do_translate_paragraph(
        lucia, revised, language="en",
        text=PARAGRAPHS[1][1].replace("returnees", "returnees, unaccompanied children first,"),
    )  # fmt: skip
    # Committee approval and publication.
    actions.do_submit_for_review(rosa, report)
    for member in (rosa, kwame):
        report.refresh_from_db()
        actions.do_decide_report(member, report, decision=Decision.APPROVE, note="")
    report.refresh_from_db()
    actions.do_publish_report(rosa, report)
