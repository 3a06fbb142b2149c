import pytest

from minga.accounts.models import Role
from minga.core import events
from minga.gcm.models import Country, Objective
from minga.proposals import actions
from minga.testing import factories as f

TEXT = "Precisamos de acesso a documentos e serviços de saúde sem discriminação na fronteira."


@pytest.fixture
def captured():
    """Events dispatched during the test (on commit)."""
    seen: list[events.Event] = []

    def grab(event: events.Event) -> None:
        seen.append(event)

    events.subscribe("*", grab)
    yield seen
    events.unsubscribe("*", grab)


@pytest.fixture
def moderator(db):
    user = f.make_user("moderator@example.org", display_name="Mod Erator")
    f.grant(user, Role.MODERATOR)
    return user


@pytest.fixture
def proposal(db, migrant):
    return actions.do_submit_proposal(
        migrant,
        title="Documentos para migrantes na fronteira",
        text=TEXT,
        language="pt",
        objectives=[Objective.objects.get(number=15)],
        countries=[Country.objects.get(code="BR")],
        corridor_roles=["transit", "destination"],
    )


def make_proposal(author, **extra):
    options: dict = {"title": "Uma proposta de teste longa", "text": TEXT, "language": "pt"}
    options.update(extra)
    return actions.do_submit_proposal(author, **options)
