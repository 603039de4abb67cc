import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from participation.errors import ErrorCode
from participation.models import ActionLog, Organization, SecondaryHost, User
from participation.services.organizations import create_organization, update_organization
from tests.factories import make_user


def _create(actor, **overrides):
    fields = {
        "name": "Commune de Essai",
        "host": "Participer.Essai.fr",
        "admin_email": "maire@essai.fr",
        "secondary_hosts": ["www.participer.essai.fr"],
    }
    fields.update(overrides)
    return create_organization(actor=actor, **fields)


def test_operator_creates_organisation_with_hosts_admin_and_log(
    operator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        organization, invitation = _create(operator)
    assert organization.host == "participer.essai.fr"
    assert list(organization.secondary_hosts.values_list("hostname", flat=True)) == [
        "www.participer.essai.fr"
    ]
    admin = invitation.user
    assert admin.organization == organization and admin.is_org_admin
    assert not admin.has_usable_password()
    assert invitation.url.startswith("http://participer.essai.fr/invitation/")
    assert len(mail.outbox) == 1 and invitation.url in mail.outbox[0].body
    assert mail.outbox[0].to == ["maire@essai.fr"]
    log = ActionLog.objects.get(organization=organization)
    assert (log.actor, log.action) == (operator, "create")


def test_invitation_mail_is_in_the_organisation_language(
    operator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _create(operator, default_locale="fr")
    assert "Bonjour" in mail.outbox[0].body


@pytest.mark.parametrize("actor_kind", ["participant", "admin"])
def test_non_operators_are_refused_and_nothing_changes(organization, actor_kind):
    actor = make_user(organization, admin=actor_kind == "admin")
    with pytest.raises(ValidationError) as error:
        _create(actor)
    assert error.value.error_code == ErrorCode.PERMISSION_DENIED
    assert not Organization.objects.filter(host="participer.essai.fr").exists()


@pytest.mark.parametrize(
    "overrides",
    [
        {"host": "ville-a.test"},
        {"secondary_hosts": ["ville-a.test"]},
        {"host": "www.ville-a.test"},
    ],
)
def test_hosts_already_used_are_refused(operator, organization, overrides):
    SecondaryHost.objects.create(organization=organization, hostname="www.ville-a.test")
    with pytest.raises(ValidationError) as error:
        _create(operator, **overrides)
    assert error.value.error_code == ErrorCode.HOST_TAKEN
    assert Organization.objects.count() == 1
    assert User.objects.filter(email="maire@essai.fr").count() == 0


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"host": "https://bad host/"}, "host"),
        ({"primary_color": "red"}, "primary_color"),
        ({"primary_color": "#ffff00"}, "primary_color"),  # white text unreadable on yellow
        ({"default_locale": "en", "available_locales": ["fr"]}, "default_locale"),
        ({"available_locales": ["fr", "xx"]}, "available_locales"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"sign_in_methods": ["carrier-pigeon"]}, "sign_in_methods"),
    ],
)
def test_bad_values_give_a_field_error_and_change_nothing(operator, overrides, field):
    with pytest.raises(ValidationError) as error:
        _create(operator, **overrides)
    assert field in error.value.message_dict
    assert Organization.objects.count() == 0
    assert User.objects.filter(organization__isnull=False).count() == 0


def test_update_changes_fields_hosts_and_logs_the_diff(operator, organization):
    update_organization(
        actor=operator,
        organization=organization,
        name="Ville Renommée",
        secondary_hosts=["old.ville-a.test"],
    )
    organization.refresh_from_db()
    assert organization.name == "Ville Renommée"
    assert organization.secondary_hosts.get().hostname == "old.ville-a.test"
    log = ActionLog.objects.get(action="update")
    assert log.changes["name"] == ["Ville de Test", "Ville Renommée"]


def test_update_refuses_a_host_of_another_organisation(operator, organization, other_organization):
    with pytest.raises(ValidationError):
        update_organization(actor=operator, organization=organization, host=other_organization.host)
    organization.refresh_from_db()
    assert organization.host == "ville-a.test"
