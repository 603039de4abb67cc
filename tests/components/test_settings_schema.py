import pytest
from django.core.exceptions import ValidationError

from participation.components.settings_schema import (
    BooleanSetting,
    ChoiceSetting,
    IntegerSetting,
    SettingsSchema,
    TextSetting,
)

SCHEMA = SettingsSchema(
    {
        "enabled": BooleanSetting(label="Enabled", default=True),
        "per_page": IntegerSetting(label="Per page", default=10, min_value=1, max_value=50),
        "order": ChoiceSetting(
            label="Order", default="recent", choices=(("recent", "Recent"), ("random", "Random"))
        ),
        "intro": TextSetting(label="Intro", default="", max_length=20),
    }
)


def test_defaults_fill_what_is_not_stored():
    assert SCHEMA.read({}) == {"enabled": True, "per_page": 10, "order": "recent", "intro": ""}
    assert SCHEMA.read(None).per_page == 10


def test_stored_values_are_read_back_typed():
    values = SCHEMA.read({"enabled": False, "per_page": 25, "order": "random", "intro": "Hi"})
    assert values.enabled is False and values.per_page == 25
    assert values.order == "random" and values.intro == "Hi"


@pytest.mark.parametrize(
    "stored",
    [
        {"enabled": "false", "per_page": "25", "order": "drop table", "intro": 7},
        {"enabled": 0, "per_page": 999, "order": None, "intro": "x" * 50},
        {"per_page": True},
    ],
)
def test_values_that_do_not_fit_fall_back_to_defaults(stored):
    assert SCHEMA.read(stored) == SCHEMA.defaults()


def test_unknown_stored_keys_are_dropped():
    assert "surprise" not in SCHEMA.read({"surprise": 1})
    with pytest.raises(AttributeError):
        _ = SCHEMA.read({}).surprise


def test_validate_cleans_and_fills_defaults():
    assert SCHEMA.validate({"per_page": "12"}) == {
        "enabled": True,
        "per_page": 12,
        "order": "recent",
        "intro": "",
    }


def test_validate_reports_every_bad_field():
    with pytest.raises(ValidationError) as caught:
        SCHEMA.validate({"per_page": 0, "order": "other", "intro": "x" * 21, "bogus": 1})
    errors = caught.value.message_dict
    assert set(errors) == {"per_page", "order", "intro", "bogus"}
    assert caught.value.error_dict["per_page"][0].code == "min_value"


def test_the_form_has_one_field_per_setting():
    form = SCHEMA.form_class()({"per_page": "60", "order": "recent"})
    assert list(form.fields) == ["enabled", "per_page", "order", "intro"]
    assert not form.is_valid() and "per_page" in form.errors
    form = SCHEMA.form_class()({"per_page": "5", "order": "random", "enabled": "on"})
    assert form.is_valid() and form.cleaned_data["enabled"] is True


def test_an_empty_schema_is_falsy():
    assert not SettingsSchema()
    assert SettingsSchema().read({"x": 1}) == {}
