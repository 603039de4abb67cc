"""The HTML of a thread's comments.

A long discussion is a hundred comments, each with its header, body, votes, links and
reply form: through the template engine that cost several times the rest of the page
(about a millisecond a comment). The same markup is assembled here from format strings,
with the labels translated once per thread and every value escaped by ``format_html``.
"""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from participation.comments.models import Alignment
from participation.privacy.display import display_name

_ITEM = (
    '<li class="comment{official}{deleted}" id="comment-{pk}">\n'
    '  <article aria-labelledby="comment-{pk}-author">\n'
    '    <header class="comment-header">\n'
    '      <span class="comment-author" id="comment-{pk}-author">{author}</span>\n'
    "{badges}"
    '      <a class="comment-permalink" href="{permalink}"><time datetime="{iso}">{when}</time>'
    '<span class="visually-hidden"> — {permanent}</span></a>\n'
    "{edited}"
    "    </header>\n"
    "{content}"
    "  </article>\n"
    "{replies}"
    "</li>"
)

_VOTES = (
    '      <form method="post" action="{vote}" class="comment-vote">\n'
    "        {csrf}\n"
    '        <button type="submit" name="value" value="up" class="button-link" '
    'aria-pressed="{up_pressed}">{agree} <span aria-hidden="true">▲</span> {up}</button>\n'
    '        <button type="submit" name="value" value="down" class="button-link" '
    'aria-pressed="{down_pressed}">{disagree} <span aria-hidden="true">▼</span> {down}</button>\n'
    "      </form>\n"
)

_REPLY = (
    '      <details class="comment-reply">\n'
    "        <summary>{reply}</summary>\n"
    '        <form method="post" action="{action}">\n'
    "          {csrf}\n"
    '          <input type="hidden" name="parent" value="{pk}">\n'
    '          <div class="field">\n'
    '            <label for="reply-body-{pk}">{your_reply}</label>\n'
    '            <textarea id="reply-body-{pk}" name="body" rows="3" required></textarea>\n'
    "          </div>\n"
    '          <div class="field">\n'
    '            <label for="reply-alignment-{pk}">{your_position}</label>\n'
    '            <select id="reply-alignment-{pk}" name="alignment">\n'
    '              <option value="">{no_position}</option>\n'
    "              {options}\n"
    "            </select>\n"
    "          </div>\n"
    "{official}"
    '          <button type="submit" class="button">{publish}</button>\n'
    "        </form>\n"
    "      </details>\n"
)

# Where the reply form takes each comment's id (no character of it is escaped).
_PK_SLOT = "@@comment-id@@"

_OFFICIAL_CHECKBOX = (
    '          <div class="field"><input type="checkbox" id="reply-official-{pk}" '
    'name="official"> <label for="reply-official-{pk}">{label}</label></div>\n'
)


