"""Demo pages: an information component in the participatory budget."""

from participation.components.services import add_component, publish_component
from participation.demo import DemoContext
from spaces.types import SPACE_TYPES

PAGES = [
    (
        "Le règlement",
        "<h2>Qui peut participer ?</h2><p>Toute personne de plus de 11 ans vivant, travaillant "
        "ou étudiant à Bellerive-sur-Loire.</p><h2>Quels projets ?</h2><ul><li>d'intérêt "
        "général ;</li><li>sur le domaine public ;</li><li>d'un coût de 150 000 € au plus.</li></ul>",
        "",
    ),
    (
        "Le budget participatif en vidéo",
        "<p>Deux minutes pour comprendre comment déposer un projet.</p>",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    ),
]


def seed_pages(context: DemoContext) -> None:
    from pages.services import create_page
    from participation.embeds import parse_video_url

    process = SPACE_TYPES["processes"].model.objects.get(
        organization=context.organization, slug="budget-participatif-2027"
    )
    component = add_component(
        actor=context.admin, space=process, manifest_name="pages", name="Informations"
    )
    for title, body, video in PAGES:
        create_page(
            actor=context.admin,
            component=component,
            data={"title": title, "body": body, "video_title": title if video else ""},
            video=parse_video_url(video) if video else None,
        )
    publish_component(actor=context.admin, component=component)
    context.report.append(f"{len(PAGES)} information pages")
