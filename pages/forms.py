from django import forms
from django.utils.translation import gettext_lazy as _

from pages.models import Page
from participation.embeds import parse_video_url, provider_names, watch_url


class PageForm(forms.ModelForm):
    video_url = forms.CharField(
        label=_("Video address"),
        required=False,
        max_length=500,
        help_text=_("Optional: the address of a video on %(providers)s."),
    )

    class Meta:
        model = Page
        fields = ["title", "body", "image", "image_alt", "video_url", "video_title"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}
        help_texts = {
            "body": _("Paragraphs, headings, lists, links and images (unsafe markup is removed)."),
            "image_alt": _("Describe the image for people who cannot see it."),
            "video_title": _("Read out by screen readers, e.g. “Presentation of the project”."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["video_url"]
        field.help_text = field.help_text % {"providers": ", ".join(provider_names())}
        page = self.instance
        if page.pk and page.video_provider:
            self.initial["video_url"] = watch_url(page.video_provider, page.video_id) or ""

    def clean_video_url(self):
        url = self.cleaned_data["video_url"].strip()
        self.video = parse_video_url(url) if url else None
        return url

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("image") and not cleaned.get("image_alt"):
            self.add_error("image_alt", _("Describe the image for people who cannot see it."))
        if cleaned.get("video_url") and not cleaned.get("video_title"):
            self.add_error("video_title", _("Give the video a title for screen readers."))
        return cleaned

    def page_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "video_url"}
