"""Who must have a second factor: everyone who reaches the back-office (when the
organisation requires it) and every operator of /system/."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from participation.accounts import services
from participation.models import ActionLog
from spaces.models import SpaceRole
from spaces.services import assign_space_role
from tests.accounts.helpers import current_code
from tests.conftest import host_client, system_client
from tests.factories import PASSWORD, ProcessFactory, make_operator, make_user


@pytest.fixture
def required(organization, operator):
    services.set_admin_mfa_requirement(actor=operator, organization=organization, required=True)


@pytest.mark.parametrize(
    "role",
    [SpaceRole.ADMIN, SpaceRole.MODERATOR, SpaceRole.EVALUATOR, SpaceRole.COLLABORATOR],
)
def test_space_roles_must_set_up_a_second_factor(organization, org_admin, required, role):
    process = ProcessFactory(organization=organization, slug="p", title="P")
    holder = make_user(organization)
    assign_space_role(actor=org_admin, space=process, role=role, user=holder)
    client = host_client(organization.host, holder)
    for path in ("/admin/", "/admin/spaces/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == "/account/2fa/totp/activate/"
    # Public pages stay open.
    assert client.get("/").status_code == 200
    TOTP.activate(holder, generate_totp_secret())
    assert client.get("/admin/").status_code == 200


def test_participants_without_a_role_are_not_concerned(organization, required):
    participant = make_user(organization)
    client = host_client(organization.host, participant)
    assert client.get("/admin/").status_code == 403  # no back-office, no set-up asked


def test_without_the_requirement_roles_are_not_asked(organization, org_admin):
    process = ProcessFactory(organization=organization, slug="p", title="P")
    holder = make_user(organization)
    assign_space_role(actor=org_admin, space=process, role=SpaceRole.MODERATOR, user=holder)
    assert host_client(organization.host, holder).get("/admin/").status_code == 200


def test_who_must_have_a_second_factor_cannot_remove_it(organization, required):
    admin = make_user(organization, admin=True)
    TOTP.activate(admin, generate_totp_secret())
    client = host_client(organization.host, admin)
    client.post("/account/reauthenticate/", {"password": PASSWORD})
    response = client.post("/account/2fa/totp/deactivate/")
    assert response.status_code == 200
    assert Authenticator.objects.filter(user=admin, type="totp").exists()


def test_a_participant_may_remove_theirs(organization, required):
    participant = make_user(organization)
    TOTP.activate(participant, generate_totp_secret())
    client = host_client(organization.host, participant)
    client.post("/account/reauthenticate/", {"password": PASSWORD})
    response = client.post("/account/2fa/totp/deactivate/")
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=participant, type="totp").exists()


# --- Operators ------------------------------------------------------------------------------


def test_an_operator_without_a_second_factor_sets_one_up_first(db):
    operator = make_operator(second_factor=False)
    client = system_client()
    response = client.post("/system/sign-in/", {"email": operator.email, "password": PASSWORD})
    assert response.status_code == 302
    # Nothing of the console before the set-up.
    for path in ("/system/", "/system/organizations/new/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == "/system/2fa/setup/"
    page = client.get("/system/2fa/setup/")
    body = page.content.decode()
    assert page.status_code == 200 and 'src="data:image/svg+xml' in body
    secret = re.search(r"<code>([A-Z2-7=]+)</code>", body).group(1)
    wrong_password = client.post(
        "/system/2fa/setup/", {"password": "wrong", "code": current_code(secret)}
    )
    assert wrong_password.status_code == 400
    wrong_code = client.post("/system/2fa/setup/", {"password": PASSWORD, "code": "000000"})
    assert wrong_code.status_code == 400
    assert not Authenticator.objects.filter(user=operator).exists()
    done = client.post("/system/2fa/setup/", {"password": PASSWORD, "code": current_code(secret)})
    assert done.status_code == 200
    assert len(re.findall(r"<li><code>", done.content.decode())) >= 8  # recovery codes shown
    assert Authenticator.objects.filter(user=operator, type="totp").exists()
    assert Authenticator.objects.filter(user=operator, type="recovery_codes").exists()
    assert ActionLog.objects.filter(action="system.operator_mfa_activated").exists()
    assert client.get("/system/").status_code == 200
    # From now on the code is asked at every sign-in.
    fresh = system_client()
    response = fresh.post("/system/sign-in/", {"email": operator.email, "password": PASSWORD})
    assert response["Location"] == "/system/2fa/authenticate/"
    assert "_auth_user_id" not in fresh.session


def test_operator_sign_in_asks_for_the_code(operator):
    client = system_client()
    response = client.post(
        "/system/sign-in/?next=/system/", {"email": operator.email, "password": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/system/2fa/authenticate/"
    page = client.get("/system/2fa/authenticate/")
    assert page.status_code == 200
    assert client.get("/system/").status_code == 302  # not signed in yet
    client.post("/system/2fa/authenticate/", {"code": "000000"})
    assert "_auth_user_id" not in client.session
    response = client.post(
        "/system/2fa/authenticate/", {"code": current_code(operator.totp_secret)}
    )
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == operator.pk
    assert client.get("/system/").status_code == 200


def test_the_code_page_without_a_pending_sign_in_sends_to_sign_in(db):
    response = system_client().get("/system/2fa/authenticate/")
    assert response.status_code == 302 and response["Location"].startswith("/system/sign-in/")


def test_only_operators_reach_the_set_up_page(organization):
    admin = make_user(organization, admin=True)
    response = system_client(admin).get("/system/2fa/setup/")
    assert response.status_code in (302, 403)
    assert not Authenticator.objects.filter(user=admin).exists()


def test_operator_sign_in_without_next_lands_on_the_console(operator):
    client = system_client()
    client.post("/system/sign-in/", {"email": operator.email, "password": PASSWORD})
    response = client.post(
        "/system/2fa/authenticate/", {"code": current_code(operator.totp_secret)}
    )
    assert response.status_code == 302 and response["Location"] == "/system/"
    # Already signed in: the sign-in page sends to the console too.
    assert client.get("/system/sign-in/")["Location"] == "/system/"
