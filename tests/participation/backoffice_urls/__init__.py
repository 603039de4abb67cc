"""How to fill each back-office route's arguments, one module per app.

Each module defines ARGUMENTS: route -> function(organization) returning a
concrete path (creating the objects it needs). test_backoffice_access walks
every /admin/ route and fails for a route with arguments missing here.
"""

from importlib import import_module

_MODULES = (
    "verifications",
    "spaces",
    "blocks",
    "components",
    "privacy",
    "moderation",
    "notifications",
    "synthesis",
    "component_admin",
    "budgets",
    "organization",
    "groups",
)

URL_ARGUMENTS = {}
for _name in _MODULES:
    _module = import_module(f"{__name__}.{_name}")
    URL_ARGUMENTS.update(_module.ARGUMENTS)
