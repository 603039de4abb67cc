"""Hardening that holds from the first page: headers, rate limits, tokens, deploy checks."""

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.conftest import host_client
from tests.factories import PASSWORD, make_user

ROOT = Path(__file__).resolve().parents[2]


def test_pages_carry_a_strict_content_security_policy(organization):
    response = host_client(organization.host).get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_pages_have_no_inline_script_or_style(organization):
    body = host_client(organization.host).get("/").content.decode()
    assert "<script>" not in body and "<script " not in body
    assert " style=" not in body and "<style" not in body


def test_write_requests_are_rate_limited_per_client(settings, organization):
    settings.WRITE_RATE_LIMIT = "3/m"
    client = host_client(organization.host)
    statuses = [
        client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code for _ in range(5)
    ]
    assert statuses[:3] == [302, 302, 302]
    assert statuses[3:] == [429, 429]
    # Reading stays possible.
    assert client.get("/").status_code == 200


def test_sign_in_is_rate_limited_per_address(organization):
    user = make_user(organization)
    client = host_client(organization.host)
    for _ in range(5):
        client.post("/sign-in/", {"email": user.email, "password": "wrong-password"})
    response = client.post("/sign-in/", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert (
        "Too many attempts" in response.content.decode()
        or "Trop de tentatives" in response.content.decode()
    )
    assert "_auth_user_id" not in client.session


def test_sign_in_is_scoped_to_the_organisation_of_the_host(organization, other_organization):
    user = make_user(organization, email="same@example.org")
    client_b = host_client(other_organization.host)
    response = client_b.post("/sign-in/", {"email": "same@example.org", "password": PASSWORD})
    assert response.status_code == 400
    client_a = host_client(organization.host)
    assert (
        client_a.post("/sign-in/", {"email": user.email, "password": PASSWORD}).status_code == 302
    )


def test_sign_in_never_redirects_off_site(organization):
    user = make_user(organization)
    response = host_client(organization.host).post(
        "/sign-in/", {"email": user.email, "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def _invitation_path(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return f"/invitation/{uid}/{default_token_generator.make_token(user)}/"


def test_invitation_link_works_once(organization):
    invited = make_user(organization, admin=True)
    invited.set_unusable_password()
    invited.save()
    path = _invitation_path(invited)
    client = host_client(organization.host)
    new = {
        "new_password1": "Une-phrase-de-passe-longue",
        "new_password2": "Une-phrase-de-passe-longue",
    }
    assert client.post(path, new).status_code == 302
    invited.refresh_from_db()
    assert invited.check_password("Une-phrase-de-passe-longue")
    again = host_client(organization.host).post(
        path, {**new, "new_password1": "x", "new_password2": "x"}
    )
    assert again.status_code == 400


def test_invitation_is_bound_to_its_organisation(organization, other_organization):
    invited = make_user(organization, admin=True)
    response = host_client(other_organization.host).get(_invitation_path(invited))
    assert response.status_code == 400


def test_expired_invitation_is_refused(settings, organization):
    invited = make_user(organization, admin=True)
    path = _invitation_path(invited)
    settings.PASSWORD_RESET_TIMEOUT = -1
    assert host_client(organization.host).get(path).status_code == 400


def test_sign_out_needs_a_post(organization):
    user = make_user(organization)
    client = host_client(organization.host, user=user)
    assert client.get("/sign-out/").status_code == 405
    assert "_auth_user_id" in client.session


@pytest.mark.parametrize("path", ["/sign-in/", "/sign-out/", "/i18n/setlang/", "/system/sign-in/"])
def test_csrf_is_enforced_on_every_write(organization, path, settings):
    host = settings.SYSTEM_HOST if path.startswith("/system/") else organization.host
    client = Client(enforce_csrf_checks=True, HTTP_HOST=host)
    response = client.post(path, {"email": "a@b.c", "password": "x", "language": "en"})
    assert response.status_code == 403


def test_deploy_check_is_clean_with_production_values():
    env = {
        # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE must not reach a production check.
        **{
            k: v
            for k, v in os.environ.items()
            if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
        },
        "DJANGO_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "participer.ville.fr,.ville.fr",
        "DATABASE_URL": "sqlite:////tmp/decidons-deploy-check.sqlite3",
        # Fernet keys of the sign-in providers' client secrets (participation.oidc.secret_box).
        "OIDC_SECRET_KEYS": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env["DJANGO_ENV"] = "production"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
