"""Comments in Chromium: a resident comments a blog post, another replies and agrees, edits."""

import re

import pytest

from blogs.services import create_post
from participation.comments.models import Comment
from participation.components import services
from tests.e2e.conftest import assert_accessible
from tests.factories import (
    PASSWORD,
    ProcessFactory,
    StepFactory,
    make_component,
    make_organization,
    make_user,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _label(text: str):
    return re.compile(rf"^{re.escape(text)}\s*:?$")


def _sign_in(page, site, user, path):
    page.goto(site("ville-a.test", f"/sign-in/?next={path}"))
    page.get_by_label("Adresse e-mail").fill(user.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"**{path}")


def test_a_resident_comments_another_replies_and_agrees_the_author_edits(page, browser, site, now):
    city = make_organization("Ville de Test", "ville-a.test")
    admin = make_user(city, admin=True)
    alice = make_user(city, email="alice@ville-a.test", name="Alice Martin", nickname="alice")
    bob = make_user(city, email="bob@ville-a.test", name="Bob Durand", nickname="bob")
    process = ProcessFactory(
        organization=city, slug="place", title="Place du Marché", published_at=now
    )
    step = StepFactory(process=process, title="Débat", position=0, active=True)
    blog = make_component(process, "blogs", actor=admin, name="Actus", published=True)
    services.configure_component(
        actor=admin, component=blog, step_settings={str(step.pk): {"comments_enabled": True}}
    )
    post = create_post(
        actor=admin, component=blog, data={"title": "Le marché bouge", "body": "<p>Avis ?</p>"}
    )
    path = blog.url("detail", pk=post.pk)

    # Alice comments, in favour.
    _sign_in(page, site, alice, path)
    page.get_by_label(_label("Votre commentaire")).fill("Très bonne idée.\n\nMerci @bob !")
    page.get_by_label(_label("Votre position (facultatif)")).select_option(label="Pour")
    page.get_by_role("button", name="Publier", exact=True).click()
    first = Comment.objects.get()
    page.wait_for_url(f"**{path}#comment-{first.pk}")
    thread = page.locator(f"#comment-{first.pk}")
    assert thread.get_by_text("Très bonne idée.").is_visible()
    assert thread.locator(".comment-alignment").first.inner_text() == "Pour"
    assert thread.get_by_role("link", name="@bob").get_attribute("href") == "/profiles/bob/"

    # Bob replies and agrees, in his own browser context.
    context = browser.new_context(locale="fr-FR")
    other = context.new_page()
    _sign_in(other, site, bob, path)
    mine = other.locator(f"#comment-{first.pk}")
    mine.locator("summary").first.click()
    mine.get_by_label("Votre réponse").first.fill("Je suis d'accord.")
    mine.get_by_role("button", name="Publier la réponse").first.click()
    reply = Comment.objects.get(parent=first)
    other.wait_for_url(f"**#comment-{reply.pk}")
    assert other.locator(f"#comment-{first.pk} #comment-{reply.pk}").is_visible()
    other.locator(f"#comment-{first.pk}").get_by_role(
        "button", name=re.compile("^D’accord")
    ).first.click()
    other.wait_for_url(f"**#comment-{first.pk}")
    first.refresh_from_db()
    assert first.up_votes == 1
    agree = (
        other.locator(f"#comment-{first.pk}")
        .get_by_role("button", name=re.compile("^D’accord"))
        .first
    )
    assert agree.get_attribute("aria-pressed") == "true"
    context.close()

    # Alice edits her comment: the "edited" mark shows.
    page.goto(site("ville-a.test", path))
    page.locator(f"#comment-{first.pk}").get_by_role("link", name="Modifier").first.click()
    page.get_by_label(_label("Votre commentaire")).fill("Très bonne idée, vraiment.")
    page.get_by_role("button", name="Publier", exact=True).click()
    page.wait_for_url(f"**#comment-{first.pk}")
    edited = page.locator(f"#comment-{first.pk}").first
    assert edited.get_by_text("(modifié)").first.is_visible()
    assert edited.get_by_text("Très bonne idée, vraiment.").is_visible()
    assert_accessible(page)
