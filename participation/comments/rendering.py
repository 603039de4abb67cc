"""The HTML of a thread's comments.

A long discussion is a hundred comments, each with its header, body, votes, links and
reply form: through the template engine that cost several times the rest of the page
(about a millisecond a comment). The same markup is assembled here from format strings,
with the labels translated and escaped once per thread and each comment's own values
escaped as they go in.
"""

from html import escape

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from participation.comments.models import Alignment
from participation.privacy.display import display_name


def _e(value) -> str:
    """HTML-escaped text (the standard library's escape: ``&<>"'``, as Django's)."""
    return escape(str(value), quote=True)


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
# The same for the links, which only take digits.
_LINK_ID = "987654321"


def _link_patterns() -> dict[str, str]:
    """Each comment link reversed once, with ``_LINK_ID`` for the id: a thread's
    hundred comments then cost no URL resolution each."""
    return {
        "permalink": reverse("comments:permalink", args=[_LINK_ID]),
        "vote": reverse("comments:vote", args=[_LINK_ID]),
        "edit": reverse("comments:edit", args=[_LINK_ID]),
        "delete": reverse("comments:delete", args=[_LINK_ID]),
        "report": reverse("moderation:report", args=["comments.comment", _LINK_ID]),
    }


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
    ):
        self.user_id = user.pk if user.is_authenticated else None
        self.can_vote = permission_allowed and self.user_id is not None
        self.can_reply = permission_allowed or can_answer_officially
        self.moderator = can_answer_officially
        self.action = action
        self.csrf = csrf_input  # Django's own hidden input
        # (before the id, after it), escaped.
        self.links = {
            name: tuple(_e(part) for part in url.split(_LINK_ID, 1))
            for name, url in _link_patterns().items()
        }
        self.alignment_html = {value: _e(label) for value, label in Alignment.choices}
        # Translated and escaped once; per comment only its own values are escaped (``_e``).
        self.html = {
            name: _e(label)
            for name, label in {
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
            }.items()
        }

    def _link(self, name: str, pk) -> str:
        before, after = self.links[name]
        return f"{before}{int(pk)}{after}"

    @cached_property
    def _reply_form(self) -> str:
        """The reply form, the same under every comment but for the comment's id."""
        html = self.html
        return _REPLY.format(
            reply=html["reply"],
            action=_e(self.action),
            csrf=self.csrf,
            pk=_PK_SLOT,
            your_reply=html["your_reply"],
            your_position=html["your_position"],
            no_position=html["no_position"],
            options="".join(
                f'<option value="{int(value)}">{label}</option>'
                for value, label in self.alignment_html.items()
            ),
            official=_OFFICIAL_CHECKBOX.format(pk=_PK_SLOT, label=html["official_reply"])
            if self.moderator
            else "",
            publish=html["publish"],
        )

    def render(self, nodes) -> SafeString:
        # Every value in it went through ``_e``, or is our own markup.
        return mark_safe("".join(self._item(node) for node in nodes))  # noqa: S308

    def _item(self, node) -> str:
        comment = node.comment
        html = self.html
        deleted = comment.is_deleted
        masked = node.hidden and not self.moderator
        if deleted:
            author = html["deleted"]
        elif masked:
            author = html["hidden"]
        else:
            author = _e(display_name(comment.author))
        badges = ""
        if comment.is_official and not deleted:
            badges += f'      <span class="comment-badge">{html["official"]}</span>\n'
        if comment.alignment is not None and not deleted:
            badges += (
                f'      <span class="comment-alignment comment-alignment-{int(comment.alignment)}">'
                f"{self.alignment_html.get(comment.alignment, '')}</span>\n"
            )
        created = timezone.localtime(comment.created_at)
        children = ""
        if node.children:
            children = (
                '  <ol class="comment-replies">\n'
                + "".join(self._item(child) for child in node.children)
                + "\n  </ol>\n"
            )
        edited = ""
        if comment.edited_at and not deleted:
            edited = f'      <span class="comment-edited">{html["edited"]}</span>\n'
        return _ITEM.format(
            official=" comment-official" if comment.is_official else "",
            deleted=" comment-deleted" if deleted else "",
            pk=int(comment.pk),
            author=author,
            badges=badges,
            permalink=self._link("permalink", comment.pk),
            iso=_e(created.isoformat()),
            when=_e(date_format(created, "DATETIME_FORMAT")),
            permanent=html["permanent"],
            edited=edited,
            content=self._content(node, deleted, masked),
            replies=children,
        )

    def _content(self, node, deleted: bool, masked: bool) -> str:
        html = self.html
        if deleted:
            return f'    <p class="comment-body"><em>{html["deleted_body"]}</em></p>\n'
        if masked:
            return f'    <p class="comment-body"><em>{html["hidden_body"]}</em></p>\n'
        notice = ""
        if node.hidden:
            notice = f'    <p class="message message-warning">{html["hidden_notice"]}</p>\n'
        return (
            notice
            # The body was sanitised and its mentions linked by ``text.render_body``.
            + f'    <div class="comment-body">{node.html}</div>\n'
            + '    <footer class="comment-actions">\n'
            + self._actions(node)
            + "    </footer>\n"
        )

    def _actions(self, node) -> str:
        comment = node.comment
        html = self.html
        own = self.user_id is not None and comment.author_id == self.user_id
        if self.can_vote and not own:
            out = _VOTES.format(
                vote=self._link("vote", comment.pk),
                csrf=self.csrf,
                up_pressed="true" if node.my_vote == 1 else "false",
                down_pressed="true" if node.my_vote == -1 else "false",
                agree=html["agree"],
                disagree=html["disagree"],
                up=int(comment.up_votes),
                down=int(comment.down_votes),
            )
        else:
            score = gettext("%(up)s agree, %(down)s disagree") % {
                "up": comment.up_votes,
                "down": comment.down_votes,
            }
            out = f'      <span class="comment-score">{_e(score)}</span>\n'
        if own:
            out += (
                f'      <a href="{self._link("edit", comment.pk)}">{html["edit"]}</a>\n'
                f'      <a href="{self._link("delete", comment.pk)}">{html["delete"]}</a>\n'
            )
        elif self.user_id is not None and not node.hidden:
            out += (
                f'      <a href="{self._link("report", comment.pk)}" rel="nofollow">'
                f"{html['report']}</a>\n"
            )
        if self.can_reply:
            out += self._reply_form.replace(_PK_SLOT, str(int(comment.pk)))
        return out
