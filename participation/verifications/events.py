"""Verifications' events. Names are stored: never renamed (see participation.events)."""

from django.utils.translation import gettext_lazy as _

from participation.events import LoggedEvent

methods_changed = LoggedEvent(
    name="verifications.methods",
    label=_("Verification methods changed"),
    sentence=_("%(actor)s changed the verification methods"),
    payload=("methods",),
)
granted = LoggedEvent(
    name="verifications.grant",
    label=_("Verification granted"),
    sentence=_("%(actor)s was verified (%(target)s)"),
)
census_uploaded = LoggedEvent(
    name="verifications.census_upload",
    label=_("Census file uploaded"),
    sentence=_("%(actor)s uploaded a census file"),
    payload=("rows", "fields"),
)
requested = LoggedEvent(
    name="verifications.request",
    label=_("Verification requested"),
    sentence=_("%(actor)s asked to be verified (%(target)s)"),
)
accepted = LoggedEvent(
    name="verifications.accept",
    label=_("Verification request accepted"),
    sentence=_("%(actor)s accepted the verification request “%(target)s”"),
)
rejected = LoggedEvent(
    name="verifications.reject",
    label=_("Verification request rejected"),
    sentence=_("%(actor)s rejected the verification request “%(target)s”"),
    payload=("reason",),
)
letters_exported = LoggedEvent(
    name="verifications.letters_export",
    label=_("Verification letters exported"),
    sentence=_("%(actor)s exported verification letters to post"),
    payload=("letters",),
)
letter_sent = LoggedEvent(
    name="verifications.letter_sent",
    label=_("Verification letter posted"),
    sentence=_("%(actor)s marked the verification letter “%(target)s” as posted"),
)
withdrawn = LoggedEvent(
    name="verifications.withdraw",
    label=_("Verification withdrawn"),
    sentence=_("%(actor)s withdrew their verification “%(target)s”"),
)
revoked = LoggedEvent(
    name="verifications.revoke",
    label=_("Verification revoked"),
    sentence=_("%(actor)s revoked the verification “%(target)s”"),
    payload=("reason",),
)
