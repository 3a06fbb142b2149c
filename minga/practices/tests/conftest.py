import pytest

from minga.core import events
from minga.gcm.models import Country, Objective, Principle
from minga.practices import actions
from minga.practices.models import Answer, Recommendation, ReviewerRole
from minga.testing import factories as f

DESCRIPTION = (
    "Health centres in the city treat every patient without asking for migration status, and "
    "the law forbids sharing patient data with immigration enforcement."
)
RESULTS = "Visits by undocumented workers to primary care tripled in two years."
REPLICATION = "A municipal ordinance, staff training and a public information campaign."
ALL_YES = dict.fromkeys(
    ("objective", "principles", "timing", "completion", "innovation"), Answer.YES
)


@pytest.fixture
def captured():
    seen: list[events.Event] = []

    def grab(event: events.Event) -> None:
        seen.append(event)

    events.subscribe("*", grab)
    yield seen
    events.unsubscribe("*", grab)


@pytest.fixture
def accredited_rep(review, organization, cso_rep):
    f.accredit(organization, review)
    return cso_rep


@pytest.fixture
def external1(db):
    return f.make_user("ext1@example.org", display_name="External One")


@pytest.fixture
def external2(db):
    return f.make_user("ext2@example.org", display_name="External Two")


def submit(actor, **extra):
    options: dict = {
        "title": "Health firewall in a Southeast Asian city",
        "region": "asia_pacific",
        "description": DESCRIPTION,
        "results": RESULTS,
        "replication": REPLICATION,
        "partners": "City health department; migrant workers' association",
        "sources": "https://example.org/report\nhttps://example.org/ordinance",
        "language": "en",
        "objectives": [Objective.objects.get(number=15)],
        "principles": [Principle.objects.order_by("position").first()],
        "countries": [Country.objects.get(code="TH")],
    }
    options.update(extra)
    return actions.do_submit_practice(actor, **options)


@pytest.fixture
def practice(accredited_rep):
    return submit(accredited_rep)


@pytest.fixture
def panel(practice, committee_member, un_delegate, external1, external2):
    """The default panel assigned: one UN reviewer, two external reviewers."""
    actions.do_assign_reviewer(committee_member, practice, un_delegate, role=ReviewerRole.UN)
    actions.do_assign_reviewer(committee_member, practice, external1, role=ReviewerRole.EXTERNAL)
    actions.do_assign_reviewer(committee_member, practice, external2, role=ReviewerRole.EXTERNAL)
    return [un_delegate, external1, external2]


def approve(reviewer, practice, **extra):
    options: dict = {"answers": ALL_YES, "recommendation": Recommendation.APPROVE}
    options.update(extra)
    return actions.do_review_practice(reviewer, practice, **options)
