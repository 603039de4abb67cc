"""Bodies Django cannot read answer 400 with the product's error page, never 500."""

import re

import pytest
from django.test import Client

from budgets.models import Project
from participation import demo
from participation.components.models import Component
from proposals.models import Proposal
from tests.resilience.conftest import sign_in_client

UTF16_FORM = "application/x-www-form-urlencoded; charset=utf-16"


@pytest.fixture
def write_paths(city):
    proposals = Component.objects.get(organization=city, manifest_name="proposals")
    proposal = Proposal.objects.filter(component=proposals, published_at__isnull=False).first()
    project = Project.objects.filter(budget__component__organization=city).first()
    budgets = Component.objects.get(pk=project.budget.component_id)
    return {
        "comment": f"/comments/proposals-proposal/{proposal.pk}/new/",
        "support": proposals.url("support", pk=proposal.pk),
        "new proposal": proposals.url("create"),
        "follow": "/notifications/follow/",
        "budget add": budgets.url("add", pk=project.pk),
        "sign-in": "/sign-in/",
    }


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "participant"])
@pytest.mark.parametrize(
    "form", ["comment", "support", "new proposal", "follow", "budget add", "sign-in"]
)
def test_a_utf16_form_answers_400_with_the_error_page(
    city, write_paths, city_participant, signed_in, form
):
    client = sign_in_client(city_participant) if signed_in else _client()
    client.get("/")  # the CSRF cookie, as a browser would have it
    token = client.cookies["csrftoken"].value
    response = client.post(
        write_paths[form],
        f"body=Bonjour&email=a%40example.org&password=x&csrfmiddlewaretoken={token}",
        content_type=UTF16_FORM,
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 400, response.content[:300]
    content = response.content.decode()
    assert "Requête incomprise" in content
    assert "/static/css/app.css" in content  # the product's layout
    assert city.name in content


def test_the_400_page_speaks_english_to_an_english_visitor(write_paths):
    client = _client()
    client.get("/")
    response = client.post(
        "/sign-in/", "email=a", content_type=UTF16_FORM, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "Request not understood" in response.content.decode()


def test_a_rate_limited_sign_in_with_an_empty_body_answers_without_error(city, settings):
    client = _client(enforce=False)
    for _ in range(11):  # past the 10 a minute per address
        response = client.post("/sign-in/", {"email": "nobody@example.org", "password": "x"})
    response = client.post("/sign-in/", "", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert "Trop de tentatives" in response.content.decode()


def _client(enforce=True) -> Client:
    return Client(
        HTTP_HOST=demo.DEMO_HOST, enforce_csrf_checks=enforce, raise_request_exception=True
    )


@pytest.mark.parametrize("target", ["abc", "«", "a b", "javascript:alert(1)", "//evil.example/"])
def test_a_next_that_is_not_a_path_sends_back_to_the_default_page(city, city_participant, target):
    """Found by the fuzzer: redirect() took a bare word for a URL pattern's name (500)."""
    client = sign_in_client(city_participant)
    client.get("/")
    token = client.cookies["csrftoken"].value
    response = client.get("/sign-in/", {"next": target})
    assert response.status_code == 302 and response["Location"] == "/"

    proposals = Component.objects.get(organization=city, manifest_name="proposals")
    proposal = Proposal.objects.filter(component=proposals, published_at__isnull=False).first()
    page = client.get(proposals.url("detail", pk=proposal.pk)).content.decode()
    key = re.search(r'name="key" value="([^"]+)"', page)[1]
    response = client.post(
        "/notifications/follow/",
        {"key": key, "object_id": proposal.pk, "action": "follow", "next": target},
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 302
    assert response["Location"] == "/notifications/following/"
