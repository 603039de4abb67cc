"""What the back-office shows: sections that apps register, and who may enter.

The core never imports the apps that fill the back-office: each app registers
its sections (and, for space roles, an access rule) when Django starts.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise

AccessRule = Callable[[object, object], bool]


@dataclass(frozen=True)
class Section:
    key: str
    label: Promise
    url_name: str
    order: int
    # (user, organization) -> whether the section shows for this person.
    visible: AccessRule


_sections: dict[str, Section] = {}
_access_rules: list[AccessRule] = []


def register_section(section: Section) -> None:
    _sections[section.key] = section


def register_access_rule(rule: AccessRule) -> None:
    """A rule granting back-office entry to people who are not organisation admins."""
    if rule not in _access_rules:
        _access_rules.append(rule)


def sections_for(user, organization) -> list[Section]:
    return sorted(
        (s for s in _sections.values() if s.visible(user, organization)), key=lambda s: s.order
    )


def may_enter(user, organization) -> bool:
    if not (user.is_authenticated and user.is_active and organization is not None):
        return False
    if user.organization_id != organization.pk:
        return False
    return user.is_admin_of(organization) or any(rule(user, organization) for rule in _access_rules)


def is_org_admin(user, organization) -> bool:
    return user.is_admin_of(organization)
