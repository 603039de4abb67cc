"""allauth's rate limits on sign-up and reset answer with our 429 page."""

from django.core import mail

from tests.accounts.helpers import signup_data
from tests.conftest import host_client
from tests.factories import make_user


def test_sign_up_is_rate_limited_per_address(organization):
    client = host_client(organization.host)
    statuses = [
        client.post("/account/signup/", signup_data(email=f"p{n}@example.org", name="")).status_code
        for n in range(21)
    ]
    assert statuses[:20] == [200] * 20  # invalid forms (no name), each counted
    assert statuses[20] == 429


def test_password_reset_is_rate_limited_per_address(
    organization, django_capture_on_commit_callbacks
):
    user = make_user(organization, email="target@example.org")
    client = host_client(organization.host)
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            client.post("/account/password/reset/", {"email": user.email}).status_code
            for _ in range(7)
        ]
    assert statuses[:5] == [302] * 5
    assert statuses[5:] == [429, 429]
    page = client.post("/account/password/reset/", {"email": user.email})
    assert "Trop de requêtes" in page.content.decode()
    assert len(mail.outbox) <= 5
