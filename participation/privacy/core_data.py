"""Personal data held by the core apps, declared here so their code stays unchanged.

Each exporter returns only the person's own data; each eraser runs inside the
account deletion's transaction (the User row itself is erased by the service).
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermission

from participation import events
from participation.accounts.models import NewsletterConsent, TermsAcceptance
from participation.models import ActionLog, SpaceUserPermission, UserGroupMembership
from participation.oidc.models import IdentityLink
from participation.privacy.registry import PersonalData, register
from participation.verifications.models import Grant, GrantStatus

USER_TARGET = "participation.user"


# --- participation: the account and its activity ---------------------------------


def export_account(user) -> dict:
    account = {
        "email": user.email,
        "name": user.name,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "nickname": user.nickname,
        "about": user.about,
        "personal_url": user.personal_url,
        "language": user.locale,
        "organization": user.organization.name if user.organization_id else None,
        "is_org_admin": user.is_org_admin,
        "is_active": user.is_active,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "avatar": user.avatar.name.rsplit("/", 1)[-1] if user.avatar else None,
        "groups": [
            {"name": membership.group.name, "joined_at": membership.joined_at}
            for membership in UserGroupMembership.objects.filter(user=user)
            .select_related("group")
            .order_by("group__name")
        ],
    }
    activity = []
    entries = ActionLog.objects.filter(actor=user, organization_id=user.organization_id)
    for entry in entries.select_related("actor"):
        # Another person named in the label is *their* data, not this person's.
        about_someone_else = entry.target_type == USER_TARGET and entry.target_id != str(user.pk)
        label = "" if about_someone_else else entry.target_label
        activity.append(
            {
                "date": entry.created_at,
                "action": entry.action,
                "description": events.describe(entry, target_label=label),
                "object_type": entry.target_type,
                "object": label,
            }
        )
    return {"account": account, "activity": activity}


def erase_account_traces(user) -> None:
    # Log entries *about* the person may carry their name or e-mail in the label
    # or the changes; the entries stay (the history is kept), their content goes.
    ActionLog.objects.filter(target_type=USER_TARGET, target_id=str(user.pk)).update(
        target_label="", changes={}
    )
    # Roles and group memberships end with the account.
    UserGroupMembership.objects.filter(user=user).delete()
    user.groups.clear()
    user.user_permissions.clear()
    UserObjectPermission.objects.filter(user=user).delete()
    SpaceUserPermission.objects.filter(user=user).delete()


# --- sign-in: e-mail address records, second factors, consents -----------------------


def export_sign_in(user) -> dict:
    consent = NewsletterConsent.objects.filter(user=user).first()
    return {
        "email_addresses": [
            {"email": row.email, "verified": row.verified, "primary": row.primary}
            for row in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        # Which second factors exist and when they were used; never their secrets.
        "second_factors": [
            {"type": row.type, "created_at": row.created_at, "last_used_at": row.last_used_at}
            for row in Authenticator.objects.filter(user=user).order_by("type")
        ],
        "terms_accepted": [
            {"version": row.version, "accepted_at": row.accepted_at}
            for row in TermsAcceptance.objects.filter(user=user).order_by("version")
        ],
        "newsletter_consent_at": consent.consented_at if consent else None,
    }


def erase_sign_in(user) -> None:
    """The address records (and their confirmation keys), the two-factor secrets and
    recovery codes, and the consents go with the account."""
    EmailAddress.objects.filter(user=user).delete()  # EmailConfirmation rows cascade
    Authenticator.objects.filter(user=user).delete()
    TermsAcceptance.objects.filter(user=user).delete()
    NewsletterConsent.objects.filter(user=user).delete()


# --- verifications ------------------------------------------------------------------


def export_verifications(user) -> list[dict]:
    rows = []
    for grant in Grant.objects.filter(user=user).select_related("letter"):
        letter = getattr(grant, "letter", None)
        rows.append(
            {
                "method": grant.method,
                "status": grant.status,
                "requested_on": grant.created_at,
                "verified_on": grant.granted_at,
                "decided_on": grant.decided_at,
                "revoked_on": grant.revoked_at,
                "reason": grant.reason,
                "details": grant.metadata,
                # The fingerprint is a keyed hash built for de-duplication: it says
                # nothing to the person and would help guessing, so it stays out.
                "postal_letter": (
                    {"full_name": letter.full_name, "address": letter.address}
                    if letter is not None
                    else None
                ),
            }
        )
    return rows


def erase_verifications(user) -> None:
    """Keep the fingerprint of granted verifications; delete everything else.

    Like Decidim (which keeps an authorization's unique_id), the keyed hash of a
    granted verification stays on the anonymised row: deleting an account and
    creating a new one must not let the same person be verified twice (vote
    twice, sign twice). It is a pseudonymous hash, useless without the census
    salt, and an administrator can free it by revoking the verification.
    """
    grants = Grant.objects.filter(user=user)
    for grant in grants.exclude(status=GrantStatus.GRANTED).exclude(scan=""):
        grant.scan.delete(save=False)
    grants.exclude(status=GrantStatus.GRANTED).delete()
    for grant in grants.filter(status=GrantStatus.GRANTED):
        if grant.scan:
            grant.scan.delete(save=False)
        if hasattr(grant, "letter"):
            grant.letter.delete()
        grant.metadata, grant.review_data, grant.reason, grant.scan = {}, {}, "", ""
        grant.save(update_fields=["metadata", "review_data", "reason", "scan"])


# --- OIDC ----------------------------------------------------------------------------


def export_identity_links(user) -> list[dict]:
    return [
        {
            "provider": link.provider.name,
            "kind": link.provider.kind,
            "subject": link.sub,
            "claims": link.claims,
            "linked_on": link.created_at,
            "last_sign_in": link.last_sign_in_at,
        }
        for link in IdentityLink.objects.filter(user=user).select_related("provider")
    ]


def erase_identity_links(user) -> None:
    IdentityLink.objects.filter(user=user).delete()


register(
    PersonalData(
        key="account",
        label=_("Your account and activity"),
        description=_(
            "Your e-mail address, names, nickname, language, groups, the dates you joined "
            "and last signed in, and the list of actions you made on the platform."
        ),
        exporter=export_account,
        eraser=erase_account_traces,
        order=0,
    )
)
register(
    PersonalData(
        key="sign-in",
        label=_("E-mail addresses, second factors and consents"),
        description=_(
            "Your e-mail address records, the kinds of second factor you set up (never their "
            "secrets), the versions of the terms you accepted and your newsletter consent."
        ),
        exporter=export_sign_in,
        eraser=erase_sign_in,
        order=5,
    )
)
register(
    PersonalData(
        key="verifications",
        label=_("Verifications"),
        description=_(
            "The verifications you asked for (method, status, dates) and the postal "
            "address you gave for a letter."
        ),
        exporter=export_verifications,
        eraser=erase_verifications,
        order=10,
    )
)
register(
    PersonalData(
        key="sign-in-providers",
        label=_("Linked sign-in accounts"),
        description=_(
            "The FranceConnect or single sign-on accounts linked to yours and the identity "
            "information they shared."
        ),
        exporter=export_identity_links,
        eraser=erase_identity_links,
        order=20,
    )
)
