"""Newsletters to the participants of chosen spaces and/or areas (scopes).

Who counts as a participant: the author of a published proposal (withdrawn ones too:
they took part and the proposal stays public), its supporters, the amenders and the
supporters of its amendments, the people who commented on it; the holders of a cast
budget ballot; the people who commented on a budget project. Content hidden by
moderation counts for nobody (its author, supporters, commenters), nor do drafts,
deleted comments, ballots still in progress or cancelled. Only active people of the
organisation who accepted the newsletter receive it.
"""

from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.utils import timezone

from budgets.models import Ballot, BallotLine, BallotStatus
from participation.accounts.models import NewsletterConsent
from participation.models import Scope
from participation.moderation.models import Moderation
from participation.notifications import newsletters
from participation.notifications.models import Newsletter
from proposals.models import Amendment, AmendmentVote, ProposalState, Support
from tests.conftest import host_client
from tests.factories import (
    AssemblyFactory,
    BudgetFactory,
    CommentFactory,
    ComponentFactory,
    PostFactory,
    ProcessFactory,
    ProjectFactory,
    ProposalFactory,
    make_user,
)
from tests.notifications.conftest import committing


def _person(organization, nickname, *, consent=True, **fields):
    user = make_user(organization, nickname=nickname, **fields)
    if consent:
        NewsletterConsent.objects.create(user=user, consented_at=timezone.now())
    return user


def _component(space, manifest_name):
    return ComponentFactory(space=space, manifest_name=manifest_name, published_at=timezone.now())


def _proposal(component, author, *, scope=None, published=True, **fields):
    return ProposalFactory(
        first_version=False,
        component=component,
        author=author,
        title=f"Proposition de {author.nickname}",
        body="<p>Texte</p>",
        scope=scope,
        published_at=timezone.now() if published else None,
        **fields,
    )


def _comment(target, author, *, deleted=False):
    return CommentFactory(
        target=target,
        author=author,
        body="<p>Je suis d'accord</p>",
        deleted_at=timezone.now() if deleted else None,
    )


def _hide(item):
    Moderation.objects.create(
        organization=getattr(item, "organization", None) or item.component.organization,
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        report_count=3,
        hidden_at=timezone.now(),
    )


def _ballot(component, budget, user, *, status=BallotStatus.CHECKED_OUT, projects=()):
    ballot = Ballot.objects.create(
        organization=component.organization,
        component=component,
        budget=budget,
        user=user,
        voter_key=f"user:{user.pk}",
        status=status,
        checked_out_at=timezone.now() if status != BallotStatus.IN_PROGRESS else None,
    )
    for project in projects:
        BallotLine.objects.create(ballot=ballot, project=project)
    return ballot


def _nicknames(newsletter) -> set[str]:
    from participation.models import User

    ids = list(newsletters.recipients(newsletter))
    return set(User.objects.filter(pk__in=ids).values_list("nickname", flat=True))


def _newsletter(organization, *, spaces=(), scopes=()):
    return Newsletter.objects.create(
        organization=organization,
        title="Lettre",
        body="<p>Bonjour</p>",
        audience="participants",
        spaces=[f"{space.url_prefix}:{space.pk}" for space in spaces],
        scopes=[scope.pk for scope in scopes],
    )


