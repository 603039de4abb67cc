from django import forms
from django.utils.translation import gettext_lazy as _

from blogs.models import Post


class PostForm(forms.ModelForm):
    class Meta:
        model = Post
        fields = ["title", "body", "published_at", "image", "image_alt"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 12}),
            "published_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }
        help_texts = {
            "body": _("Paragraphs, headings, lists, links and images (unsafe markup is removed)."),
            "image_alt": _("Describe the image for people who cannot see it."),
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("image") and not cleaned.get("image_alt"):
            self.add_error("image_alt", _("Describe the image for people who cannot see it."))
        return cleaned
