"""The registry of component types. Component apps register their manifest in ``ready()``.

Spaces, the back-office and the public dispatcher only ever ask this registry:
none of them imports a component app.
"""

from participation.components.manifest import ComponentManifest

_manifests: dict[str, ComponentManifest] = {}


class UnknownComponent(LookupError):
    pass


def register(manifest: ComponentManifest) -> ComponentManifest:
    existing = _manifests.get(manifest.name)
    if existing is not None and existing is not manifest:
        raise ValueError(f"component {manifest.name!r} is already registered")
    _manifests[manifest.name] = manifest
    return manifest


def unregister(name: str) -> None:
    """For tests that register a throw-away component."""
    _manifests.pop(name, None)


def get(name: str) -> ComponentManifest:
    try:
        return _manifests[name]
    except KeyError as error:
        raise UnknownComponent(name) from error


def all_manifests() -> list[ComponentManifest]:
    return sorted(_manifests.values(), key=lambda manifest: str(manifest.label))


def choices() -> list[tuple[str, str]]:
    return [(manifest.name, manifest.label) for manifest in all_manifests()]