@pytest.fixture
def world(organization, other_organization, now):
    """Two spaces of the organisation (one about the north), a foreign one, and people."""
    north = Scope.objects.create(organization=organization, title="Nord")
    south = Scope.objects.create(organization=organization, title="Sud")
    process = ProcessFactory(
        organization=organization, slug="idees", title="Idées", published_at=now
    )
    assembly = AssemblyFactory(
        organization=organization, slug="conseil-nord", title="Conseil Nord", scope=north
    )
    ideas = _component(process, "proposals")
    budgets = _component(process, "budgets")
    council_ideas = _component(assembly, "proposals")
    budget = BudgetFactory(component=budgets, title="Ville", total=Decimal("1000"))
    south_budget = BudgetFactory(
        component=budgets,
        title="Sud",
        total=Decimal("500"),
        scope=south,
    )
    park = ProjectFactory(budget=budget, title="Parc", cost=Decimal("100"), scope=north)
    bench = ProjectFactory(budget=budget, title="Bancs", cost=Decimal("50"))
    people = {
        name: _person(organization, name)
        for name in (
            "author_north",
            "author_south",
            "supporter",
            "amender",
            "amendment_fan",
            "commenter",
            "voter_park",
            "voter_bench",
            "voter_south",
            "project_commenter",
            "council_author",
            "bystander",
        )
    }
    p = people
    north_idea = _proposal(ideas, p["author_north"], scope=north)
    south_idea = _proposal(ideas, p["author_south"], scope=south)
    Support.objects.create(proposal=north_idea, component=ideas, user=p["supporter"])
    amendment = Amendment.objects.create(
        organization=organization,
        component=ideas,
        proposal=south_idea,
        amender=p["amender"],
        title="Mieux",
        body="<p>Mieux</p>",
    )
    AmendmentVote.objects.create(amendment=amendment, user=p["amendment_fan"])
    _comment(south_idea, p["commenter"])
    _ballot(budgets, budget, p["voter_park"], projects=[park])
    _ballot(budgets, budget, p["voter_bench"], projects=[bench])
    _ballot(budgets, south_budget, p["voter_south"])
    _comment(bench, p["project_commenter"])
    _proposal(council_ideas, p["council_author"])  # no area, but the council is about the north
    # Foreign organisation: same kind of participation, never a recipient.
    foreign_process = ProcessFactory(
        organization=other_organization, slug="idees", title="Idées", published_at=now
    )
    foreign_ideas = _component(foreign_process, "proposals")
    foreign = _person(other_organization, "foreigner")
    _proposal(foreign_ideas, foreign)
    return {
        "north": north,
        "south": south,
        "process": process,
        "assembly": assembly,
        "ideas": ideas,
        "budgets": budgets,
        "budget": budget,
        "park": park,
        "bench": bench,
        "north_idea": north_idea,
        "south_idea": south_idea,
        "foreign_process": foreign_process,
        "foreign_ideas": foreign_ideas,
        "people": people,
    }


ALL_PROCESS = {
    "author_north",
    "author_south",
    "supporter",
    "amender",
    "amendment_fan",
    "commenter",
    "voter_park",
    "voter_bench",
    "voter_south",
    "project_commenter",
}


def test_participants_of_a_space_are_every_kind_of_participant(world, organization):
    newsletter = _newsletter(organization, spaces=[world["process"]])
    assert _nicknames(newsletter) == ALL_PROCESS
    both = _newsletter(organization, spaces=[world["process"], world["assembly"]])
    assert _nicknames(both) == ALL_PROCESS | {"council_author"}


def test_areas_restrict_to_content_of_those_areas_or_spaces_about_them(world, organization):
    north, south = world["north"], world["south"]
    # In the process: the north proposal (author, supporter) and the ballot naming the
    # north project; the whole council, which is about the north.
    in_north = _newsletter(
        organization, spaces=[world["process"], world["assembly"]], scopes=[north]
    )
    assert _nicknames(in_north) == {"author_north", "supporter", "voter_park", "council_author"}
    # The south proposal (author, amender, amendment supporter, commenter) and the ballot
    # in the south budget.
    in_south = _newsletter(organization, spaces=[world["process"]], scopes=[south])
    assert _nicknames(in_south) == {
        "author_south",
        "amender",
        "amendment_fan",
        "commenter",
        "voter_south",
    }
    # Areas without spaces: participation anywhere in the organisation about the north.
    anywhere_north = _newsletter(organization, scopes=[north])
    assert _nicknames(anywhere_north) == _nicknames(in_north)
    # A comment on a project of the north counts there.
    _comment(world["park"], world["people"]["bystander"])
    assert "bystander" in _nicknames(anywhere_north)


