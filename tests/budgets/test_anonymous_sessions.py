"""Issue 12: reading costs no session. Anonymous visitors of every public page type get
no session row (nor session cookie); the ordering seed of budget listings is a signed
cookie."""

import pytest
from django.contrib.sessions.models import Session

from blogs.services import create_post
from pages.services import create_page
from tests.budgets.ballot_helpers import *  # noqa: F403
from tests.budgets.ballot_helpers import client_for
from tests.conftest import host_client
from tests.factories import make_component, make_proposal, make_user

VISITS = 3


@pytest.fixture
def public_pages(admin, process, component, budget, projects, organization):
    proposals = make_component(process, "proposals", actor=admin, name="Idées", published=True)
    author = make_user(organization, name="Rose", nickname="rose")
    proposal = make_proposal(proposals, author)
    blog = make_component(process, "blogs", actor=admin, published=True)
    post = create_post(actor=admin, component=blog, data={"title": "Lancement", "body": "<p>x</p>"})
    pages = make_component(process, "pages", actor=admin, published=True)
    page = create_page(actor=admin, component=pages, data={"title": "À propos", "body": "<p>y</p>"})
    return [
        "/",
        "/processes/",
        "/assemblies/",
        process.get_absolute_url(),
        component.url("index"),
        component.url("budget", pk=budget.pk),
        component.url("budget", pk=budget.pk) + "?order=random&page=1",
        component.url("budget", pk=budget.pk) + "?view=map",
        component.url("map_data", pk=budget.pk),
        component.url("project", pk=projects[0].pk),
        proposals.url("index"),
        proposals.url("detail", pk=proposal.pk),
        blog.url("index"),
        blog.url("detail", pk=post.pk),
        pages.url("index"),
        pages.url("detail", pk=page.pk),
        "/initiatives/",
        "/votations/",
        "/conferences/",
        "/search/?q=bancs",
        "/profiles/rose/",
        "/legal/terms/",
        "/sign-in/",
        "/account/signup/",
        "/account/password/reset/",
        "/organization.css",
        "/does-not-exist/",
    ]


def test_anonymous_reading_creates_no_session(public_pages):
    returning = client_for()
    for path in public_pages:
        for _ in range(VISITS):
            for client in (client_for(), returning):
                response = client.get(path)
                expected = {404} if path == "/does-not-exist/" else {200, 302}
                assert response.status_code in expected, path
                assert "sessionid" not in response.cookies, path
    assert Session.objects.count() == 0


def _titles(response, projects) -> list[str]:
    body = response.content.decode()
    return sorted((p.title for p in projects), key=body.index)


def test_budget_listing_order_is_stable_for_a_visitor(component, budget, projects):
    client = client_for()
    url = component.url("budget", pk=budget.pk) + "?order=random"
    first = client.get(url)
    assert "budgets_order_seed" in first.cookies
    again = client.get(url)
    assert "budgets_order_seed" not in again.cookies  # the cookie is kept, not renewed
    assert _titles(first, projects) == _titles(again, projects)
    # A forged seed is replaced, never trusted.
    forged = host_client("ville-a.test")
    forged.cookies["budgets_order_seed"] = "12345"
    assert forged.get(url).status_code == 200
    assert Session.objects.count() == 0
