"""Sign-in providers (OpenID Connect): their events. Names are stored: never renamed."""

from django.utils.translation import gettext_lazy as _

from participation.events import FIELDS, LoggedEvent

provider_created = LoggedEvent(
    name="oidc.provider_created",
    label=_("Sign-in provider added"),
    sentence=_("%(actor)s added the sign-in provider “%(target)s”"),
    payload=(FIELDS,),
)
provider_updated = LoggedEvent(
    name="oidc.provider_updated",
    label=_("Sign-in provider changed"),
    sentence=_("%(actor)s changed the sign-in provider “%(target)s”"),
    payload=(FIELDS,),
)
provider_deleted = LoggedEvent(
    name="oidc.provider_deleted",
    label=_("Sign-in provider deleted"),
    sentence=_("%(actor)s deleted the sign-in provider “%(target)s”"),
    payload=(FIELDS,),
)
signed_in = LoggedEvent(
    name="oidc.signed_in",
    label=_("Signed in through a provider"),
    sentence=_("%(actor)s signed in through a sign-in provider"),
    payload=("provider",),
)
unconfirmed_account_replaced = LoggedEvent(
    name="oidc.unconfirmed_account_replaced",
    label=_("Unconfirmed account replaced"),
    sentence=_("%(actor)s signed in through a provider, replacing an unconfirmed account"),
    payload=("provider",),
)
identity_linked = LoggedEvent(
    name="oidc.identity_linked",
    label=_("Sign-in provider linked"),
    sentence=_("%(actor)s linked their account to a sign-in provider"),
    payload=("provider",),
)
identity_unlinked = LoggedEvent(
    name="oidc.identity_unlinked",
    label=_("Sign-in provider unlinked"),
    sentence=_("%(actor)s unlinked their account from a sign-in provider"),
    payload=("provider",),
)