class CommentList:
    """Renders ``nodes`` (``selectors.Node`` trees) as the visitor may see them."""

    def __init__(
        self,
        *,
        user,
        permission_allowed: bool,
        can_answer_officially: bool,
        action: str,
        csrf_input: str = "",
        alignment_options: str = "",
    ):
        self.user_id = user.pk if user.is_authenticated else None
        self.can_vote = permission_allowed and self.user_id is not None
        self.can_reply = permission_allowed or can_answer_officially
        self.moderator = can_answer_officially
        self.action = action
        self.csrf = mark_safe(csrf_input)  # noqa: S308 - Django's own hidden input
        self.options = mark_safe(alignment_options)  # noqa: S308 - built by format_html_join
        self.alignments = {value: str(label) for value, label in Alignment.choices}
        self.text = {
            "deleted": gettext("Comment deleted"),
            "hidden": gettext("Comment hidden"),
            "official": gettext("Official reply"),
            "permanent": gettext("permanent link"),
            "edited": gettext("(edited)"),
            "deleted_body": gettext("This comment was deleted by its author."),
            "hidden_body": gettext("This comment is hidden by moderation."),
            "hidden_notice": gettext(
                "Hidden by moderation: residents see a placeholder instead of this comment."
            ),
            "agree": gettext("Agree"),
            "disagree": gettext("Disagree"),
            "edit": gettext("Edit"),
            "delete": gettext("Delete"),
            "report": gettext("Report"),
            "reply": gettext("Reply"),
            "your_reply": gettext("Your reply"),
            "your_position": gettext("Your position (optional)"),
            "no_position": gettext("No position"),
            "official_reply": gettext("Official reply of the space's team"),
            "publish": gettext("Publish the reply"),
        }

    @cached_property
    def _reply_form(self) -> str:
        """The reply form, the same under every comment but for the comment's id."""
        return format_html(
            _REPLY,
            reply=self.text["reply"],
            action=self.action,
            csrf=self.csrf,
            pk=_PK_SLOT,
            your_reply=self.text["your_reply"],
            your_position=self.text["your_position"],
            no_position=self.text["no_position"],
            options=self.options,
            official=format_html(_OFFICIAL_CHECKBOX, pk=_PK_SLOT, label=self.text["official_reply"])
            if self.moderator
            else "",
            publish=self.text["publish"],
        )

    def render(self, nodes) -> SafeString:
        return mark_safe("".join(self._item(node) for node in nodes))  # noqa: S308

    def _item(self, node) -> str:
        comment = node.comment
        text = self.text
        deleted = comment.is_deleted
        masked = node.hidden and not self.moderator
        if deleted:
            author = text["deleted"]
        elif masked:
            author = text["hidden"]
        else:
            author = display_name(comment.author)
        badges = ""
        if comment.is_official and not deleted:
            badges += format_html('      <span class="comment-badge">{}</span>\n', text["official"])
        if comment.alignment is not None and not deleted:
            badges += format_html(
                '      <span class="comment-alignment comment-alignment-{}">{}</span>\n',
                comment.alignment,
                self.alignments.get(comment.alignment, ""),
            )
        created = timezone.localtime(comment.created_at)
        children = ""
        if node.children:
            children = (
                '  <ol class="comment-replies">\n'
                + "".join(self._item(child) for child in node.children)
                + "\n  </ol>\n"
            )
        return format_html(
            _ITEM,
            official=" comment-official" if comment.is_official else "",
            deleted=" comment-deleted" if deleted else "",
            pk=comment.pk,
            author=author,
            badges=mark_safe(badges),  # noqa: S308 - built by format_html above
            permalink=node.links["permalink"],
            iso=created.isoformat(),
            when=date_format(created, "DATETIME_FORMAT"),
            permanent=text["permanent"],
            edited=format_html('      <span class="comment-edited">{}</span>\n', text["edited"])
            if comment.edited_at and not deleted
            else "",
            content=mark_safe(self._content(node, deleted, masked)),  # noqa: S308
            replies=mark_safe(children),  # noqa: S308 - our own items
        )

    def _content(self, node, deleted: bool, masked: bool) -> str:
        text = self.text
        if deleted:
            return format_html(
                '    <p class="comment-body"><em>{}</em></p>\n', text["deleted_body"]
            )
        if masked:
            return format_html('    <p class="comment-body"><em>{}</em></p>\n', text["hidden_body"])
        notice = ""
        if node.hidden:
            notice = format_html(
                '    <p class="message message-warning">{}</p>\n', text["hidden_notice"]
            )
        return (
            notice
            # The body was sanitised and its mentions linked by ``text.render_body``.
            + format_html('    <div class="comment-body">{}</div>\n', mark_safe(node.html))  # noqa: S308
            + '    <footer class="comment-actions">\n'
            + self._actions(node)
            + "    </footer>\n"
        )

    def _actions(self, node) -> str:
        comment = node.comment
        text = self.text
        own = self.user_id is not None and comment.author_id == self.user_id
        if self.can_vote and not own:
            html = format_html(
                _VOTES,
                vote=node.links["vote"],
                csrf=self.csrf,
                up_pressed="true" if node.my_vote == 1 else "false",
                down_pressed="true" if node.my_vote == -1 else "false",
                agree=text["agree"],
                disagree=text["disagree"],
                up=comment.up_votes,
                down=comment.down_votes,
            )
        else:
            score = gettext("%(up)s agree, %(down)s disagree") % {
                "up": comment.up_votes,
                "down": comment.down_votes,
            }
            html = format_html('      <span class="comment-score">{}</span>\n', score)
        if own:
            html += format_html(
                '      <a href="{}">{}</a>\n      <a href="{}">{}</a>\n',
                node.links["edit"],
                text["edit"],
                node.links["delete"],
                text["delete"],
            )
        elif self.user_id is not None and not node.hidden:
            html += format_html(
                '      <a href="{}" rel="nofollow">{}</a>\n', node.links["report"], text["report"]
            )
        if self.can_reply:
            html += self._reply_form.replace(_PK_SLOT, str(comment.pk))
        return html
