import pytest

from minga.accounts.models import Role
from minga.core import events
from minga.proposals import actions as proposal_actions
from minga.reports import actions
from minga.stakeholders.models import MembershipRole
from minga.testing import factories as f

TEXT = "Una propuesta larga para que el Estado garantice documentos a las personas migrantes."


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """PDFs and other files written by the tests go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def captured():
    seen: list[events.Event] = []

    def grab(event: events.Event) -> None:
        seen.append(event)

    events.subscribe("*", grab)
    yield seen
    events.unsubscribe("*", grab)


@pytest.fixture
def second_member(db, review):
    user = f.make_user("committee2@example.org", display_name="Second Member")
    f.grant(user, Role.COMMITTEE_MEMBER, review=review)
    f.give_mfa(user)
    return user


@pytest.fixture
def rapporteur(db):
    return f.make_user("rapporteur@example.org", display_name="Rita Rapporteur")


@pytest.fixture
def accredited_rep(db, review, cso_rep, organization):
    f.accredit(organization, review)
    return cso_rep


@pytest.fixture
def report(db, review, committee_member):
    return actions.do_create_report(
        committee_member, review, title="Informe regional", language="es"
    )


@pytest.fixture
def chapter(report, committee_member, rapporteur):
    chapter = actions.do_add_chapter(committee_member, report, title="Protección")
    actions.do_assign_chapter(committee_member, chapter, rapporteur)
    return chapter


@pytest.fixture
def section(chapter, rapporteur):
    return actions.do_add_section(rapporteur, chapter, title="Documentación")


@pytest.fixture
def paragraph(section, rapporteur):
    return actions.do_add_paragraph(rapporteur, section, text="Los Estados deben regularizar.")


def make_proposal(author, title="Documentos para todas las personas"):
    return proposal_actions.do_submit_proposal(author, title=title, text=TEXT, language="es")


__all__ = ["MembershipRole", "make_proposal"]
