"""A small declarative schema for component settings (global and per step).

Components declare their settings in code; the database stores plain JSON.
Reading back always goes through the schema, so a missing, stale or
hand-edited value falls back to the declared default instead of leaking an
unexpected type into views.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Setting:
    label: str | Promise
    default: Any = None
    help_text: str | Promise = ""

    def form_field(self) -> forms.Field:
        raise NotImplementedError

    def clean(self, value: Any) -> Any:
        """Validate ``value`` (from a form or a service call); raise ValidationError."""
        return self.form_field().clean(value)

    def to_python(self, stored: Any) -> Any:
        """The typed value for ``stored`` JSON, or the default when it does not fit."""
        try:
            return self.clean(stored)
        except (ValidationError, TypeError, ValueError):
            return self.default


@dataclass(frozen=True)
class BooleanSetting(Setting):
    default: bool = False

    def form_field(self) -> forms.Field:
        return forms.BooleanField(label=self.label, help_text=self.help_text, required=False)

    def to_python(self, stored: Any) -> bool:
        # JSON holds real booleans; anything else (a string "false"...) is not trusted.
        return stored if isinstance(stored, bool) else self.default


@dataclass(frozen=True)
class IntegerSetting(Setting):
    default: int = 0
    min_value: int | None = None
    max_value: int | None = None

    def form_field(self) -> forms.Field:
        return forms.IntegerField(
            label=self.label,
            help_text=self.help_text,
            min_value=self.min_value,
            max_value=self.max_value,
        )

    def to_python(self, stored: Any) -> int:
        if isinstance(stored, bool) or not isinstance(stored, int):
            return self.default
        return super().to_python(stored)


@dataclass(frozen=True)
class ChoiceSetting(Setting):
    default: str = ""
    choices: tuple[tuple[str, str | Promise], ...] = ()

    def form_field(self) -> forms.Field:
        return forms.ChoiceField(label=self.label, help_text=self.help_text, choices=self.choices)


@dataclass(frozen=True)
class TextSetting(Setting):
    default: str = ""
    max_length: int = 500
    required: bool = False
    multiline: bool = False

    def form_field(self) -> forms.Field:
        return forms.CharField(
            label=self.label,
            help_text=self.help_text,
            max_length=self.max_length,
            required=self.required,
            widget=forms.Textarea(attrs={"rows": 3}) if self.multiline else None,
        )

    def to_python(self, stored: Any) -> str:
        return super().to_python(stored) if isinstance(stored, str) else self.default


# How many stored JSONs each schema remembers the typed values of.
_READ_MEMO_SIZE = 2048


@dataclass(frozen=True)
class SettingsSchema:
    """An ordered set of named settings."""

    settings: Mapping[str, Setting] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.settings)

    def defaults(self) -> dict[str, Any]:
        return {name: setting.default for name, setting in self.settings.items()}

    def read(self, stored: Mapping | None) -> "SettingValues":
        """Typed values, with defaults for what ``stored`` lacks; unknown keys are dropped."""
        stored = stored if isinstance(stored, Mapping) else {}
        # Every page reads its component's settings several times, and checking each
        # value builds a form field: the typed values of a stored JSON are kept per schema
        # (a copy is handed out, so a caller changing it changes nothing here).
        try:
            key = json.dumps(stored, sort_keys=True)
        except (TypeError, ValueError):  # not JSON (a caller's own mapping): no memo
            return SettingValues(self._typed(stored))
        memo = self.__dict__.setdefault("_read_memo", {})
        typed = memo.get(key)
        if typed is None:
            if len(memo) >= _READ_MEMO_SIZE:
                memo.clear()
            typed = memo[key] = self._typed(stored)
        return SettingValues(typed)

    def _typed(self, stored: Mapping) -> dict[str, Any]:
        return {
            name: setting.to_python(stored[name]) if name in stored else setting.default
            for name, setting in self.settings.items()
        }

    def validate(self, data: Mapping) -> dict[str, Any]:
        """Clean every declared setting in ``data``; raise one ValidationError per bad field.

        Unknown names are refused rather than silently stored.
        """
        unknown = set(data) - set(self.settings)
        errors: dict[str, list] = {name: [_("Unknown setting.")] for name in sorted(unknown)}
        cleaned = {}
        for name, setting in self.settings.items():
            if name not in data:
                cleaned[name] = setting.default
                continue
            try:
                cleaned[name] = setting.clean(data[name])
            except ValidationError as error:
                errors[name] = error.error_list
        if errors:
            raise ValidationError(errors)
        return cleaned

    def form_class(self) -> type[forms.Form]:
        """A Django form with one field per setting, for the back-office."""
        fields = {name: setting.form_field() for name, setting in self.settings.items()}
        return type("SettingsForm", (forms.Form,), fields)


class SettingValues(dict):
    """Settings read through a schema: ``values.posts_per_page`` or ``values["..."]``."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError as error:
            raise AttributeError(name) from error
