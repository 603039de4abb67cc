"""The component framework: features (blog, pages, proposals...) mounted in spaces.

Writing a component (see pages/ and blogs/):

1. A plain Django app whose models point at ``components.Component`` (cascade).
2. ``component.py`` declares a ``ComponentManifest``: name, label, public and
   admin URLconf modules, ``settings`` and ``step_settings`` schemas
   (settings_schema.py), ``actions`` each with a rule composed from
   predicates.py (``signed_in & space_member & verified & step_allows("x")``),
   and everything else the platform may ask of it (comments, moderation, follows,
   search, feeds, personal data, metrics, map, exports, demo...): every field is
   listed, with who reads it, at the top of ``manifest.py``.
3. ``AppConfig.ready()`` calls ``registry.register(MANIFEST)``, the component's only
   registration; add the app to INSTALLED_APPS. Nothing else changes: spaces, search,
   synthesis and the back-office only ask the registry.
4. Views find ``request.space``, ``request.space_type`` and
   ``request.component`` (the dispatcher checked visibility, publication and,
   for admin URLs, ``can_manage_space``). Build links with
   ``component.url(name, ...)`` / ``component.admin_url(name, ...)`` or the
   ``component_url`` / ``component_admin_url`` template tags.
5. Gate resident actions with ``component.can(user, "action")``; services
   still check it again before writing.
"""
