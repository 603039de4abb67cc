"""Personal data: people export their comments; deleting an account keeps the threads."""

from participation.comments import services
from participation.comments.models import Comment
from participation.comments.personal_data import export_comments
from participation.privacy import deletion, registry
from tests.conftest import host_client
from tests.factories import PASSWORD


def test_comments_are_registered_personal_data():
    assert "comments" in {entry.key for entry in registry.entries()}


def test_export_holds_only_ones_own_comments_and_votes(alice, bob, target):
    mine = services.create_comment(actor=alice, target=target, body="Le mien", alignment=-1)
    theirs = services.create_comment(actor=bob, target=target, body="Le sien")
    services.vote_comment(actor=alice, comment=theirs, target=target, value=1)
    data = export_comments(alice)
    assert [row["id"] for row in data["comments"]] == [mine.pk]
    assert data["comments"][0]["body"] == "<p>Le mien</p>"
    assert data["comments"][0]["on"] == "blogs.post"
    assert data["comment_votes"] == [
        {"comment": theirs.pk, "vote": 1, "date": data["comment_votes"][0]["date"]}
    ]


def test_deleted_accounts_keep_their_comments_shown_as_deleted(
    alice, bob, target, post, django_capture_on_commit_callbacks
):
    services.create_comment(actor=alice, target=target, body="Toujours là")
    services.create_comment(actor=bob, target=target, body="Merci @alice")
    with django_capture_on_commit_callbacks(execute=True):
        deletion.delete_account(user=alice, password=PASSWORD)
    assert Comment.objects.count() == 2
    assert Comment.objects.get(author=bob).mentions == []
    body = host_client("ville-a.test").get(post.component.url("detail", pk=post.pk)).content
    body = body.decode()
    assert "Toujours là" in body and "Alice Martin" not in body
    assert "/profiles/alice/" not in body
