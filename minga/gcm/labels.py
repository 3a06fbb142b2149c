"""English reference labels, listed so that makemessages extracts them for translation.

The data migration stores these English strings; models show them through gettext.
A test checks that every stored label appears here.
"""

from django.utils.translation import gettext_noop as _

OBJECTIVE_LABELS = [
    _("Data"),
    _("Minimize adverse drivers"),
    _("Information provision"),
    _("Legal identity and documentation"),
    _("Regular pathways"),
    _("Recruitment and decent work"),
    _("Reduce vulnerabilities"),
    _("Save lives"),
    _("Counter smuggling"),
    _("Eradicate trafficking"),
    _("Manage borders"),
    _("Screening and referral"),
    _("Alternatives to detention"),
    _("Consular protection"),
    _("Access to basic services"),
    _("Inclusion and social cohesion"),
    _("Eliminate discrimination"),
    _("Skills development and recognition"),
    _("Migrant and diaspora contributions"),
    _("Remittances"),
    _("Dignified return and reintegration"),
    _("Social protection"),
    _("International cooperation"),
]

OBJECTIVE_TITLES = [
    _("Collect and utilize accurate and disaggregated data as a basis for evidence-based policies"),
    _(
        "Minimize the adverse drivers and structural factors that compel people to leave their country of origin"
    ),
    _("Provide accurate and timely information at all stages of migration"),
    _("Ensure that all migrants have proof of legal identity and adequate documentation"),
    _("Enhance availability and flexibility of pathways for regular migration"),
    _("Facilitate fair and ethical recruitment and safeguard conditions that ensure decent work"),
    _("Address and reduce vulnerabilities in migration"),
    _("Save lives and establish coordinated international efforts on missing migrants"),
    _("Strengthen the transnational response to smuggling of migrants"),
    _(
        "Prevent, combat and eradicate trafficking in persons in the context of international migration"
    ),
    _("Manage borders in an integrated, secure and coordinated manner"),
    _(
        "Strengthen certainty and predictability in migration procedures for appropriate screening, assessment and referral"
    ),
    _("Use immigration detention only as a measure of last resort and work towards alternatives"),
    _("Enhance consular protection, assistance and cooperation throughout the migration cycle"),
    _("Provide access to basic services for migrants"),
    _("Empower migrants and societies to realize full inclusion and social cohesion"),
    _(
        "Eliminate all forms of discrimination and promote evidence-based public discourse to shape perceptions of migration"
    ),
    _(
        "Invest in skills development and facilitate mutual recognition of skills, qualifications and competences"
    ),
    _(
        "Create conditions for migrants and diasporas to fully contribute to sustainable development in all countries"
    ),
    _(
        "Promote faster, safer and cheaper transfer of remittances and foster financial inclusion of migrants"
    ),
    _(
        "Cooperate in facilitating safe and dignified return and readmission, as well as sustainable reintegration"
    ),
    _(
        "Establish mechanisms for the portability of social security entitlements and earned benefits"
    ),
    _(
        "Strengthen international cooperation and global partnerships for safe, orderly and regular migration"
    ),
]

PRINCIPLE_NAMES = [
    _("People-centred"),
    _("International cooperation"),
    _("National sovereignty"),
    _("Rule of law and due process"),
    _("Sustainable development"),
    _("Human rights"),
    _("Gender-responsive"),
    _("Child-sensitive"),
    _("Whole-of-government approach"),
    _("Whole-of-society approach"),
]

OTHER_LABELS = [
    _("Latin America and the Caribbean"),
    _("Asia and the Pacific"),
    _("Africa"),
    _("Europe and North America"),
    _("Arab States"),
    _("Roundtable 1"),
    _("Roundtable 2"),
    _("Roundtable 3"),
    _("Roundtable 4"),
]
