"""The registry of component types. Component apps register their manifest in ``ready()``.

Spaces, the back-office, the public dispatcher and the core's registries (comments,
moderation, follows, search, feed, personal data, media, demo) only ever ask this
registry: none of them imports a component app. See ``manifest.py`` for every field.
"""

from participation.components.manifest import ComponentManifest

_manifests: dict[str, ComponentManifest] = {}


class UnknownComponent(LookupError):
    pass


def register(manifest: ComponentManifest) -> ComponentManifest:
    existing = _manifests.get(manifest.name)
    if existing is not None and existing is not manifest:
        raise ValueError(f"component {manifest.name!r} is already registered")
    _check(manifest)
    _manifests[manifest.name] = manifest
    if manifest.commentables:
        from participation.comments.registry import connect_deletion

        for entry in manifest.commentables:
            connect_deletion(entry)  # comments go with their target
    if manifest.searchables:
        from participation.search.index import connect

        for entry in manifest.searchables:
            connect(entry)  # their search documents follow their writes
    return manifest


def _check(manifest: ComponentManifest) -> None:
    """A malformed declaration fails at start-up, not on the page that reads it."""
    from participation.comments.registry import check_mention_kind
    from participation.privacy.registry import check_key

    for kind in manifest.hash_mentions:
        check_mention_kind(kind)
    for entry in manifest.personal_data:
        check_key(entry.key)
    for name in manifest.exports:
        if not name.replace("-", "").replace("_", "").isalnum() or not name.isascii():
            raise ValueError(f"Export names are slugs (the file's name): {name!r}")


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


def declared(attribute: str) -> list:
    """Every manifest's items of a sequence field (``"searchables"``...), by manifest name."""
    return [
        item
        for _name, manifest in sorted(_manifests.items())
        for item in getattr(manifest, attribute)
    ]


def declared_mapping(attribute: str) -> dict:
    """Every manifest's entries of a mapping field (``"hash_mentions"``...), merged."""
    merged: dict = {}
    for _name, manifest in sorted(_manifests.items()):
        merged.update(getattr(manifest, attribute))
    return merged
