"""Landing page, home page, search, activity feed, metrics, personal data and back-office
exports ask the manifests: a component type the platform has never heard of shows up in
each of them through its manifest alone, and only with what the visitor may see."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.html import strip_tags

from participation.components import registry, services
from participation.components.manifest import ComponentManifest, DatedMetric, Export
from participation.components.models import Component
from participation.moderation.feed import FeedItem, recent_activity
from participation.moderation.visibility import visible_components
from participation.privacy.registry import PersonalData, entries
from participation.search.registry import Searchable
from participation.search.selectors import search
from spaces.blocks import BlockForm, BlockKind, block_kind
from spaces.models import ContentBlock, HomeBlock, ParticipatoryProcess, Visibility
from spaces.selectors import prepare_blocks
from synthesis import metrics
from tests.conftest import host_client, make_user

SOON = timezone.now() + datetime.timedelta(days=3)


def _feed(organization, limit):
    return [FeedItem(kind="Gadget", title="Gadget in the feed", url="/g/", date=timezone.now())]


def _news(components, limit):
    return [
        FeedItem(kind="Gadget", title=f"News of {c.name}", url="/g/", date=timezone.now())
        for c in components
    ]


def _meetings(components, limit):
    return [{"title": f"Meeting of {c.name}", "start": SOON, "url": "/m/"} for c in components]


def _map_layer(components):
    return [
        {"id": c.pk, "title": f"Point of {c.name}", "lat": 47.0, "lng": 1.0, "url": "/p/"}
        for c in components
    ]


def _gadget_block(blocks, page):
    for block in blocks:
        block.view = {"names": [c.name for c in page.components()]}


GADGETS = ComponentManifest(
    name="gadgets",
    label="Gadgets",
    feed=_feed,
    news=_news,
    meetings=_meetings,
    map_layer=_map_layer,
    metrics=lambda component: {"gadgets": 2},
    metric_labels={"gadgets": "Gadgets counted"},
    dated_metrics={
        "gadgets": DatedMetric(
            "Gadgets by day",
            lambda components, end: Component.objects.filter(pk__in=components, created_at__lt=end),
        )
    },
    searchables=(
        Searchable(
            key="gadgets",
            label="Gadgets",
            model=Component,
            queryset=lambda organization, user: visible_components(
                organization=organization, user=user
            ).filter(manifest_name="gadgets"),
            title="name",
            url=lambda component: "/g/",
        ),
    ),
    blocks=(
        BlockKind("gadget", "Gadget", BlockForm, "spaces/blocks/text.html", "", _gadget_block),
    ),
    personal_data=(
        PersonalData(
            key="gadgets", label="Gadgets", description="Gadgets", exporter=lambda user: {}
        ),
    ),
    exports={
        "gadget-list": Export(
            "Gadget list", lambda component: [{"name": component.name, "formula": "=1+1"}]
        )
    },
)


@pytest.fixture
def gadgets():
    registry.register(GADGETS)
    yield GADGETS
    registry.unregister(GADGETS.name)


@pytest.fixture
def admin(organization):
    return make_user(organization, admin=True)


def _space(organization, admin, slug, visibility, name):
    space = ParticipatoryProcess.objects.create(
        organization=organization,
        slug=slug,
        title=slug,
        published_at=timezone.now() - datetime.timedelta(days=1),
        visibility=visibility,
    )
    component = services.add_component(actor=admin, space=space, manifest_name="gadgets", name=name)
    services.publish_component(actor=admin, component=component)
    return space, component


@pytest.fixture
def spaces(gadgets, organization, admin):
    public = _space(organization, admin, "open", Visibility.PUBLIC, "Lantern")
    private = _space(organization, admin, "closed", Visibility.PRIVATE, "Secret")
    return public, private


def test_the_landing_page_blocks_ask_the_manifest(spaces):
    (space, component), _private = spaces
    blocks = [ContentBlock(kind=kind) for kind in ("map", "statistics", "meetings", "gadget")]
    shown = {block.kind: block.view for block in prepare_blocks(blocks, space, AnonymousUser())}
    assert [point["title"] for point in shown["map"]["points"]] == ["Point of Lantern"]
    assert ("Gadgets counted", 2) in shown["statistics"]["statistics"]
    assert [meeting["title"] for meeting in shown["meetings"]["meetings"]] == ["Meeting of Lantern"]
    assert shown["gadget"] == {"names": ["Lantern"]}


def test_a_block_kind_declared_by_a_manifest_goes_with_it(gadgets):
    assert block_kind("gadget") is gadgets.blocks[0]
    registry.unregister("gadgets")
    assert block_kind("gadget") is None
    registry.register(gadgets)


def test_the_home_page_news_and_meetings_ask_the_manifests(spaces, organization):
    HomeBlock.objects.create(organization=organization, kind="news", position=0)
    HomeBlock.objects.create(organization=organization, kind="meetings", position=1)
    page = host_client("ville-a.test").get("/").content.decode()
    assert "News of Lantern" in page and "Meeting of Lantern" in page
    # The private space's component is not handed to the hooks for a visitor.
    assert "Secret" not in page


def test_search_and_the_activity_feed_ask_the_manifests(spaces, organization):
    # The gadgets were indexed when the component type's services wrote them.
    page = search(organization=organization, user=AnonymousUser(), text="Lantern")
    assert [(r.searchable.key, strip_tags(r.title)) for r in page.results] == [
        ("gadgets", "Lantern")
    ]
    assert not search(organization=organization, user=AnonymousUser(), text="Secret").results
    assert "Gadget in the feed" in {item.title for item in recent_activity(organization)}


def test_the_metrics_dashboard_and_personal_data_ask_the_manifests(spaces, organization):
    metric = metrics.get("gadgets")
    assert str(metric.label) == "Gadgets by day"
    assert metric.count(organization, None, timezone.localdate()) == 2
    assert "gadgets" in {entry.key for entry in entries()}


def test_exports_are_back_office_csv_downloads(spaces, admin, organization):
    (space, component), _private = spaces
    url = f"{component.get_admin_url()}exports/gadget-list.csv"
    edit = host_client("ville-a.test", user=admin).get(component.get_admin_url())
    assert url in edit.content.decode()
    response = host_client("ville-a.test", user=admin).get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    # A formula is quoted: a spreadsheet shows it, never runs it.
    assert response.content.decode().splitlines() == ["name,formula", "Lantern,'=1+1"]
    unknown = f"{component.get_admin_url()}exports/nothing.csv"
    assert host_client("ville-a.test", user=admin).get(unknown).status_code == 404
    resident = host_client("ville-a.test", user=make_user(organization))
    assert resident.get(url).status_code in (302, 403)
