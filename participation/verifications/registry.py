"""The verification methods, declared in code (like adhocracy4's phase types).

The database only stores which methods an organisation has switched on and
the grants; what a method is (its label, its kind, its pages) lives here.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Kind(StrEnum):
    DIRECT = "direct"  # a form answered at once (census)
    REVIEWED = "reviewed"  # several steps, an admin or a letter completes it
    EXTERNAL = "external"  # granted by an outside identity provider


@dataclass(frozen=True)
class VerificationMethod:
    name: str
    label: str
    description: str
    kind: Kind
    # Resident page of the method; None for external methods (no form to fill).
    url_name: str | None = None


_registry: dict[str, VerificationMethod] = {}


def register(method: VerificationMethod) -> VerificationMethod:
    if method.name in _registry:
        raise ValueError(f"verification method {method.name!r} is already registered")
    _registry[method.name] = method
    return method


def get(name: str) -> VerificationMethod | None:
    return _registry.get(name)


def all_methods() -> list[VerificationMethod]:
    return list(_registry.values())


def choices() -> list[tuple[str, str]]:
    return [(m.name, m.label) for m in _registry.values()]


FRANCECONNECT = register(
    VerificationMethod(
        name="franceconnect",
        label=_("FranceConnect"),
        description=_(
            "Your identity is confirmed by the State when you sign in with FranceConnect."
        ),
        kind=Kind.EXTERNAL,
    )
)
CENSUS = register(
    VerificationMethod(
        name="census",
        label=_("Resident register"),
        description=_(
            "Your details are checked against the list of residents held by the organisation."
        ),
        kind=Kind.DIRECT,
        url_name="verifications:census",
    )
)
ID_DOCUMENT = register(
    VerificationMethod(
        name="id_document",
        label=_("Identity document"),
        description=_("Send a scan of an identity document; an administrator checks it."),
        kind=Kind.REVIEWED,
        url_name="verifications:id_document",
    )
)
POSTAL_LETTER = register(
    VerificationMethod(
        name="postal_letter",
        label=_("Postal letter"),
        description=_("Receive a letter with a code at your address, then type the code here."),
        kind=Kind.REVIEWED,
        url_name="verifications:postal_letter",
    )
)
