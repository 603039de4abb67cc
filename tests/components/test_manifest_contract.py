"""The manifest is a component's only registration.

Two checks: no module of a component app imports or calls a core ``register*`` function
(read from the source), and, once Django has started, every entry the core registries
serve that comes from a component app is one of that app's manifest declarations.
"""

import ast
import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.utils.module_loading import autodiscover_modules

from participation.attachments import attachables
from participation.backoffice import registry as backoffice
from participation.comments import registry as comments
from participation.components import registry
from participation.demo import seeders
from participation.media import registered_owners
from participation.moderation import registry as moderation
from participation.moderation.feed import sources
from participation.notifications import registry as notifications
from participation.privacy import registry as privacy
from participation.search import registry as search
from spaces.blocks import block_kinds
from synthesis import metrics


def component_apps() -> dict[str, object]:
    """App name -> the manifest its ``component`` module declares (and registered)."""
    found = {}
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.component")
        except ModuleNotFoundError:
            continue
        manifest = getattr(module, "MANIFEST", None)
        if manifest is not None and registry.get(manifest.name) is manifest:
            found[config.name] = manifest
    return found


def _owner_of_module(module: str, names) -> str | None:
    for name in names:
        if module == name or module.startswith(name + "."):
            return name
    return None


def _owner_of_model(model, names) -> str | None:
    return _owner_of_module(model.__module__, names)


def _owner_of_function(function, names) -> str | None:
    function = getattr(function, "func", function)  # functools.partial
    return _owner_of_module(getattr(function, "__module__", "") or "", names)


def served_entries():
    """(what, owner app or None, entry, the owner's declarations it must be among)."""
    owners = component_apps()
    names = list(owners)

    def declared(owner, field):
        if owner is None:
            return None
        value = getattr(owners[owner], field)
        return list(value.values()) if isinstance(value, dict) else list(value)

    autodiscover_modules("demo")  # as seed_demo does: the core's seeders register then
    rows = []
    for entry in comments.entries():
        owner = _owner_of_model(entry.model, names)
        rows.append(("commentable", owner, entry, declared(owner, "commentables")))
    for kind, resolver in comments.hash_resolvers().items():
        owner = _owner_of_function(resolver, names)
        rows.append((f"mention {kind}", owner, resolver, declared(owner, "hash_mentions")))
    for entry in moderation.all_reportables():
        owner = _owner_of_model(entry.model, names)
        rows.append(("reportable", owner, entry, declared(owner, "reportables")))
    for entry in notifications.followables().values():
        owner = _owner_of_model(entry.model, names)
        rows.append(("followable", owner, entry, declared(owner, "followables")))
    for entry in search.all_searchables():
        owner = _owner_of_function(entry.queryset, names)
        rows.append((f"searchable {entry.key}", owner, entry, declared(owner, "searchables")))
    for source in sources():
        owner = _owner_of_function(source, names)
        feed = None if owner is None else [owners[owner].feed]
        rows.append(("feed source", owner, source, feed))
    for entry in privacy.entries():
        owner = _owner_of_function(entry.exporter, names)
        rows.append((f"personal data {entry.key}", owner, entry, declared(owner, "personal_data")))
    for owner_entry in registered_owners():
        owner = _owner_of_model(owner_entry.model, names)
        rows.append(("media owner", owner, owner_entry, declared(owner, "media")))
    for attachable in attachables().values():
        owner = _owner_of_model(attachable.model, names)
        rows.append(("attachable", owner, attachable, declared(owner, "attachables")))
    for seeder in seeders():
        owner = _owner_of_function(seeder, names)
        loaded = None if owner is None else [step.load() for step in owners[owner].demo]
        rows.append(("demo seeder", owner, seeder, loaded))
    for kind in block_kinds().values():
        owner = _owner_of_function(kind.prepare, names) or _owner_of_module(
            kind.form.__module__, names
        )
        rows.append((f"block {kind.key}", owner, kind, declared(owner, "blocks")))
    for metric in metrics.registered():
        owner = _owner_of_function(metric.count, names)
        rows.append((f"metric {metric.name}", owner, metric, None if owner is None else []))
    for section in backoffice._sections.values():
        owner = _owner_of_function(section.visible, names)
        rows.append((f"section {section.key}", owner, section, None if owner is None else []))
    for rule in backoffice._access_rules:
        owner = _owner_of_function(rule, names)
        rows.append(("access rule", owner, rule, None if owner is None else []))
    return rows


