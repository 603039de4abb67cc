"""Demo blog: news of the participatory budget, comments open in its second step."""

from datetime import timedelta

from django.utils import timezone

from participation.components.services import (
    add_component,
    configure_component,
    publish_component,
)
from participation.demo import DemoContext
from spaces.types import SPACE_TYPES

POSTS = [
    (
        "Le budget participatif 2027 est lancé !",
        "<p>Vous avez jusqu'au 31 janvier pour déposer vos projets.</p>",
        25,
    ),
    (
        "Trois ateliers pour vous aider à monter votre projet",
        "<p>Rendez-vous à la maison des associations les 8, 15 et 22 janvier.</p>",
        12,
    ),
    (
        "Déjà 80 projets déposés",
        "<p>Merci ! Les services commencent l'analyse de faisabilité.</p>",
        3,
    ),
]


def seed_blog(context: DemoContext) -> None:
    from blogs.services import create_post

    process = SPACE_TYPES["processes"].model.objects.get(
        organization=context.organization, slug="budget-participatif-2027"
    )
    component = add_component(
        actor=context.admin, space=process, manifest_name="blogs", name="Actualités"
    )
    steps = list(process.steps.all())
    configure_component(
        actor=context.admin,
        component=component,
        settings={"posts_per_page": 10, "show_author": True},
        step_settings={
            str(step.pk): {"comments_enabled": index == 1} for index, step in enumerate(steps)
        },
    )
    now = timezone.now()
    for title, body, days_ago in POSTS:
        create_post(
            actor=context.admin,
            component=component,
            data={"title": title, "body": body, "published_at": now - timedelta(days=days_ago)},
        )
    publish_component(actor=context.admin, component=component)
    context.report.append(f"1 blog with {len(POSTS)} posts")
