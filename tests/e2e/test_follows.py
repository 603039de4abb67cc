"""Following in Chromium: A follows a proposal, B comments on it, A is told on the site and by mail."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from participation.comments.models import Comment
from participation.components import services as components
from participation.notifications.models import EmailMode, NotificationSettings
from tests.e2e.conftest import assert_accessible
from tests.factories import (
    PASSWORD,
    ProcessFactory,
    StepFactory,
    configure_proposals,
    make_organization,
    make_proposal,
    make_user,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _sign_in(page, site, user, path):
    page.goto(site("ville-a.test", f"/sign-in/?next={path}"))
    page.get_by_label("Adresse e-mail").fill(user.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"**{path}")


def test_a_follower_hears_of_a_comment_on_the_site_and_by_e_mail(page, browser, site, now):
    city = make_organization("Ville de Test", "ville-a.test")
    admin = make_user(city, admin=True, nickname="mairie")
    alice = make_user(city, email="alice@ville-a.test", name="Alice Martin", nickname="alice")
    bob = make_user(city, email="bob@ville-a.test", name="Bob Durand", nickname="bob")
    NotificationSettings.objects.create(user=alice, email_mode=EmailMode.IMMEDIATE)
    process = ProcessFactory(
        organization=city, slug="place", title="Place du Marché", published_at=now
    )
    StepFactory(process=process, title="Idées", position=0, active=True)
    ideas = components.add_component(
        actor=admin, space=process, manifest_name="proposals", name="Idées"
    )
    configure_proposals(admin, ideas, settings={})
    components.publish_component(actor=admin, component=ideas)
    proposal = make_proposal(ideas, admin, title="Des bancs sur la place du marché")
    path = proposal.get_absolute_url()

    # A follows the proposal with the plain form.
    _sign_in(page, site, alice, path)
    page.get_by_role("button", name="Suivre", exact=True).click()
    page.wait_for_url(f"**{path}")
    expect(page.get_by_role("button", name="Suivi · ne plus suivre")).to_be_visible()
    expect(page.get_by_text("1 abonné·e")).to_be_visible()

    # B comments on it, in their own browser.
    context = browser.new_context(locale="fr-FR")
    other = context.new_page()
    _sign_in(other, site, bob, path)
    other.get_by_label(re.compile(r"^Votre commentaire\s*:?$")).fill("Oui, avec de l'ombre !")
    other.get_by_role("button", name="Publier", exact=True).click()
    comment = Comment.objects.get()
    other.wait_for_url(f"**#comment-{comment.pk}")
    context.close()

    # A sees the unread count, then the notification in the centre.
    page.reload()
    link = page.get_by_role("banner").get_by_role("link", name="Notifications 1 non lue")
    expect(link).to_be_visible()
    link.click()
    page.wait_for_url("**/notifications/")
    expect(
        page.get_by_text("Bob Durand a commenté «\u00a0Des bancs sur la place du marché\u00a0»")
    ).to_be_visible()
    target = page.get_by_role("link", name="Des bancs sur la place du marché")
    expect(target).to_be_visible()
    assert target.get_attribute("href") == f"{path}#comment-{comment.pk}"
    assert_accessible(page)

    # And an e-mail went out at once (A chose immediate e-mails), with a link to the comment.
    [message] = [m for m in mail.outbox if m.to == [alice.email]]
    assert f"{path}#comment-{comment.pk}" in message.body
    assert "List-Unsubscribe" in message.extra_headers

    # The "Following" page, from the user menu: grouped by type, each with its button.
    page.get_by_role("banner").get_by_role("link", name="Abonnements").click()
    page.wait_for_url("**/notifications/following/")
    expect(page.get_by_role("heading", name="Proposition")).to_be_visible()
    expect(page.get_by_role("link", name="Des bancs sur la place du marché")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("^Ne plus suivre")).click()
    page.wait_for_url("**/notifications/following/")
    expect(page.get_by_text("Vous ne suivez rien pour l’instant.")).to_be_visible()
    proposal.refresh_from_db()
    assert proposal.followers_count == 1  # B, who follows what they commented on
