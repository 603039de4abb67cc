from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from participation.models import Organization, User
from spaces.models import Assembly, ParticipatoryProcess


def test_create_organization_command_prints_the_invitation(db):
    out = StringIO()
    call_command(
        "create_organization",
        "--name",
        "Ville Nouvelle",
        "--host",
        "participer.nouvelle.test",
        "--admin-email",
        "dgs@nouvelle.test",
        "--secondary-host",
        "nouvelle.test",
        stdout=out,
    )
    organization = Organization.objects.get(host="participer.nouvelle.test")
    assert organization.secondary_hosts.get().hostname == "nouvelle.test"
    assert "http://participer.nouvelle.test/invitation/" in out.getvalue()
    assert User.objects.get(email="dgs@nouvelle.test").is_admin_of(organization)


def test_create_organization_command_explains_a_taken_host(organization):
    with pytest.raises(CommandError, match="ville-a.test"):
        call_command(
            "create_organization",
            "--name",
            "Doublon",
            "--host",
            "ville-a.test",
            "--admin-email",
            "x@y.test",
            stdout=StringIO(),
        )
    assert Organization.objects.count() == 1


def test_seed_demo_builds_the_city_once(db):
    out = StringIO()
    call_command("seed_demo", "--participants", "7", stdout=out)
    organization = Organization.objects.get(host="localhost")
    assert organization.secondary_hosts.filter(hostname="127.0.0.1").exists()
    assert organization.users.filter(is_org_admin=False).count() == 7
    assert ParticipatoryProcess.objects.filter(organization=organization).count() == 3
    assert Assembly.objects.filter(organization=organization, parent__isnull=False).exists()
    assert User.objects.filter(organization__isnull=True, is_superuser=True).count() == 1

    again = StringIO()
    call_command("seed_demo", stdout=again)
    assert "already exists" in again.getvalue()
    assert organization.users.count() == 8


def test_seed_demo_prints_accounts_that_exist_and_sends_no_invitation(
    db, django_capture_on_commit_callbacks
):
    from django.core import mail

    from participation.outbox.models import OutgoingEmail
    from tests.conftest import host_client

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", "--participants", "25", stdout=out)
    printed = out.getvalue()
    assert "participant1@bellerive.example … participant25@bellerive.example" in printed
    organization = Organization.objects.get(host="localhost")
    for number in (1, 25):
        email = f"participant{number}@bellerive.example"
        assert organization.users.filter(email=email).exists()
        client = host_client("localhost:8000")
        client.post("/sign-in/", {"email": email, "password": "decidons-demo"})
        assert client.session.get("_auth_user_id"), email
    assert not organization.users.filter(email="participant0@bellerive.example").exists()
    # The administrator has a password already: no "choose your password" e-mail.
    assert not [m for m in mail.outbox if "admin@bellerive.example" in m.to]
    assert not OutgoingEmail.objects.filter(to="admin@bellerive.example").exists()
    # Some of them accepted the newsletter (so a demo newsletter reaches someone), not all.
    consenting = organization.users.filter(newsletter_consent__consented_at__isnull=False)
    assert 0 < consenting.count() < 25


def test_seed_demo_refuses_negative_sizes(db):
    with pytest.raises(CommandError):
        call_command("seed_demo", "--participants", "-1", stdout=StringIO())
    assert not Organization.objects.exists()


def test_demo_admin_can_sign_in(db):
    call_command("seed_demo", "--participants", "1", stdout=StringIO())
    from tests.conftest import host_client

    client = host_client("localhost:8000")
    response = client.post(
        "/sign-in/", {"email": "admin@bellerive.example", "password": "decidons-demo"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"]
