"""Two-factor sign-in for everyone; required for administrators when the operator says so."""

import re
import time

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from participation.accounts import services
from participation.accounts.models import OrganizationSecurity
from participation.models import ActionLog
from tests.accounts.helpers import current_code
from tests.conftest import host_client, system_client
from tests.factories import PASSWORD, make_operator, make_user


def test_activate_totp_with_qr_code_and_recovery_codes(organization):
    user = make_user(organization)
    client = host_client(organization.host, user)
    response = client.get("/account/2fa/totp/activate/")
    # A sensitive change: the password is asked again first.
    assert response.status_code == 302 and response["Location"].startswith("/account/reauth")
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response.status_code == 302
    page = client.get("/account/2fa/totp/activate/")
    body = page.content.decode()
    assert page.status_code == 200 and 'src="data:image/svg+xml' in body
    secret = re.search(r"<code>([A-Z2-7=]+)</code>", body).group(1)
    wrong = client.post("/account/2fa/totp/activate/", {"code": "000000"})
    assert wrong.status_code == 200 and 'class="error-summary"' in wrong.content.decode()
    response = client.post("/account/2fa/totp/activate/", {"code": current_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=user, type="totp").exists()
    assert Authenticator.objects.filter(user=user, type="recovery_codes").exists()
    codes = client.get("/account/2fa/recovery-codes/")
    assert codes.status_code == 200 and "<code>" in codes.content.decode()


def test_sign_in_asks_for_the_second_factor(organization):
    user = make_user(organization)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    client = host_client(organization.host)
    response = client.post("/sign-in/", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/account/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    page = client.get("/account/2fa/authenticate/")
    assert page.status_code == 200
    assert client.post("/account/2fa/authenticate/", {"code": "123456"}).status_code == 200
    assert "_auth_user_id" not in client.session
    response = client.post("/account/2fa/authenticate/", {"code": current_code(secret)})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_required_admin_mfa_sends_admins_to_set_it_up(organization, operator):
    admin = make_user(organization, admin=True)
    participant = make_user(organization)
    client = host_client(organization.host, admin)
    assert client.get("/admin/").status_code == 200
    services.set_admin_mfa_requirement(actor=operator, organization=organization, required=True)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"] == "/account/2fa/totp/activate/"
    # Public pages stay open; participants are not concerned.
    assert client.get("/").status_code == 200
    assert host_client(organization.host, participant).get("/").status_code == 200
    TOTP.activate(admin, generate_totp_secret())
    assert client.get("/admin/").status_code == 200


def test_requirement_is_per_organisation(organization, other_organization, operator):
    services.set_admin_mfa_requirement(actor=operator, organization=organization, required=True)
    admin_b = make_user(other_organization, admin=True)
    assert host_client(other_organization.host, admin_b).get("/admin/").status_code == 200


def test_operator_sets_the_requirement_in_the_console(organization):
    operator = make_operator()
    client = system_client(operator)
    page = client.get(f"/system/organizations/{organization.pk}/security/")
    assert page.status_code == 200
    assert "deux facteurs" in page.content.decode()
    response = client.post(
        f"/system/organizations/{organization.pk}/security/", {"require_admin_mfa": "on"}
    )
    assert response.status_code == 302
    assert OrganizationSecurity.objects.get(organization=organization).require_admin_mfa
    assert ActionLog.objects.filter(action="accounts.admin_mfa_requirement").exists()
    assert "/security/" in client.get("/system/").content.decode()


def test_only_operators_reach_the_security_page(organization, org_admin):
    url = f"/system/organizations/{organization.pk}/security/"
    org_host = host_client(organization.host, org_admin)
    assert org_host.post(url, {"require_admin_mfa": "on"}).status_code == 404
    response = system_client(org_admin).post(url, {"require_admin_mfa": "on"})
    assert response.status_code in (302, 403)
    assert not OrganizationSecurity.objects.filter(organization=organization).exists()


def _signed_in_with_code(organization, user, code: str) -> bool:
    client = host_client(organization.host)
    client.post("/sign-in/", {"email": user.email, "password": PASSWORD})
    client.post("/account/2fa/authenticate/", {"code": code})
    return "_auth_user_id" in client.session


def test_a_code_from_the_previous_step_is_accepted_once_and_older_ones_never(organization):
    user = make_user(organization)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    # Three steps back is outside the one-step tolerance whatever the clock does meanwhile.
    assert not _signed_in_with_code(organization, user, current_code(secret, steps_ago=3))
    # A step turning between here and the server's check would make it two steps late.
    if time.time() % 30 > 25:
        time.sleep(30 - time.time() % 30 + 0.1)
    late = current_code(secret, steps_ago=1)
    assert _signed_in_with_code(organization, user, late)
    # A code opens one sign-in: replaying it (a shoulder-surfer, a phishing relay) fails.
    assert not _signed_in_with_code(organization, user, late)
