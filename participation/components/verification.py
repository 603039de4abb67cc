"""Verification methods offered to admins, when the verifications app is installed.

The framework never imports that app at module level: it is optional, built
in parallel, and without it no method can be required.
"""

from django.apps import apps


def method_choices(organization) -> list[tuple[str, str]]:
    """(name, label) of the methods the organisation switched on; empty without the app."""
    if not apps.is_installed("participation.verifications"):
        return []
    try:
        from participation.verifications import selectors
    except ImportError:
        return []
    return [(method.name, method.label) for method in selectors.enabled_methods(organization)]