def test_only_active_consenting_people_of_the_organisation(world, organization):
    people = world["people"]
    NewsletterConsent.objects.filter(user=people["supporter"]).update(consented_at=None)
    people["voter_park"].is_active = False
    people["voter_park"].save(update_fields=["is_active"])
    silent = _person(organization, "silent", consent=False)
    _proposal(world["ideas"], silent)
    newsletter = _newsletter(organization, spaces=[world["process"]])
    assert _nicknames(newsletter) == ALL_PROCESS - {"supporter", "voter_park"}
    # Choosing a foreign space by forging the field directly still reaches nobody abroad.
    forged = _newsletter(organization, spaces=[world["foreign_process"]])
    assert _nicknames(forged) == set()


def test_hidden_drafts_deleted_and_unfinished_ballots_do_not_count(world, organization):
    people, ideas = world["people"], world["ideas"]
    # Hidden proposal: its author, supporter and commenters no longer count.
    _hide(world["south_idea"])
    # A hidden comment and a deleted comment count for nothing.
    _hide(_comment(world["north_idea"], _person(organization, "hidden_commenter")))
    _comment(world["north_idea"], _person(organization, "deleted_commenter"), deleted=True)
    _proposal(ideas, _person(organization, "drafter"), published=False)
    _proposal(ideas, _person(organization, "withdrawer"), state=ProposalState.WITHDRAWN)
    budget = world["budget"]
    _ballot(world["budgets"], budget, _person(organization, "hesitant"), status="in_progress")
    _ballot(world["budgets"], budget, _person(organization, "quitter"), status="cancelled")
    newsletter = _newsletter(organization, spaces=[world["process"]])
    lost = {"author_south", "amender", "amendment_fan", "commenter"}
    assert _nicknames(newsletter) == (ALL_PROCESS - lost) | {"withdrawer"}
    assert people["bystander"].nickname not in _nicknames(newsletter)


def test_blog_commenters_count_in_the_space_or_in_a_space_about_the_area(world, organization):
    people = world["people"]
    for space, nickname in ((world["process"], "blog_fan"), (world["assembly"], "council_fan")):
        post = PostFactory(component=_component(space, "blogs"), title="Actu", body="<p>a</p>")
        _comment(post, _person(organization, nickname))
    hidden_post = PostFactory(
        component=_component(world["process"], "blogs"), title="Masqué", body="<p>m</p>"
    )
    _hide(hidden_post)
    _comment(hidden_post, people["bystander"])
    in_process = _newsletter(organization, spaces=[world["process"]])
    assert _nicknames(in_process) == ALL_PROCESS | {"blog_fan"}
    # Posts have no area: with areas, only the blog of the council (about the north) counts.
    north = _newsletter(organization, scopes=[world["north"]])
    assert _nicknames(north) == {
        "author_north",
        "supporter",
        "voter_park",
        "council_author",
        "council_fan",
    }


def test_recipients_are_one_query_whatever_the_volume(
    world, organization, django_assert_num_queries
):
    newsletter = _newsletter(
        organization, spaces=[world["process"], world["assembly"]], scopes=[world["north"]]
    )
    with django_assert_num_queries(1):
        assert newsletters.recipients(newsletter).count() == 4
    ideas = world["ideas"]
    for number in range(20):
        author = _person(organization, f"more-{number}")
        _proposal(ideas, author, scope=world["north"])
        Support.objects.create(proposal=world["north_idea"], component=ideas, user=author)
    with django_assert_num_queries(1):
        assert newsletters.recipients(newsletter).count() == 24


def test_admin_chooses_spaces_and_areas_sees_the_count_and_sends(world, organization):
    admin = make_user(organization, admin=True)
    client = host_client("ville-a.test", admin)
    response = client.post(
        "/admin/newsletters/new/",
        {
            "title": "Nouvelles du nord",
            "body": "<p>Bonjour le nord</p>",
            "audience": "participants",
            "spaces": [f"processes:{world['process'].pk}"],
            "scopes": [str(world["north"].pk)],
        },
    )
    assert response.status_code == 302
    newsletter = Newsletter.objects.get()
    assert newsletter.scopes == [world["north"].pk]
    page = client.get(f"/admin/newsletters/{newsletter.pk}/").content.decode()
    assert "3 personnes" in page and "Nord" in page and "Idées" in page
    form = client.get(f"/admin/newsletters/{newsletter.pk}/edit/").content.decode()
    assert f'name="scopes" value="{world["north"].pk}" id="id_scopes_0" checked>' in form
    mail.outbox.clear()
    with committing():
        client.post(
            f"/admin/newsletters/{newsletter.pk}/send/", {"confirm": "yes", "recipients": "3"}
        )
    people = world["people"]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [people[name].email for name in ("author_north", "supporter", "voter_park")]
    )


