"""The "proposals" component's manifest: what it declares to the component framework."""

from django.utils.translation import gettext_lazy as _

from participation.components.manifest import (
    Action,
    ComponentManifest,
    DatedMetric,
    DemoSeeder,
    Export,
)
from participation.components.predicates import (
    Predicate,
    signed_in,
    space_member,
    step_allows,
    verified,
)
from participation.components.settings_schema import (
    BooleanSetting,
    ChoiceSetting,
    IntegerSetting,
    SettingsSchema,
)
from proposals import hooks
from proposals.permissions import can_open_admin
from proposals.personal_data import PROPOSALS
from proposals.personal_data.amendments import AMENDMENTS

VOTE_SIMPLE = "simple"
VOTE_FOR_AGAINST = "for_against_neutral"
# Who reads the amendments of a proposal (per step, as Decidim's "amendments visibility").
AMENDMENTS_VISIBLE_TO_ALL = "all"
AMENDMENTS_VISIBLE_TO_PARTICIPANTS = "participants"


def setting_on(name: str) -> Predicate:
    """The component's global setting ``name`` is on."""
    return Predicate(
        lambda context: bool(context.component.typed_settings.get(name, False)),
        f"setting_on({name})",
    )


def _metrics(component) -> dict[str, int]:
    from proposals.models import Support
    from proposals.selectors import visible_proposals

    return {
        "proposals": visible_proposals(component).count(),
        "supports": Support.objects.filter(component=component, counted=True).count(),
    }


def _proposal_rows(components, end):
    """Proposals published before ``end``, less those hidden by moderation."""
    from participation.moderation.selectors import exclude_hidden
    from proposals.models import Proposal

    return exclude_hidden(Proposal.objects.filter(component__in=components, published_at__lt=end))


def _support_rows(components, end):
    from proposals.models import Support

    return Support.objects.filter(component__in=components, counted=True, created_at__lt=end)


def _map_layer(components) -> list[dict]:
    """Located proposals of these components that anyone seeing them sees (published, not
    hidden by moderation; withdrawn ones stay, as on the component's own map)."""
    from participation.components.map_points import map_points
    from participation.moderation.selectors import exclude_hidden
    from proposals.models import Proposal
    from proposals.selectors import COMPONENT_PATH

    if not components:
        return []
    by_id = {component.pk: component for component in components}
    queryset = exclude_hidden(
        Proposal.objects.published().filter(
            component__in=list(by_id), organization_id=components[0].organization_id
        )
    )
    points = map_points(queryset.order_by("-published_at", "-id"), component_path=COMPONENT_PATH)
    for point in points:
        point["url"] = by_id[point.pop("component_id")].url("detail", pk=point["id"])
    return points


def _export(component):
    from proposals.exports import rows
    from proposals.selectors import visible_proposals

    yield from rows(visible_proposals(component), component=component)


participate = signed_in & space_member & verified


def _participants(components, scope_ids):
    from proposals.selectors import participant_ids

    return participant_ids(components, scope_ids)


