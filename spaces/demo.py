"""Demo spaces of Bellerive-sur-Loire: one or more of each type."""

from datetime import timedelta

from django.utils import timezone

from participation.components.serving import forget_serving
from participation.demo import DemoContext, register_seeder
from spaces.models import (
    Assembly,
    Conference,
    Initiative,
    ParticipatoryProcess,
    ProcessStep,
    Votation,
)

PROCESSES = [
    {
        "slug": "budget-participatif-2027",
        "title": "Budget participatif 2027",
        "subtitle": "1,2 million d'euros pour vos projets de quartier",
        "short": "<p>Déposez vos idées, votez pour vos projets préférés : la ville réalise les lauréats.</p>",
        "description": (
            "<p>Chaque année, 5 % du budget d'investissement de Bellerive-sur-Loire est confié "
            "aux habitantes et habitants. Toute personne de plus de 11 ans vivant, travaillant ou "
            "étudiant à Bellerive peut proposer et voter.</p>"
        ),
        "offset": (-30, 150),
        "steps": [
            (
                "Dépôt des projets",
                "<p>Proposez vos projets jusqu'au 31 janvier.</p>",
                -30,
                20,
                True,
            ),
            (
                "Analyse de faisabilité",
                "<p>Les services étudient chaque projet.</p>",
                21,
                70,
                False,
            ),
            ("Vote", "<p>Choisissez vos projets dans la limite du budget.</p>", 71, 100, False),
            ("Réalisation", "<p>Suivez l'avancement des projets lauréats.</p>", 101, 150, False),
        ],
        "promoted": True,
    },
    {
        "slug": "place-du-marche",
        "title": "Réaménagement de la place du Marché",
        "subtitle": "Imaginons ensemble le cœur de ville de demain",
        "short": "<p>Arbres, terrasses, stationnement, marché du samedi : donnez votre avis.</p>",
        "description": "<p>Une concertation en trois temps avant le lancement des travaux en 2028.</p>",
        "offset": (10, 120),
        "steps": [
            ("Diagnostic partagé", "<p>Balades urbaines et questionnaire.</p>", 10, 40, False),
            ("Ateliers de scénarios", "<p>Trois scénarios à discuter.</p>", 41, 90, False),
            ("Restitution", "<p>Présentation du projet retenu.</p>", 91, 120, False),
        ],
        "promoted": True,
    },
    {
        "slug": "plan-velo-2025",
        "title": "Plan vélo 2025",
        "subtitle": "Concertation terminée",
        "short": "<p>Les contributions ont nourri le plan vélo adopté en conseil municipal.</p>",
        "description": "<p>Retrouvez les contributions et le bilan de la concertation.</p>",
        "offset": (-400, -200),
        "steps": [
            ("Contributions", "", -400, -300, False),
            ("Bilan", "<p>Le bilan est en ligne.</p>", -299, -200, True),
        ],
        "promoted": False,
    },
]


@register_seeder(order=10)
def seed_spaces(context: DemoContext) -> None:
    organization = context.organization
    today = timezone.localdate()
    now = timezone.now()
    for spec in PROCESSES:
        process = ParticipatoryProcess.objects.create(
            organization=organization,
            slug=spec["slug"],
            title=spec["title"],
            subtitle=spec["subtitle"],
            short_description=spec["short"],
            description=spec["description"],
            promoted=spec["promoted"],
            published_at=now,
            start_date=today + timedelta(days=spec["offset"][0]),
            end_date=today + timedelta(days=spec["offset"][1]),
        )
        ProcessStep.objects.bulk_create(
            ProcessStep(
                process=process,
                title=title,
                description=description,
                position=position,
                start_date=today + timedelta(days=start),
                end_date=today + timedelta(days=end),
                active=active,
            )
            for position, (title, description, start, end, active) in enumerate(spec["steps"])
        )
        forget_serving(organization.pk)  # bulk_create() sends no signal
    council = Assembly.objects.create(
        organization=organization,
        slug="conseil-quartier-centre",
        title="Conseil de quartier Centre",
        subtitle="Habitantes, habitants et élus du centre-ville",
        short_description="<p>Le conseil se réunit chaque trimestre et porte les projets du quartier.</p>",
        description="<p>Vingt membres tirés au sort et volontaires, renouvelés tous les trois ans.</p>",
        promoted=True,
        published_at=now,
    )
    Assembly.objects.create(
        organization=organization,
        slug="commission-mobilite",
        title="Commission mobilité",
        parent=council,
        short_description="<p>Groupe de travail du conseil de quartier Centre.</p>",
        published_at=now,
    )
    Assembly.objects.create(
        organization=organization,
        slug="comite-de-suivi-budget",
        title="Comité de suivi du budget",
        visibility="private",
        short_description="<p>Réservé aux membres du comité.</p>",
        published_at=now,
    )
    Initiative.objects.create(
        organization=organization,
        slug="cantines-bio",
        title="Pour des cantines 100 % bio et locales",
        short_description="<p>Pétition citoyenne pour les écoles de Bellerive.</p>",
        signatures_required=1500,
        start_date=today - timedelta(days=20),
        end_date=today + timedelta(days=70),
        published_at=now,
        promoted=True,
    )
    Votation.objects.create(
        organization=organization,
        slug="nom-mediatheque",
        title="Quel nom pour la nouvelle médiathèque ?",
        short_description="<p>Trois noms proposés par le conseil des jeunes.</p>",
        start_date=today + timedelta(days=15),
        end_date=today + timedelta(days=30),
        published_at=now,
    )
    Conference.objects.create(
        organization=organization,
        slug="assises-transition",
        title="Assises de la transition écologique",
        short_description="<p>Deux journées de tables rondes et d'ateliers ouverts à toutes et tous.</p>",
        location="Salle des fêtes, 2 rue de la Loire",
        start_date=today + timedelta(days=45),
        end_date=today + timedelta(days=46),
        published_at=now,
    )
    context.report.append("3 concertations, 3 assemblies, 1 petition, 1 votation, 1 conference")