def test_forged_or_missing_choices_are_refused_and_nothing_saved(
    world, organization, other_organization
):
    foreign_scope = Scope.objects.create(organization=other_organization, title="Ailleurs")
    client = host_client("ville-a.test", make_user(organization, admin=True))
    base = {"title": "Lettre", "body": "<p>Bonjour</p>", "audience": "participants"}
    forged_scope = client.post(
        "/admin/newsletters/new/",
        {**base, "spaces": [f"processes:{world['process'].pk}"], "scopes": [foreign_scope.pk]},
    )
    assert forged_scope.status_code == 400
    assert "n’est pas un des secteurs de cette organisation" in forged_scope.content.decode()
    forged_space = client.post(
        "/admin/newsletters/new/",
        {**base, "spaces": [f"processes:{world['foreign_process'].pk}"]},
    )
    assert forged_space.status_code == 400
    nothing = client.post("/admin/newsletters/new/", base)
    assert nothing.status_code == 400
    assert "au moins un espace ou une zone" in nothing.content.decode()
    assert not Newsletter.objects.exists()


def test_the_service_refuses_foreign_areas_too(world, organization, other_organization):
    from participation.errors import ServiceError

    foreign_scope = Scope.objects.create(organization=other_organization, title="Ailleurs")
    admin = make_user(organization, admin=True)
    for scopes in ([foreign_scope.pk], ["nord"], [True]):
        with pytest.raises(ServiceError) as refused:
            newsletters.save_newsletter(
                actor=admin,
                organization=organization,
                data={
                    "title": "L",
                    "body": "<p>b</p>",
                    "audience": "participants",
                    "scopes": scopes,
                },
            )
        assert "scopes" in refused.value.message_dict
    assert not Newsletter.objects.exists()


def test_other_audiences_drop_the_areas(world, organization):
    admin = make_user(organization, admin=True)
    saved = newsletters.save_newsletter(
        actor=admin,
        organization=organization,
        data={
            "title": "L",
            "body": "<p>b</p>",
            "audience": "followers",
            "spaces": [f"processes:{world['process'].pk}"],
            "scopes": [world["north"].pk],
        },
    )
    assert saved.scopes == [] and saved.spaces == [f"processes:{world['process'].pk}"]


def test_each_component_type_is_asked_once_with_all_its_components(world, organization):
    """A new component type only declares the hook; no space or newsletter code changes."""
    from participation.components import registry
    from participation.components.manifest import ComponentManifest
    from participation.models import User

    calls = []

    def participants(components, scope_ids):
        calls.append((sorted(components.values_list("pk", flat=True)), scope_ids))
        return User.objects.filter(nickname="bystander").values("pk")

    registry.register(ComponentManifest(name="probe", label="Probe", participants=participants))
    try:
        in_process = _component(world["process"], "probe")
        in_council = _component(world["assembly"], "probe")
        newsletter = _newsletter(organization, spaces=[world["process"], world["assembly"]])
        assert "bystander" in _nicknames(newsletter)
        assert calls == [([in_process.pk, in_council.pk], None)]
        calls.clear()
        newsletter.scopes = [world["south"].pk]
        _nicknames(newsletter)
        # Spaces about a chosen area: everything counts; elsewhere, restricted to the areas.
        assert calls == [([], None), ([in_process.pk, in_council.pk], [world["south"].pk])]
        calls.clear()
        newsletter.scopes = [world["north"].pk]
        _nicknames(newsletter)
        assert calls == [([in_council.pk], None), ([in_process.pk], [world["north"].pk])]
    finally:
        registry.unregister("probe")
