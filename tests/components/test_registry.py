import pytest

from participation.components import registry
from participation.components.manifest import ComponentManifest


def test_the_first_components_are_registered_by_their_apps():
    names = {manifest.name for manifest in registry.all_manifests()}
    assert {"pages", "blogs"} <= names
    assert ("blogs", registry.get("blogs").label) in registry.choices()


def test_unknown_component_raises():
    with pytest.raises(registry.UnknownComponent):
        registry.get("no-such-component")


def test_a_name_is_registered_once():
    manifest = ComponentManifest(name="throwaway", label="Throwaway")
    registry.register(manifest)
    try:
        registry.register(manifest)  # the same manifest again is harmless (app reloads)
        with pytest.raises(ValueError, match="already registered"):
            registry.register(ComponentManifest(name="throwaway", label="Another"))
    finally:
        registry.unregister("throwaway")
    assert "throwaway" not in {m.name for m in registry.all_manifests()}


def test_manifests_declare_urls_settings_actions_and_hooks():
    blog = registry.get("blogs")
    assert blog.public_urls == "blogs.urls" and blog.admin_urls == "blogs.admin_urls"
    assert set(blog.settings.settings) == {"posts_per_page", "show_author"}
    assert set(blog.step_settings.settings) == {"comments_enabled"}
    assert set(blog.actions) == {"comment"}
    assert blog.metrics and blog.searchables and "posts" in blog.exports
    assert "post_published" in blog.notifications
    pages = registry.get("pages")
    assert not pages.step_settings and not pages.actions
