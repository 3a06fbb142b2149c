"""Demo proposals in Spanish, Portuguese, French and English, through the actions (idempotent:
a proposal whose title exists is left as it is)."""

from dataclasses import dataclass, field
from typing import Any

from minga.gcm.models import Country, Objective
from minga.stakeholders.models import Organization

from . import actions
from .models import AnswerStatus, AuthorDisplay, Proposal


@dataclass(frozen=True)
class DemoProposal:
    key: str
    author: str
    title: str
    text: str
    language: str
    objectives: tuple[int, ...]
    countries: tuple[str, ...]
    roles: tuple[str, ...]
    display: str = AuthorDisplay.PERSON
    organization: str = ""
    on_behalf: dict[str, Any] = field(default_factory=dict)
    endorsers: tuple[str, ...] = ()
    organization_endorsers: tuple[tuple[str, str], ...] = ()  # (representative, organization)
    comments: tuple[tuple[str, str], ...] = ()
    answer: tuple[str, str, str] | None = None  # (person, status, explanation)


RROM = "Red Regional de Organizaciones Migrantes"
HDA = "Haitian Diaspora Alliance"
MUJERES = "Colectivo Mujeres Migrantes del Sur"

PROPOSALS = [
    DemoProposal(
        key="ana_pt",
        author="ana",
        title="Acesso aos serviços básicos sem exigir documentos de residência",
        text=(
            "Cheguei a Boa Vista com meus dois filhos e passamos semanas sem conseguir "
            "atendimento no posto de saúde porque pediam comprovante de residência.\n\n"
            "**Proposta:** que os serviços básicos de saúde e educação atendam pessoas "
            "migrantes apenas com um documento de identidade de qualquer país, e que os "
            "funcionários sejam formados para não discriminar.\n\n"
            "- matrícula escolar imediata para crianças migrantes\n"
            "- atendimento de saúde sem pedir situação migratória\n"
            "- informação em espanhol e crioulo haitiano"
        ),
        language="pt",
        objectives=(15,),
        countries=("BR", "VE"),
        roles=("destination",),
        endorsers=("joao", "lucia", "valentina"),
        organization_endorsers=(("carla", RROM),),
        comments=(
            ("joao", "Em Pacaraima vemos o mesmo problema nas escolas. Apoio totalmente."),
            ("carla", "A Red Regional vai levar esta proposta à mesa temática do objetivo 15."),
        ),
        answer=(
            "daniel",
            AnswerStatus.RETAINED,
            "The proposal is retained for the regional review report, in the chapter on "
            "access to basic services (objective 15). It will be quoted in the roundtable "
            "summary and followed up with the States concerned.",
        ),
    ),
    DemoProposal(
        key="community_es",
        author="carla",
        title="Ventanillas únicas de regularización en las ciudades de frontera",
        text=(
            "En la asamblea comunitaria de Tacna, 34 personas venezolanas y peruanas "
            "retornadas pidieron que los trámites de regularización se hagan en un solo "
            "lugar, con turnos sin intermediarios y costos que se puedan pagar."
        ),
        language="es",
        objectives=(4, 7),
        countries=("PE", "CL"),
        roles=("transit", "return"),
        display=AuthorDisplay.ORGANIZATION,
        organization=MUJERES,
        on_behalf={
            "on_behalf_of": "community",
            "people_count": 34,
            "consent_recorded": True,
            "consent_how": "De palabra en la asamblea del 12 de marzo; consta en el acta.",
            "intermediary": MUJERES,
        },
        endorsers=("lucia", "gabriela"),
        comments=(("gabriela", "En Tapachula pasa lo mismo con las citas de la COMAR."),),
        answer=(
            "rosa",
            AnswerStatus.UNDER_CONSIDERATION,
            "El Comité la estudia con las propuestas similares sobre documentación.",
        ),
    ),
    DemoProposal(
        key="jean_fr",
        author="jean",
        title="Reconnaître les diplômes des migrants haïtiens dans la région",
        text=(
            "Des milliers d'infirmières et d'enseignants haïtiens travaillent comme ouvriers "
            "au Chili et au Brésil faute de reconnaissance de leurs diplômes. Nous proposons "
            "une procédure régionale simplifiée et gratuite de reconnaissance des "
            "qualifications."
        ),
        language="fr",
        objectives=(18,),
        countries=("HT", "CL", "BR"),
        roles=("origin", "destination"),
        endorsers=("kwame", "valentina"),
        organization_endorsers=(("jean", HDA),),
    ),
    DemoProposal(
        key="anonymous_en",
        author="lucia",
        title="Safe channels to report abuse by employers without fear of deportation",
        text=(
            "Domestic workers who report unpaid wages or abuse are threatened with being "
            "reported to immigration. Labour inspections must never share data with "
            "immigration enforcement (a firewall), and complaints must be possible "
            "anonymously and in our languages."
        ),
        language="en",
        objectives=(6, 7),
        countries=("AR",),
        roles=("destination",),
        display=AuthorDisplay.ANONYMOUS,
        endorsers=("carla", "jean"),
    ),
]


def load(
    *, people: dict[str, Any], review: Any, organizations: dict[str, Organization]
) -> dict[str, int]:
    created = 0
    for spec in PROPOSALS:
        if Proposal.objects.filter(title=spec.title).exists():
            continue
        author = people[spec.author]
        options = dict(spec.on_behalf)
        if "intermediary" in options:
            options["intermediary"] = organizations.get(options["intermediary"])
        proposal = actions.do_submit_proposal(
            author,
            title=spec.title,
            text=spec.text,
            language=spec.language,
            objectives=list(Objective.objects.filter(number__in=spec.objectives)),
            countries=list(Country.objects.filter(code__in=spec.countries)),
            corridor_roles=spec.roles,
            author_display=spec.display,
            organization=organizations.get(spec.organization) if spec.organization else None,
            **options,
        )
        for key in spec.endorsers:
            actions.do_endorse_proposal(people[key], proposal)
        for representative, name in spec.organization_endorsers:
            organization = organizations.get(name)
            if organization is not None:
                actions.do_endorse_proposal(
                    people[representative], proposal, organization=organization
                )
        for key, text in spec.comments:
            actions.do_comment_proposal(people[key], proposal, text=text)
        if spec.answer:
            person, status, explanation = spec.answer
            actions.do_answer_proposal(
                people[person], proposal, status=status, explanation=explanation
            )
        created += 1
    return {"proposals": Proposal.objects.count()}