MANIFEST = ComponentManifest(
    name="proposals",
    label=_("Proposals"),
    description=_("Residents put forward proposals, on a map if they wish, and support them."),
    public_urls="proposals.urls",
    admin_urls="proposals.admin_urls",
    admin_access=can_open_admin,
    settings=SettingsSchema(
        {
            "title_min_length": IntegerSetting(
                label=_("Minimum title length"), default=15, min_value=1, max_value=500
            ),
            "title_max_length": IntegerSetting(
                label=_("Maximum title length"), default=150, min_value=10, max_value=500
            ),
            "body_max_length": IntegerSetting(
                label=_("Maximum description length (characters)"),
                default=2000,
                min_value=100,
                max_value=50000,
            ),
            "supports_enabled": BooleanSetting(label=_("Supports enabled"), default=True),
            "vote_kind": ChoiceSetting(
                label=_("Kind of support"),
                default=VOTE_SIMPLE,
                choices=(
                    (VOTE_SIMPLE, _("Simple support")),
                    (VOTE_FOR_AGAINST, _("For, against or neutral")),
                ),
            ),
            "support_limit": IntegerSetting(
                label=_("Supports per participant (0: no limit)"), default=0, min_value=0
            ),
            "minimum_supports": IntegerSetting(
                label=_("Supports a participant must give before theirs count"),
                default=0,
                min_value=0,
            ),
            "threshold": IntegerSetting(
                label=_("Supports needed per proposal (0: none)"), default=0, min_value=0
            ),
            "accumulate_beyond_threshold": BooleanSetting(
                label=_("Supports may go on beyond the threshold"), default=True
            ),
            "edit_time_limit": IntegerSetting(
                label=_("Minutes during which authors may edit"), default=5, min_value=0
            ),
            "geolocation_enabled": BooleanSetting(label=_("Address and map point"), default=True),
            "attachments_allowed": BooleanSetting(label=_("Attachments allowed"), default=True),
            "proposals_per_page": IntegerSetting(
                label=_("Proposals per page"), default=20, min_value=5, max_value=100
            ),
            "amendments_enabled": BooleanSetting(
                label=_("Amendments enabled"),
                default=False,
                help_text=_(
                    "Participants may propose an amended version of a published proposal; "
                    "its author accepts or rejects it."
                ),
            ),
            "amendments_votes_enabled": BooleanSetting(
                label=_("Supports on amendments enabled"), default=False
            ),
            "publish_answers_immediately": BooleanSetting(
                label=_("Publish official answers immediately"), default=True
            ),
            "answers_with_costs": BooleanSetting(
                label=_("Accepted proposals need a cost, a cost report and an execution period"),
                default=False,
            ),
        }
    ),
    step_settings=SettingsSchema(
        {
            "creation_enabled": BooleanSetting(label=_("Proposal creation enabled"), default=False),
            "supports_enabled": BooleanSetting(label=_("Supports enabled"), default=False),
            "supports_blocked": BooleanSetting(
                label=_("Supports blocked"),
                default=False,
                help_text=_("Supports stay visible but nobody can add or remove one."),
            ),
            "supports_hidden": BooleanSetting(
                label=_("Support counts hidden until the end of the step"), default=False
            ),
            "comments_enabled": BooleanSetting(label=_("Comments enabled"), default=False),
            "amendment_creation_enabled": BooleanSetting(
                label=_("Amendment creation enabled"), default=False
            ),
            "amendment_reaction_enabled": BooleanSetting(
                label=_("Amendment reaction enabled"),
                default=False,
                help_text=_("Authors may accept or reject the amendments to their proposals."),
            ),
            "amendments_visibility": ChoiceSetting(
                label=_("Amendments visibility"),
                default=AMENDMENTS_VISIBLE_TO_ALL,
                choices=(
                    (AMENDMENTS_VISIBLE_TO_ALL, _("Amendments are visible to everyone")),
                    (
                        AMENDMENTS_VISIBLE_TO_PARTICIPANTS,
                        _("Each participant sees only their own amendments"),
                    ),
                ),
            ),
        }
    ),
    actions={
        "create": Action(
            label=_("Create a proposal"), rule=participate & step_allows("creation_enabled")
        ),
        "support": Action(
            label=_("Support a proposal"),
            rule=participate & setting_on("supports_enabled") & step_allows("supports_enabled"),
        ),
        "comment": Action(
            label=_("Comment on a proposal"), rule=participate & step_allows("comments_enabled")
        ),
        # Only the author edits; the service adds that check and the time limit.
        "edit": Action(label=_("Edit one's proposal"), rule=participate),
        # Amendments (proposals.services.amendments): the services add who may react and to what.
        "amend": Action(
            label=_("Amend a proposal"),
            rule=participate
            & setting_on("amendments_enabled")
            & step_allows("amendment_creation_enabled"),
        ),
        "react_to_amendment": Action(
            label=_("Accept or reject an amendment to one's proposal"),
            rule=participate
            & setting_on("amendments_enabled")
            & step_allows("amendment_reaction_enabled"),
        ),
        "support_amendment": Action(
            label=_("Support an amendment"),
            rule=participate
            & setting_on("amendments_enabled")
            & setting_on("amendments_votes_enabled")
            & step_allows("supports_enabled"),
        ),
    },
    exports={"proposals": Export(_("Published proposals"), _export)},
    metrics=_metrics,
    metric_labels={"proposals": _("Proposals"), "supports": _("Supports")},
    dated_metrics={
        "proposals": DatedMetric(_("Proposals"), _proposal_rows, person="author_id", order=20),
        "supports": DatedMetric(_("Supports"), _support_rows, person="user_id", order=40),
    },
    map_layer=_map_layer,
    participants=_participants,
    commentables=hooks.COMMENTABLES,
    hash_mentions=hooks.HASH_MENTIONS,
    reportables=hooks.REPORTABLES,
    followables=hooks.FOLLOWABLES,
    searchables=hooks.SEARCHABLES,
    feed=hooks.recent,
    contributions=hooks.CONTRIBUTIONS,
    personal_data=(PROPOSALS, AMENDMENTS),
    attachables=hooks.ATTACHABLES,
    demo=(
        DemoSeeder("proposals.demo.seed_proposals", order=32),
        DemoSeeder("proposals.demo.seed_amendments", order=33),
    ),
)
