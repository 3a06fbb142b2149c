"""The coded vocabularies of the monitoring mechanism (issue 6).

Each vocabulary is keyed by stable codes (stored, exported, never renamed) with a label in every
interface language (``tests/test_vocab.py`` fails if a code lacks a translated label).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class IncidentGroup(models.TextChoices):
    PROTECTION = "protection", _("Access to protection")
    LIBERTY = "liberty", _("Liberty")
    INTEGRITY = "integrity", _("Physical integrity")
    FAMILY = "family", _("Family")
    CIVIC_SPACE = "civic_space", _("Civic space")
    SERVICES = "services", _("Services and data")


class IncidentType(models.TextChoices):
    PUSHBACK = "pushback", _("Pushback")
    EXPULSION = "expulsion", _("Expulsion")
    REFOULEMENT = "refoulement", _("Refoulement")
    ASYLUM_REFUSED = "asylum_refused", _("Refusal to receive an asylum claim")
    DOCUMENTS_CONFISCATED = "documents_confiscated", _("Confiscation of documents")
    ARBITRARY_DETENTION = "arbitrary_detention", _("Arbitrary detention")
    CHILD_DETENTION = "child_detention", _("Detention of children")
    NO_LAWYER = "no_lawyer", _("Denial of a lawyer, interpreter or consul")
    DISAPPEARANCE = "disappearance", _("Disappearance after apprehension")
    EXCESSIVE_FORCE = "excessive_force", _("Excessive use of force")
    ILL_TREATMENT = "ill_treatment", _("Ill-treatment")
    SEXUAL_VIOLENCE = "sexual_violence", _("Sexual violence")
    EXTORTION = "extortion", _("Extortion by officials")
    FAMILY_SEPARATION = "family_separation", _("Family separation")
    REUNIFICATION_DENIED = "reunification_denied", _("Denial of family reunification")
    AID_CRIMINALIZED = "aid_criminalized", _("Criminalization of humanitarian aid")
    DEFENDERS_HARASSED = "defenders_harassed", _("Judicial harassment of defenders")
    SURVEILLANCE = "surveillance", _("Surveillance")
    THREATS = "threats", _("Threats or stigmatizing statements")
    CSO_RAIDS = "cso_raids", _("Raids or restrictions on organizations and shelters")
    MONITORS_DENIED = "monitors_denied", _("Monitors denied access")
    HEALTH_DENIED = "health_denied", _("Denial of health care")
    EDUCATION_DENIED = "education_denied", _("Denial of education")
    SHELTER_DENIED = "shelter_denied", _("Denial of shelter")
    PROFILING = "profiling", _("Discriminatory profiling")
    DATA_SHARING = "data_sharing", _("Sharing of data with enforcement")


INCIDENT_GROUPS: dict[str, tuple[str, ...]] = {
    IncidentGroup.PROTECTION: (
        "pushback", "expulsion", "refoulement", "asylum_refused", "documents_confiscated",
    ),
    IncidentGroup.LIBERTY: (
        "arbitrary_detention", "child_detention", "no_lawyer", "disappearance",
    ),
    IncidentGroup.INTEGRITY: ("excessive_force", "ill_treatment", "sexual_violence", "extortion"),
    IncidentGroup.FAMILY: ("family_separation", "reunification_denied"),
    IncidentGroup.CIVIC_SPACE: (
        "aid_criminalized", "defenders_harassed", "surveillance", "threats", "cso_raids",
        "monitors_denied",
    ),
    IncidentGroup.SERVICES: (
        "health_denied", "education_denied", "shelter_denied", "profiling", "data_sharing",
    ),
}  # fmt: skip


class Perpetrator(models.TextChoices):
    MIGRATION_AUTHORITY = "migration_authority", _("Migration authority")
    BORDER_POLICE = "border_police", _("Border police")
    POLICE = "police", pgettext_lazy("perpetrator", "Police")
    ARMED_FORCES = "armed_forces", _("Armed forces")
    COAST_GUARD = "coast_guard", _("Coast guard")
    DETENTION_STAFF = "detention_staff", _("Detention staff")
    JUDICIARY = "judiciary", _("Judiciary")
    INTELLIGENCE = "intelligence", _("Intelligence services")
    FOREIGN_OFFICIALS = "foreign_officials", _("Another State's officials")
    PRIVATE_CONTRACTORS = "private_contractors", _("Private contractors")
    ORGANIZED_CRIME = "organized_crime", _("Organized crime with official collusion")
    UNKNOWN = "unknown", _("Unknown")


class AffectedCategory(models.TextChoices):
    ADULT_MEN = "adult_men", _("Adult men")
    ADULT_WOMEN = "adult_women", _("Adult women")
    CHILDREN_ACCOMPANIED = "children_accompanied", _("Accompanied children")
    CHILDREN_UNACCOMPANIED = "children_unaccompanied", _("Unaccompanied children")
    LGBTIQ = "lgbtiq", _("LGBTIQ+ people")
    INDIGENOUS = "indigenous", _("Indigenous people")
    ASYLUM_SEEKERS = "asylum_seekers", _("Asylum seekers and refugees")
    DEFENDERS = "defenders", _("Human-rights defenders")
    HUMANITARIAN_WORKERS = "humanitarian_workers", _("Humanitarian workers")
    ORGANIZATIONS = "organizations", _("Organizations or shelters")
    JOURNALISTS = "journalists", _("Journalists")


class CountBand(models.TextChoices):
    ONE = "1", _("1 person")
    FEW = "2-5", _("2 to 5 people")
    SOME = "6-20", _("6 to 20 people")
    MANY = "21-100", _("21 to 100 people")
    MASS = "100+", _("More than 100 people")
    UNKNOWN = "unknown", pgettext_lazy("count", "Unknown")


class ShareBody(models.TextChoices):
    OHCHR = "ohchr", _("UN Human Rights Office (OHCHR)")
    SR_MIGRANTS = "sr_migrants", _("UN Special Rapporteur on the human rights of migrants")
    UNHCR = "unhcr", _("UNHCR")
    IOM = "iom", _("IOM")
    IACHR = "iachr", _("Inter-American Commission on Human Rights")
    NHRI = "nhri", _("National human-rights institution (ombudsperson)")


class SourceReliability(models.TextChoices):
    RELIABLE = "reliable", _("Reliable: a source with a proven record")
    USUALLY = "usually", _("Usually reliable")
    UNTESTED = "untested", _("Reliability cannot be judged yet")
    DOUBTFUL = "doubtful", _("Doubtful")


class Connection(models.TextChoices):
    DIRECT = "direct", _("Direct: the source lived or witnessed it")
    INDIRECT = "indirect", _("Indirect: the source heard it from someone who was there")
    DOCUMENTARY = "documentary", _("Documentary: based on documents or media")


class Confidence(models.TextChoices):
    HIGH = "high", _("High confidence")
    MEDIUM = "medium", _("Medium confidence")
    LOW = "low", _("Low confidence")


VOCABULARIES: tuple[type[models.TextChoices], ...] = (
    IncidentGroup,
    IncidentType,
    Perpetrator,
    AffectedCategory,
    CountBand,
    ShareBody,
    SourceReliability,
    Connection,
    Confidence,
)


def group_of(incident_type: str) -> str:
    for group, codes in INCIDENT_GROUPS.items():
        if incident_type in codes:
            return str(group)
    return ""
