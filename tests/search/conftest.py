from tests.moderation.conftest import admin  # noqa: F401