def strays() -> list[str]:
    """Entries coming from a component app that its manifest does not declare."""
    return [
        f"{what} from {owner}"
        for what, owner, entry, declarations in served_entries()
        if owner is not None and not any(entry is item for item in declarations)
    ]


def test_every_registry_entry_from_a_component_is_in_its_manifest():
    rows = served_entries()
    assert strays() == []
    # The check does look at component entries, of every kind the components offer today.
    from_components = {what.split()[0] for what, owner, *_rest in rows if owner is not None}
    assert {
        "commentable",
        "mention",
        "reportable",
        "followable",
        "searchable",
        "feed",
        "personal",
        "media",
        "attachable",
        "demo",
    } <= from_components
    assert {"proposals", "budgets", "blogs", "pages"} <= set(component_apps())


def test_a_component_registering_outside_its_manifest_is_caught():
    from proposals import hooks

    fields = {**vars(hooks.SEARCHABLES[0])}
    fields.pop("key")
    search.register_searchable("sneaky", **fields)  # what a component must not do
    try:
        assert strays() == ["searchable sneaky from proposals"]
    finally:
        search._searchables.pop("sneaky")
    assert strays() == []


# The core's registration functions: a component never imports or calls one.
REGISTRATIONS = {
    "register_commentable",
    "register_hash_mention",
    "register_searchable",
    "register_followable",
    "register_reportable",
    "register_feed_source",
    "register_seeder",
    "register_media",
    "register_metric",
    "register_section",
    "register_access_rule",
    "register_event",
}
# Module -> names it may be imported from with another name (``register``...).
REGISTRY_MODULES = {
    "participation.privacy.registry",
    "participation.backoffice.registry",
    "participation.comments.registry",
    "participation.search.registry",
    "participation.moderation.registry",
    "participation.moderation.feed",
    "participation.notifications.registry",
    "participation.media",
    "participation.demo",
    "synthesis.metrics",
    "spaces.blocks",
}


def registrations_in(source: str, filename: str) -> list[str]:
    """The core registrations ``source`` imports or calls; only an ``apps.py`` may import
    ``participation.components.registry.register`` (for its manifest)."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                if alias.name in REGISTRATIONS or (
                    node.module in REGISTRY_MODULES and alias.name.startswith("register")
                ):
                    found.append(f"imports {node.module}.{alias.name}")
                elif (
                    node.module == "participation.components.registry"
                    and alias.name == "register"
                    and not filename.endswith("apps.py")
                ):
                    found.append(f"imports {node.module}.register outside apps.py")
        elif isinstance(node, ast.Call):
            function = node.func
            name = function.attr if isinstance(function, ast.Attribute) else ""
            name = function.id if isinstance(function, ast.Name) else name
            if name in REGISTRATIONS:
                found.append(f"calls {name}")
    return found


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from participation.search.registry import register_searchable", 1),
        ("from participation.privacy.registry import register", 1),
        ("from participation.media import register_media as r", 1),
        ("registry.register_followable(x)", 1),
        ("from participation.search.registry import Searchable", 0),
    ],
)
def test_the_source_check_sees_registrations(source, expected):
    assert len(registrations_in(source, "x.py")) == expected


def test_no_component_module_registers_anything_itself():
    offenders = []
    for name in component_apps():
        root = Path(apps.get_app_config(name.rsplit(".", 1)[-1]).path)
        for path in sorted(root.rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for problem in registrations_in(path.read_text(encoding="utf-8"), str(path)):
                offenders.append(f"{path.relative_to(root.parent)}: {problem}")
    assert offenders == []
