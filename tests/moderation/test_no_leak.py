"""A proposal hidden by moderation, a draft or a proposal of a private space never shows
anywhere public: landing-page blocks (map, statistics...), the home page, the activity
feed, search results or the metrics. The landing-page map and statistics ask the component
manifests, so budgets' located projects and their figures show there too."""

import html
import json
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from participation.moderation.services import hide_item
from spaces.models import ContentBlock
from spaces.services import blocks as block_services
from synthesis import metrics
from tests.conftest import host_client
from tests.factories import (
    AssemblyFactory,
    ProcessFactory,
    located,
    make_budget,
    make_component,
    make_open_budgets,
    make_project,
    make_proposal,
    make_user,
)

HOST = "ville-a.test"
PUBLIC = "Zorglub visible au square"
HIDDEN = "Zorglub masqué par la modération"
DRAFT = "Zorglub brouillon de quartier"
PRIVATE = "Zorglub confidentiel du conseil"
PROJECT = "Zorglub projet de fontaine"
SECRETS = (HIDDEN, DRAFT, PRIVATE)
LANDING_KINDS = ("map", "statistics", "components", "buttons", "meetings", "text")
HOME_KINDS = ("hero", "promoted", "news", "meetings", "explore")


def _proposals(admin, space):
    return make_component(space, "proposals", actor=admin, name="Idées", published=True)


def _landing(admin, space, blog=None):
    for kind in LANDING_KINDS:
        data = {"body": "<p>Bienvenue</p>"} if kind == "text" else {}
        if kind in ("components", "buttons"):
            data = {"components": []} if kind == "components" else {}
            if kind == "buttons":
                data = {"buttons": [{"label": "Aller", "url": "/", "component": None}]}
        block_services.create_block(actor=admin, space=space, kind=kind, data=data)
    for block in ContentBlock.objects.filter(space=space):
        block_services.set_block_published(actor=admin, space=space, block=block, published=True)


@pytest.fixture
def world(organization, now):
    admin = make_user(organization, admin=True)
    author = make_user(organization, name="Rose Résidente")
    process = ProcessFactory(
        organization=organization, slug="quartier", title="Quartier", published_at=now
    )
    ideas = _proposals(admin, process)
    make_proposal(ideas, author, PUBLIC, **located())
    hidden = make_proposal(ideas, author, HIDDEN, **located(latitude=Decimal("47.400000")))
    hide_item(actor=admin, item=hidden)
    make_proposal(ideas, author, DRAFT, published_at=None, **located())
    budgets = make_open_budgets(process, actor=admin)
    make_project(make_budget(budgets), PROJECT, **located(longitude=Decimal("0.700000")))
    _landing(admin, process)
    private = AssemblyFactory(
        organization=organization,
        slug="conseil",
        title="Conseil",
        visibility="private",
        published_at=now,
    )
    make_proposal(_proposals(admin, private), author, PRIVATE, **located())
    _landing(admin, private)
    for kind in HOME_KINDS:
        block_services.create_home_block(
            actor=admin, organization=organization, kind=kind, data={"title": kind}
        )
    return {"admin": admin, "process": process, "outsider": make_user(organization)}


def _pages(world) -> dict[str, str]:
    pages = {}
    for who, user in (("anonymous", None), ("resident", world["outsider"])):
        client = host_client(HOST, user)
        for path in ("/", "/processes/quartier/", "/activity/", "/search/?q=Zorglub"):
            response = client.get(path)
            assert response.status_code == 200, path
            # Search marks the matched words: read the text around them.
            page = response.content.decode().replace("<mark>", "").replace("</mark>", "")
            pages[f"{who} {path}"] = page
        assert client.get("/assemblies/conseil/").status_code == 404
    return pages


def test_hidden_draft_and_private_proposals_show_nowhere_public(world):
    pages = _pages(world)
    for name, body in pages.items():
        for secret in SECRETS:
            assert secret not in body, f"{secret!r} leaks on {name}"
    landing = pages["anonymous /processes/quartier/"]
    assert PUBLIC in landing  # the map block lists the located proposal...
    assert PROJECT in landing  # ...and, by its manifest's map layer, the located project
    assert PUBLIC in pages["anonymous /search/?q=Zorglub"]
    assert PUBLIC in pages["anonymous /activity/"]


def test_the_map_block_gives_points_of_visible_content_only(world):
    body = host_client(HOST).get("/processes/quartier/").content.decode()
    points = json.loads(html.unescape(re.search(r'data-points="([^"]*)"', body).group(1)))
    assert {point["title"] for point in points} == {PUBLIC, PROJECT}
    # The hidden proposal's coordinates are not sent either.
    assert {(point["lat"], point["lng"]) for point in points} == {(47.391, 0.689), (47.391, 0.7)}


def test_statistics_count_visible_content_of_every_component(world):
    body = host_client(HOST).get("/processes/quartier/").content.decode()
    figures = dict(re.findall(r"<dt>([^<]+)</dt><dd>(\d+)</dd>", body))
    assert figures.get("Proposals", figures.get("Propositions")) == "1"
    assert figures.get("Projects", figures.get("Projets")) == "1"


def test_metrics_leave_hidden_and_draft_proposals_out(world, organization):
    today = timezone.localdate()
    process = world["process"]
    assert metrics.get("proposals").count(organization, process, today) == 1
