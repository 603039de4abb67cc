"""Back-office forms. They validate input for people; the services hold the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from participation.models import Category, Scope, UserGroup
from spaces.models import Assembly, MemberPosition, ProcessGroup, ProcessStep, SpaceRole

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
RICH = forms.Textarea(attrs={"rows": 6})

COMMON_FIELDS = [
    "title",
    "slug",
    "subtitle",
    "short_description",
    "description",
    "hero_image",
    "hero_image_alt",
    "start_date",
    "end_date",
    "visibility",
    "promoted",
    "scope",
]
TYPE_FIELDS = {
    "processes": ["group", "process_type"],
    "assemblies": ["parent", "assembly_type", "purpose"],
    "initiatives": ["signatures_required"],
    "votations": [],
    "conferences": ["location"],
}
HELP = {
    "slug": _(
        "Letters, digits and hyphens, used in the page address (e.g. budget-2027). "
        "Unique among spaces of this type."
    ),
    "short_description": _("One or two sentences shown on cards. Basic HTML is allowed."),
    "description": _("The full presentation on the space's page. Basic HTML is allowed."),
    "hero_image": _("A wide picture (PNG, JPEG, GIF or WebP) shown at the top of the page."),
    "hero_image_alt": _("Describe the picture for people who cannot see it."),
    "visibility": _("Private spaces are seen only by their members and the people managing them."),
    "purpose": _("What this assembly is for; shown on its page."),
    "parent": _("Leave empty for a top-level assembly."),
    "signatures_required": _("Number of signatures the petition must collect."),
}


class _OrganizationForm(forms.ModelForm):
    """Limits every list of choices to the organisation's own rows."""

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and hasattr(queryset.model, "organization"):
                field.queryset = queryset.filter(organization=organization)


class SpaceFormBase(_OrganizationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "parent" in self.fields and self.instance.pk:
            # Offer no parent that would create a cycle (the service checks it too).
            self.fields["parent"].queryset = self.fields["parent"].queryset.exclude(
                pk__in=_self_and_descendants(self.instance)
            )

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        taken = type(self.instance).objects.filter(organization=self.organization, slug=slug)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                _("Another space of this type already uses this address. Choose another one."),
                code="name_taken",
            )
        return slug

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date must be after the start date."))
        image = data.get("hero_image")
        if image and not data.get("hero_image_alt"):
            self.add_error("hero_image_alt", _("Describe the image for people who cannot see it."))
        return data


def _self_and_descendants(assembly: Assembly) -> set[int]:
    found, frontier = {assembly.pk}, [assembly.pk]
    while frontier:
        frontier = list(
            Assembly.objects.filter(parent_id__in=frontier)
            .exclude(pk__in=found)
            .values_list("pk", flat=True)
        )
        found.update(frontier)
    return found


def space_form_class(space_type) -> type[SpaceFormBase]:
    fields = COMMON_FIELDS + TYPE_FIELDS[space_type.key]
    widgets = {"start_date": DATE, "end_date": DATE}
    for name in ("short_description", "description", "purpose"):
        widgets[name] = RICH
    return forms.modelform_factory(
        space_type.model, form=SpaceFormBase, fields=fields, widgets=widgets, help_texts=HELP
    )


class StepForm(forms.ModelForm):
    class Meta:
        model = ProcessStep
        fields = ["title", "description", "start_date", "end_date"]
        widgets = {"start_date": DATE, "end_date": DATE, "description": RICH}

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date must be after the start date."))
        return data


def taxonomy_form_class(model) -> type[_OrganizationForm]:
    fields = [f.name for f in model._meta.concrete_fields if f.name not in ("id", "organization")]
    widgets = {"description": forms.Textarea(attrs={"rows": 3})} if model is ProcessGroup else {}
    form_class = forms.modelform_factory(
        model, form=_OrganizationForm, fields=fields, widgets=widgets
    )
    if model is Scope:
        return type("ScopeForm", (form_class, _ScopeParentMixin), {})
    return form_class


class _ScopeParentMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["parent"].queryset = self.fields["parent"].queryset.exclude(
                pk=self.instance.pk
            )


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ["name", "parent", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, space_categories, **kwargs):
        super().__init__(*args, **kwargs)
        # Only main categories of this space can hold sub-categories.
        choices = space_categories.filter(parent__isnull=True)
        if self.instance.pk:
            choices = choices.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = choices
        self.fields["parent"].empty_label = _("None: this is a main category")


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_(
            "The person receives a link, valid 14 days, to accept with an account "
            "using this address."
        ),
    )
    position = forms.ChoiceField(
        label=_("Position"), choices=MemberPosition.choices, initial=MemberPosition.MEMBER
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=SpaceRole.choices)
    email = forms.EmailField(
        label=_("Person (e-mail address)"),
        required=False,
        help_text=_("The e-mail address of an existing account of the organisation."),
    )
    group = forms.ModelChoiceField(
        label=_("Or a group"), queryset=UserGroup.objects.none(), required=False
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.fields["group"].queryset = UserGroup.objects.filter(organization=organization)

    def clean(self):
        data = super().clean()
        if bool(data.get("email")) == bool(data.get("group")):
            raise forms.ValidationError(_("Choose either a person or a group."), code="invalid")
        return data
