"""Public pages of a budgets component: listing, project, ballot without JavaScript, JSON."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budgets.models import Ballot, BallotLine, BallotStatus
from budgets.services import ballots
from participation.models import Category, Scope
from tests.budgets.ballot_helpers import *  # noqa: F403
from tests.budgets.ballot_helpers import client_for, fill, require_verification
from tests.factories import (
    ProcessFactory,
    StepFactory,
    configure_budgets,
    make_budget,
    make_open_budgets,
    make_organization,
    make_project,
    make_user,
)


def _text(response) -> str:
    return re.sub(r"[ \t\r\n]+", " ", response.content.decode())


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- Index -----------------------------------------------------------------------------------


def test_one_budget_index_redirects_to_it(component, budget):
    response = client_for().get(component.url("index"))
    assert response.status_code == 302
    assert response["Location"] == component.url("budget", pk=budget.pk)


def test_several_budgets_are_listed_with_the_voters_status(
    admin, resident, component, budget, projects
):
    scope = Scope.objects.create(organization=component.organization, title="Quartier nord")
    north = make_budget(component, "Nord", total="50000", scope=scope)
    make_budget(component, "Sud", total="30000")
    fill(resident, component, budget, projects[:2])
    ballots.checkout(actor=resident, component=component, budget=budget)
    fill(resident, component, north, [make_project(north, "Fontaine", "1000")])
    page = _text(client_for(resident).get(component.url("index")))
    assert "Centre-ville" in page and "Nord" in page and "Sud" in page
    assert "Quartier nord" in page and "50\u202f000" in page
    assert "Vous avez voté dans ce budget." in page
    assert "Votre bulletin est en cours\xa0: il n’est pas encore déposé." in page
    assert "Vous n’avez pas encore voté dans ce budget." in page


def test_single_budget_index_highlights_the_chosen_budget(
    admin, resident, component, budget, projects
):
    configure_budgets(admin, component, settings={"single_budget": True})
    make_budget(component, "Nord", total="50000")
    fill(resident, component, budget, projects[:1])
    page = _text(client_for(resident).get(component.url("index")))
    assert "Vous votez dans ce budget." in page
    assert "Vous ne pouvez pas voter dans ce budget\xa0: vous en avez choisi un autre." in page
    assert page.count("budget-chosen") == 1


# --- Budget page -------------------------------------------------------------------------------


def test_budget_page_lists_projects_with_the_ballot_panel(resident, component, budget, projects):
    fill(resident, component, budget, projects[:1])
    response = client_for(resident).get(component.url("budget", pk=budget.pk))
    assert response.status_code == 200
    page = _text(response)
    for project in projects:
        assert project.title in page
    assert "40\u202f000\xa0€" in page
    assert '<progress id="ballot-progress"' in page and 'value="40"' in page
    assert "Pas encore valable\xa0:" in page
    assert "Minimum à atteindre\xa0: 70 % du budget (70\u202f000\xa0€)." in page
    assert (
        'Retirer <span class="visually-hidden">«\xa0Jardin partagé\xa0»</span> de mon vote' in page
    )


def test_anonymous_visitor_is_invited_to_sign_in(component, budget, projects):
    page = _text(client_for().get(component.url("budget", pk=budget.pk)))
    assert "Connectez-vous pour voter." in page
    assert "js-ballot-form" not in page


def test_unverified_resident_is_told_to_verify(admin, resident, component, budget, projects):
    require_verification(admin, component)
    page = _text(client_for(resident).get(component.url("budget", pk=budget.pk)))
    assert "Vérifiez votre compte pour voter" in page
    assert 'href="/verifications/"' in page
    assert "js-ballot-form" not in page


def test_filters_are_allow_listed(admin, resident, component, budget, projects):
    space = component.space
    culture = Category.objects.create(
        organization=component.organization,
        space=space,
        name="Culture",
    )
    north = Scope.objects.create(organization=component.organization, title="Nord")
    projects[3].category = culture
    projects[3].save()
    projects[1].scope = north
    projects[1].save()
    fill(resident, component, budget, projects[2:3])
    client = client_for(resident)
    url = component.url("budget", pk=budget.pk)

    def titles(**params):
        response = client.get(url, params)
        assert response.status_code == 200
        return [p.title for p in response.context["page_obj"].object_list]

    assert titles(q="livres") == ["Boîtes à livres"]
    assert titles(category=culture.pk) == ["Boîtes à livres"]
    assert titles(scope=north.pk) == ["Pistes cyclables"]
    assert titles(in_ballot="on") == ["Bancs au bord de la Loire"]
    # Unknown values and parameters are dropped, not echoed.
    assert len(titles(category="999999", scope="x", evil="<script>")) == 5
    response = client.get(url, {"evil": "<script>", "order": "<b>", "q": "jardin"})
    assert response.context["order"] == "random"
    assert response.context["here"] == f"{url}?q=jardin"  # where the ballot forms come back
    assert "evil" not in response.context["query"] and "<b>" not in response.context["query"]


def test_orderings(admin, resident, component, budget, projects):
    client = client_for(resident)
    url = component.url("budget", pk=budget.pk)

    def titles(order):
        return [p.title for p in client.get(url, {"order": order}).context["page_obj"]]

    assert titles("cost_asc")[0] == "Boîtes à livres"
    assert titles("cost_desc")[0] == "Skatepark"
    assert titles("alphabetical") == sorted(titles("alphabetical"), key=str.lower)
    # Random: stable for one visitor.
    assert titles("random") == titles("random") == titles("")
    # Most voted only when counts are shown.
    other = make_user(component.organization)
    fill(other, component, budget, projects[:2])
    ballots.checkout(actor=other, component=component, budget=budget)
    response = client.get(url, {"order": "most_voted"})
    assert response.context["order"] == "random"
    assert "most_voted" not in [key for key, _label in response.context["orderings"]]
    configure_budgets(admin, component, show_votes=True)
    response = client.get(url, {"order": "most_voted"})
    assert response.context["order"] == "most_voted"
    assert [p.title for p in response.context["page_obj"]][:2] == [
        "Pistes cyclables",
        "Jardin partagé",
    ]
    assert "1 vote" in _text(response)


def test_pagination_and_map(admin, component, budget):
    configure_budgets(admin, component, settings={"projects_per_page": 5})
    for n in range(12):
        make_project(
            budget,
            f"Projet {n:02d}",
            "1000",
            latitude=Decimal("47.39") if n < 3 else None,
            longitude=Decimal("0.69") if n < 3 else None,
        )
    client = client_for()
    url = component.url("budget", pk=budget.pk)
    response = client.get(url, {"order": "alphabetical", "page": 3, "q": "Projet"})
    assert [p.title for p in response.context["page_obj"]] == ["Projet 10", "Projet 11"]
    assert "order=alphabetical&amp;page=2" in _text(response) or "page=2" in _text(response)
    page = _text(client.get(url, {"view": "map"}))
    assert 'id="budget-projects-map"' in page
    data = client.get(component.url("map_data", pk=budget.pk)).json()
    assert len(data["points"]) == 3
    assert data["points"][0]["url"].endswith(f"/projects/{data['points'][0]['id']}/")


def test_budget_of_another_component_is_not_found(admin, process, component, budget):
    other = make_open_budgets(process, actor=admin, name="Autre")
    foreign = make_budget(other, "Ailleurs")
    assert client_for().get(component.url("budget", pk=foreign.pk)).status_code == 404


# --- Project page ----------------------------------------------------------------------------------


def test_project_page(resident, component, budget, projects):
    project = projects[0]
    project.description = "<p>Un jardin pour le quartier.</p>"
    project.address = "Place du marché"
    project.latitude, project.longitude = Decimal("47.39"), Decimal("0.69")
    project.save()
    page = _text(client_for(resident).get(component.url("project", pk=project.pk)))
    assert '<h1 id="project-title">Jardin partagé</h1>' in page
    assert "Coût\xa0: 40\u202f000\xa0€" in page
    assert "Un jardin pour le quartier." in page
    assert 'id="budget-project-map"' in page and "Place du marché" in page
    assert 'id="comments"' in page  # comments enabled in this step


def test_project_comments_follow_the_step(admin, resident, component, budget, projects):
    configure_budgets(admin, component, comments_enabled=False)
    page = _text(client_for(resident).get(component.url("project", pk=projects[0].pk)))
    assert 'id="comments"' not in page


def test_project_of_another_organisation_is_not_found(component, budget, now):

    elsewhere = make_organization("Autre Ville", "ville-b.test")
    admin_b = make_user(elsewhere, admin=True)
    process_b = ProcessFactory(organization=elsewhere, slug="bp", title="BP", published_at=now)
    StepFactory(process=process_b, title="Vote", position=0, active=True)
    theirs = make_project(make_budget(make_open_budgets(process_b, actor=admin_b)))
    assert client_for().get(component.url("project", pk=theirs.pk)).status_code == 404


# --- Ballot without JavaScript ------------------------------------------------------------------------


def test_add_and_remove_without_javascript(resident, component, budget, projects):
    client = client_for(resident)
    listing = component.url("budget", pk=budget.pk) + "?order=cost_asc"
    response = client.post(component.url("add", pk=projects[0].pk), {"next": listing}, follow=True)
    assert response.redirect_chain[-1][0] == listing
    assert "«\xa0Jardin partagé\xa0» est ajouté à votre vote." in _messages(response)
    assert BallotLine.objects.count() == 1
    response = client.post(
        component.url("remove", pk=projects[0].pk), {"next": "https://evil.example/"}
    )
    assert response["Location"] == component.url("budget", pk=budget.pk)
    assert BallotLine.objects.count() == 0


def test_refusals_show_a_message_and_save_nothing(admin, resident, component, budget, projects):
    client = client_for(resident)
    fill(resident, component, budget, projects[:2])
    response = client.post(component.url("add", pk=projects[4].pk), follow=True)
    assert any("coûte plus que ce qu’il reste" in m for m in _messages(response))
    assert BallotLine.objects.count() == 2
    configure_budgets(admin, component, votes_blocked=True)
    response = client.post(component.url("add", pk=projects[3].pk), follow=True)
    assert any("suspendu" in m for m in _messages(response))
    assert BallotLine.objects.count() == 2


def test_project_of_another_component_cannot_be_added(admin, resident, process, component, budget):
    other = make_open_budgets(process, actor=admin, name="Autre")
    foreign = make_project(make_budget(other, "Ailleurs"))
    response = client_for(resident).post(component.url("add", pk=foreign.pk))
    assert response.status_code == 404
    assert not Ballot.objects.exists()


def test_summary_checkout_confirmation_and_cancel(
    resident, component, budget, projects, django_capture_on_commit_callbacks
):
    from django.core import mail

    client = client_for(resident)
    fill(resident, component, budget, projects[2:4])  # 30 %
    summary = component.url("summary", pk=budget.pk)
    page = _text(client.get(summary))
    assert "Bancs au bord de la Loire" in page and "Déposer mon vote" in page
    # Below the minimum: refused with the reason, nothing cast.
    response = client.post(component.url("cast", pk=budget.pk), follow=True)
    assert response.redirect_chain[-1][0] == summary
    assert any("au moins 70 % du budget" in m for m in _messages(response))
    assert not Ballot.objects.filter(status=BallotStatus.CHECKED_OUT).exists()
    fill(resident, component, budget, projects[:1])  # 70 %
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(component.url("cast", pk=budget.pk), follow=True)
    confirmation = component.url("confirmation", pk=budget.pk)
    assert response.redirect_chain[-1][0] == confirmation
    page = _text(response)
    assert "Votre vote dans «\xa0Centre-ville\xa0» est enregistré" in page
    assert "70\u202f000\xa0€ sur 100\u202f000\xa0€" in page
    assert "Annuler mon vote" in page
    assert len(mail.outbox) == 1
    # Cast twice: a clear message.
    response = client.post(component.url("cast", pk=budget.pk), follow=True)
    assert any("déjà déposé" in m for m in _messages(response))
    # The summary of a cast ballot is its confirmation.
    assert client.get(summary)["Location"] == confirmation
    response = client.post(component.url("cancel", pk=budget.pk), follow=True)
    assert response.redirect_chain[-1][0] == summary
    assert Ballot.objects.filter(status=BallotStatus.CANCELLED).count() == 1
    assert Ballot.objects.get(status=BallotStatus.IN_PROGRESS).lines.count() == 3


def test_pages_need_sign_in(component, budget):
    client = client_for()
    for name in ("summary", "confirmation"):
        assert client.get(component.url(name, pk=budget.pk)).status_code == 302
    for name in ("cast", "cancel"):
        assert client.post(component.url(name, pk=budget.pk)).status_code == 302
    assert not Ballot.objects.exists()


# --- With JavaScript: JSON answers ----------------------------------------------------------------


def test_json_answers_carry_message_panel_and_button(resident, component, budget, projects):
    client = client_for(resident)
    response = client.post(
        component.url("add", pk=projects[0].pk),
        {"next": "/x/"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 200
    data = response.json()
    assert data["ok"] is True
    assert data["message"] == "«\xa0Jardin partagé\xa0» est ajouté à votre vote."
    assert (
        "40\u202f000\xa0€ attribués, 60\u202f000\xa0€ restants (40 % du budget)." in data["status"]
    )
    assert 'value="40"' in data["panel"]
    assert "Retirer" in data["toggle"]
    client.post(component.url("add", pk=projects[1].pk), HTTP_ACCEPT="application/json")
    response = client.post(component.url("add", pk=projects[4].pk), HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert response.json()["ok"] is False
    assert "coûte plus" in response.json()["message"]


# --- Query counts ---------------------------------------------------------------------------------


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["budget", "project", "summary"])
def test_query_counts_do_not_grow_with_projects(admin, resident, component, budget, page):
    configure_budgets(admin, component, settings={"projects_per_page": 100}, show_votes=True)
    client = client_for(resident)

    def measure(count):
        Ballot.objects.all().delete()
        budget.projects.all().delete()
        made = [make_project(budget, f"Projet {n}", "1") for n in range(count)]
        fill(resident, component, budget, made[:count])
        url = component.url(page, pk=made[0].pk if page == "project" else budget.pk)
        client.get(url)  # warm the session and caches
        return _count(client, url)

    small, large = measure(5), measure(50)
    assert small == large
    assert small <= 40  # the base layout, session and permission checks included


# --- Comments on projects ---------------------------------------------------------------------------


def test_residents_comment_on_a_project(admin, resident, component, budget, projects):
    from django.urls import reverse

    from participation.comments.models import Comment

    project = projects[0]
    url = reverse("comments:create", kwargs={"key": "budgets-project", "object_id": project.pk})
    client = client_for(resident)
    response = client.post(url, {"body": "Et des arbres fruitiers ?"})
    assert response.status_code == 302
    assert response["Location"].startswith(component.url("project", pk=project.pk))
    comment = Comment.objects.get()
    assert comment.object_id == project.pk
    page = _text(client.get(component.url("project", pk=project.pk)))
    assert "Et des arbres fruitiers ?" in page
    # Comments closed in this step: refused, nothing saved.
    configure_budgets(admin, component, comments_enabled=False)
    client.post(url, {"body": "Encore un"})
    assert Comment.objects.count() == 1


def test_closed_step_or_missing_verification_refuses_with_a_message(
    admin, resident, component, budget, projects
):
    client = client_for(resident)
    fill(resident, component, budget, projects[:2])
    configure_budgets(admin, component, votes_enabled=False)
    response = client.post(component.url("add", pk=projects[3].pk), follow=True)
    assert "Le vote n’est pas ouvert en ce moment." in _messages(response)
    response = client.post(component.url("cast", pk=budget.pk), follow=True)
    assert "Le vote n’est pas ouvert en ce moment." in _messages(response)
    configure_budgets(admin, component)
    require_verification(admin, component)
    response = client.post(component.url("add", pk=projects[3].pk), follow=True)
    assert any("Vérifiez votre compte pour voter" in m for m in _messages(response))
    response = client.post(component.url("cast", pk=budget.pk), follow=True)
    assert any("Vérifiez votre compte pour voter" in m for m in _messages(response))
    assert BallotLine.objects.count() == 2
    assert not Ballot.objects.filter(status=BallotStatus.CHECKED_OUT).exists()


def test_single_budget_page_of_another_budget_says_why(
    admin, resident, component, budget, projects
):
    configure_budgets(admin, component, settings={"single_budget": True})
    north = make_budget(component, "Nord", total="50000")
    make_project(north, "Fontaine", "1000")
    fill(resident, component, budget, projects[:2])
    ballots.checkout(actor=resident, component=component, budget=budget)
    page = _text(client_for(resident).get(component.url("budget", pk=north.pk)))
    assert "Vous avez déjà voté dans «\xa0Centre-ville\xa0»" in page
    assert "js-ballot-form" not in page


# --- Files and published results, from the back-office to the public pages ------------------


def test_project_page_shows_images_and_documents_with_escaped_names(
    admin, component, budget, projects, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from budgets.services import budgets as budget_services
    from tests.budgets.test_admin import PNG

    settings.MEDIA_ROOT = tmp_path
    project = projects[0]
    budget_services.add_project_attachment(
        actor=admin,
        project=project,
        upload=SimpleUploadedFile("plan.png", PNG, "image/png"),
        description="Le plan du jardin",
    )
    budget_services.add_project_attachment(
        actor=admin,
        project=project,
        upload=SimpleUploadedFile(
            "<b onmouseover=x>devis.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"
        ),
    )
    page = client_for().get(component.url("project", pk=project.pk)).content.decode()
    assert 'alt="Le plan du jardin"' in page and "<figcaption>Le plan du jardin" in page
    assert "<b onmouseover" not in page and "&lt;b onmouseover=x&gt;devis.pdf" in page


def test_published_results_are_linked_from_the_budget_and_the_index(
    admin, component, budget, projects
):
    from budgets.services import results

    results_url = component.url("results", budget_id=budget.pk)
    assert (
        results_url not in client_for().get(component.url("budget", pk=budget.pk)).content.decode()
    )
    results.publish_results(actor=admin, budget=budget, while_voting_open=True)
    assert results_url in client_for().get(component.url("budget", pk=budget.pk)).content.decode()
    make_budget(component, "Nord", total="1000")
    assert results_url in client_for().get(component.url("index")).content.decode()
