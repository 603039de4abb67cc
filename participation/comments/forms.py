from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from participation.comments.models import MAX_BODY_LENGTH, Alignment
from participation.comments.services import MAX_RAW_LENGTH


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_RAW_LENGTH,
        error_messages={"required": _("Write your comment.")},
    )
    alignment = forms.TypedChoiceField(
        label=_("Your position (optional)"),
        choices=[("", _("No position"))] + list(Alignment.choices),
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = {"limit": MAX_BODY_LENGTH}
        body = self.fields["body"]
        body.help_text = (
            gettext(
                "At most %(limit)d characters. Leave a blank line between paragraphs; "
                "mention someone with @nickname."
            )
            % limit
        )
        body.error_messages["max_length"] = (
            gettext("A comment may have at most %(limit)d characters.") % limit
        )


class NewCommentForm(CommentForm):
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    official = forms.BooleanField(label=_("Official reply of the space's team"), required=False)

    def __init__(self, *args, can_answer_officially: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_answer_officially:
            del self.fields["official"]


class VoteForm(forms.Form):
    value = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])
