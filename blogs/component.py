"""The "blogs" component's manifest: what it declares to the component framework."""

from django.utils.translation import gettext_lazy as _

from blogs import hooks, notifications
from participation.components.manifest import Action, ComponentManifest, DemoSeeder, Export
from participation.components.predicates import signed_in, space_member, step_allows, verified
from participation.components.settings_schema import (
    BooleanSetting,
    IntegerSetting,
    SettingsSchema,
)


def _metrics(component) -> dict[str, int]:
    from participation.moderation.selectors import exclude_hidden

    return {"posts": exclude_hidden(component.posts.visible()).count()}


def _export(component):
    for post in component.posts.select_related("author"):
        yield {
            "id": post.pk,
            "title": post.title,
            "body": post.body,
            "author": post.author.name if post.author else "",
            "published_at": post.published_at.isoformat(),
        }


def _participants(components, scope_ids):
    """Commenters on the posts (newsletters' "participants"); posts have no area, so with
    areas chosen only blogs of a space about one of them count (scope_ids is None then)."""
    from blogs.models import Post
    from participation.comments.selectors import commenter_ids
    from participation.components.selectors import any_of_user_ids
    from participation.moderation.selectors import exclude_hidden

    if scope_ids is not None:
        return any_of_user_ids()
    return any_of_user_ids(
        commenter_ids(exclude_hidden(Post.objects.filter(component__in=components)))
    )


MANIFEST = ComponentManifest(
    name="blogs",
    label=_("Blog"),
    description=_("News posts written by the space's team."),
    public_urls="blogs.urls",
    admin_urls="blogs.admin_urls",
    settings=SettingsSchema(
        {
            "posts_per_page": IntegerSetting(
                label=_("Posts per page"), default=10, min_value=1, max_value=50
            ),
            "show_author": BooleanSetting(label=_("Show the author of each post"), default=True),
        }
    ),
    step_settings=SettingsSchema(
        {
            "comments_enabled": BooleanSetting(
                label=_("Comments enabled"),
                default=False,
                help_text=_("Residents may comment on posts during this step."),
            ),
        }
    ),
    actions={
        "comment": Action(
            label=_("Comment on a post"),
            rule=signed_in & space_member & verified & step_allows("comments_enabled"),
        ),
    },
    exports={"posts": Export(_("Posts"), _export)},
    metrics=_metrics,
    metric_labels={"posts": _("Posts")},
    news=hooks.news,
    participants=_participants,
    commentables=hooks.COMMENTABLES,
    reportables=hooks.REPORTABLES,
    followables=notifications.FOLLOWABLES,
    searchables=hooks.SEARCHABLES,
    feed=hooks.recent,
    contributions=hooks.CONTRIBUTIONS,
    media=hooks.MEDIA,
    demo=(DemoSeeder("blogs.demo.seed_blog", order=31),),
)
