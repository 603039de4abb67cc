"""Every table that points to an account is accounted for when the account is deleted.

The lists below name each model field referring to the User: either its rows
go with the account (ERASED), or they stay because they are contributions or
history, pointing to the anonymised row (KEPT, with what is checked on them).
A new model with a foreign key to the User fails
``test_every_table_pointing_to_an_account_is_classified`` until it is added
here, with an eraser when it holds personal data.
"""

import pytest
from allauth.account.models import EmailAddress, EmailConfirmation
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.apps import apps
from django.utils import timezone
from guardian.shortcuts import assign_perm

from participation.accounts.models import NewsletterConsent, TermsAcceptance
from participation.models import User, UserGroup
from participation.moderation.models import Report
from participation.oidc.models import IdentityLink, IdentityProvider
from participation.privacy import deletion
from participation.services.groups import add_group_member, create_user_group
from participation.verifications.models import Grant, GrantStatus
from spaces.models import SpaceMember
from tests.factories import PASSWORD, ProcessFactory, make_user

# (model label, field): no row refers to the account after its deletion.
ERASED = {
    ("account.EmailAddress", "user"),
    ("mfa.Authenticator", "user"),
    ("oidc.IdentityLink", "user"),
    ("privacy.DataExport", "user"),
    ("guardian.UserObjectPermission", "user"),
    ("participation.SpaceUserPermission", "user"),
    ("accounts.TermsAcceptance", "user"),
    ("accounts.NewsletterConsent", "user"),
    ("spaces.SpaceMember", "user"),
    ("notifications.Follow", "user"),
    ("notifications.NotificationSettings", "user"),
    ("notifications.Notification", "user"),
    ("notifications.Notification", "actor"),
    ("notifications.NewsletterDelivery", "user"),
    ("proposals.Support", "user"),
    ("proposals.AmendmentVote", "user"),
    ("proposals.EvaluatorAssignment", "evaluator"),
    ("participation.User_groups", "user"),
    ("participation.UserGroupMembership", "user"),
    ("participation.User_user_permissions", "user"),
}
# (model label, field): rows kept, pointing to the anonymised account (shown as
# "deleted participant"): contributions, votes, decisions and history.
KEPT = {
    ("participation.ActionLog", "actor"): "history; entries about the person lose their content",
    ("verifications.Grant", "user"): "granted: only the keyed fingerprint stays (no double vote)",
    ("verifications.Grant", "decided_by"): "an administrator's decision",
    ("verifications.Census", "uploaded_by"): "an administrator's upload",
    ("moderation.Report", "user"): "the report counts; its free text is erased",
    ("spaces.SpaceInvitation", "invited_by"): "who invited, for the space's history",
    ("budgets.Ballot", "user"): "a cast vote stays counted",
    ("budgets.Ballot", "entered_by"): "a paper ballot's clerk",
    ("budgets.BudgetResult", "published_by"): "an administrator's decision",
    ("budgets.ProjectResult", "overridden_by"): "an administrator's decision",
    ("comments.Comment", "author"): "a contribution",
    ("comments.CommentVote", "user"): "a vote on a comment stays counted",
    ("notifications.Newsletter", "created_by"): "an administrator's newsletter",
    ("blogs.Post", "author"): "a contribution",
    ("proposals.Proposal", "author"): "a published contribution (drafts are deleted)",
    ("proposals.ProposalVersion", "editor"): "a contribution's history",
    ("proposals.Amendment", "amender"): "a contribution",
    ("proposals.ProposalAnswer", "answered_by"): "an official answer",
    ("proposals.EvaluatorAssignment", "assigned_by"): "an administrator's decision",
    ("proposals.ProposalNote", "author"): "a back-office note",
}


def fields_pointing_to_the_user() -> set[tuple[str, str]]:
    found = set()
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            if not field.concrete or field.related_model is not User:
                continue
            # Many-to-many relations count through their (auto-created) through model.
            if field.many_to_one or field.one_to_one:
                found.add((model._meta.label, field.name))
    return found


def test_every_table_pointing_to_an_account_is_classified():
    found = fields_pointing_to_the_user()
    unclassified = found - ERASED - set(KEPT)
    assert unclassified == set(), "declare these tables in ERASED (with an eraser) or KEPT"
    # The lists hold no stale entries either.
    assert set(KEPT) - found == set()
    assert ERASED - found == set()


@pytest.fixture
def anne(organization):
    return make_user(organization, email="anne@example.org", name="Anne Martin", nickname="anne")


def fill_every_personal_table(organization, user) -> None:
    """What a real account accumulates: addresses, second factors, links, consents, roles."""
    address = EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    EmailAddress.objects.create(user=user, email="anne.new@example.org", verified=False)
    EmailConfirmation.create(address).save()
    TOTP.activate(user, generate_totp_secret())
    RecoveryCodes.activate(user)
    provider = IdentityProvider.objects.create(
        organization=organization,
        kind="franceconnect",
        name="FranceConnect",
        slug="franceconnect",
        discovery_url="https://fc.example/.well-known/openid-configuration",
        client_id="c",
        client_secret="s",
    )
    IdentityLink.objects.create(
        organization=organization,
        provider=provider,
        user=user,
        sub="sub-anne",
        claims={"given_name": "Anne", "birthdate": "1980-01-01"},
    )
    TermsAcceptance.objects.create(user=user, version=1)
    NewsletterConsent.objects.create(user=user, consented_at=timezone.now())
    Grant.objects.create(
        organization=organization,
        user=user,
        method="census",
        status=GrantStatus.GRANTED,
        fingerprint="f" * 64,
        metadata={"birthdate": "1980-01-01"},
        reason="ok",
    )
    space = ProcessFactory(organization=organization, slug="p", title="P")
    SpaceMember.objects.create(
        organization=organization,
        space=space,
        user=user,
        invited_at=timezone.now(),
    )
    assign_perm("participation.view_user", user)
    assign_perm("admin_space", user, space)  # a space role (SpaceUserPermission)
    # A group membership (and, through the group, a space role).
    admin = make_user(organization, admin=True)
    committee = create_user_group(actor=admin, organization=organization, name="Comité")
    add_group_member(actor=admin, group=committee, identifier=user.email)
    assign_perm("moderate_space", committee.auth_group, space)


def test_deletion_leaves_nothing_personal_in_any_table(
    organization, anne, django_capture_on_commit_callbacks
):
    fill_every_personal_table(organization, anne)
    old_email = anne.email
    assert Authenticator.objects.filter(user=anne).count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        deletion.delete_account(user=anne, password=PASSWORD)

    for label, field in sorted(ERASED & fields_pointing_to_the_user()):
        model = apps.get_model(label)
        assert not model._default_manager.filter(**{field: anne.pk}).exists(), label

    # Kept rows hold nothing personal any more.
    grant = Grant.objects.get(user=anne)
    assert (grant.metadata, grant.reason, grant.fingerprint) == ({}, "", "f" * 64)
    assert not Report.objects.filter(user=anne).exclude(details="").exists()
    # Nothing carries the address, the TOTP secret or the recovery-code seed.
    assert not EmailAddress.objects.filter(email__iexact=old_email).exists()
    assert not EmailConfirmation.objects.exists()
    assert not Authenticator.objects.exists()
    user = User.objects.get(pk=anne.pk)
    assert old_email not in user.email and user.name == "" and user.nickname == ""
    assert not user.groups.exists() and not user.user_permissions.exists()
    assert not user.user_groups.exists()
    # The group and its role stay for its other members.
    assert UserGroup.objects.filter(name="Comité").exists()
