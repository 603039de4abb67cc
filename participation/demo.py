"""The demo organisation: participation seeds people, each app seeds its own content.

A component declares its seeders in its manifest's ``demo`` (dotted paths of functions,
usually in its ``demo.py``); ``spaces`` registers its own with ``register_seeder`` in its
``demo.py`` (found by ``autodiscover_modules``). Seeding never makes one app import another.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from participation.models import Organization, User
from participation.models.users import new_username

DEMO_HOST = "localhost"
DEMO_SECONDARY_HOSTS = ["127.0.0.1"]
DEMO_ADMIN_EMAIL = "admin@bellerive.example"
DEMO_PASSWORD = "decidons-demo"


@dataclass
class DemoContext:
    organization: Organization
    admin: User
    participants: list[User]
    options: dict
    rng: random.Random
    report: list[str] = field(default_factory=list)


Seeder = Callable[[DemoContext], None]
_seeders: list[tuple[int, Seeder]] = []


def register_seeder(order: int) -> Callable[[Seeder], Seeder]:
    def decorator(seeder: Seeder) -> Seeder:
        _seeders.append((order, seeder))
        return seeder

    return decorator


def seeders() -> list[Seeder]:
    """The core's and every component manifest's, by order (stable: the core's first)."""
    from participation.components.registry import declared

    steps = [*_seeders, *((step.order, step.load()) for step in declared("demo"))]
    return [seeder for _order, seeder in sorted(steps, key=lambda pair: pair[0])]


FIRST_NAMES = [
    "Camille",
    "Léa",
    "Manon",
    "Chloé",
    "Inès",
    "Jade",
    "Louise",
    "Emma",
    "Zoé",
    "Sarah",
    "Lucas",
    "Hugo",
    "Louis",
    "Gabriel",
    "Arthur",
    "Nathan",
    "Jules",
    "Yanis",
    "Karim",
    "Malik",
    "Fatou",
    "Aïcha",
    "Nour",
    "Mathis",
    "Théo",
    "Élise",
    "Margaux",
    "Baptiste",
    "Antoine",
    "Sofiane",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "Benali",
    "Diallo",
    "Nguyen",
    "Mercier",
    "Blanc",
]


PARTICIPANT_EMAIL = "participant{number}@bellerive.example"
# A share of the demo's participants accept the newsletter, so one reaches someone.
NEWSLETTER_CONSENT_SHARE = 0.4


def participant_email(number: int) -> str:
    return PARTICIPANT_EMAIL.format(number=number)


def seed_participants(organization: Organization, count: int, rng: random.Random) -> list[User]:
    """Create ``count`` participants in bulk; they share one demo password hash.

    They are numbered from 1 (participant1@...), after the participants already seeded in
    this organisation, whatever other accounts exist: the addresses the command prints
    are the ones created. Some of them accept the newsletter.
    """
    from participation.accounts.models import NewsletterConsent

    password = make_password(DEMO_PASSWORD)
    first_number = 1 + organization.users.filter(email__regex=r"^participant[0-9]+@").count()
    users = []
    for index in range(first_number, first_number + count):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        users.append(
            User(
                organization=organization,
                username=new_username(),
                email=participant_email(index),
                name=f"{first} {last}",
                first_name=first,
                last_name=last,
                nickname=f"{first}-{last}-{index}".lower()
                .replace("ï", "i")
                .replace("é", "e")
                .replace("è", "e")
                .replace("ë", "e"),
                password=password,
            )
        )
    users = User.objects.bulk_create(users, batch_size=1000)
    now = timezone.now()
    NewsletterConsent.objects.bulk_create(
        [
            NewsletterConsent(user=user, consented_at=now)
            for user in users
            if rng.random() < NEWSLETTER_CONSENT_SHARE
        ],
        batch_size=1000,
    )
    return users


@register_seeder(order=11)
def seed_groups(context: DemoContext) -> None:
    """A committee that checks the petitions: a group holding the evaluator role on the
    demo's petition (spaces seeds it first, at order 10)."""
    from participation.models import Space, SpaceRole
    from participation.services.groups import (
        create_user_group,
        grant_group_space_role,
        set_group_members,
    )

    committee = create_user_group(
        actor=context.admin,
        organization=context.organization,
        name="Comité de validation",
        description=(
            "Cinq habitantes et habitants tirés au sort vérifient que chaque pétition "
            "respecte la charte avant qu’elle ne recueille des signatures."
        ),
        is_public=True,
    )
    set_group_members(actor=context.admin, group=committee, members=context.participants[:5])
    petitions = Space.objects.of(context.organization).filter(space_type="initiatives")
    for petition in petitions:
        grant_group_space_role(
            actor=context.admin, group=committee, space=petition, role=SpaceRole.EVALUATOR
        )
    context.report.append(
        f"1 group ({min(5, len(context.participants))} members, evaluating the petitions)"
    )
