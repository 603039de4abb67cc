"""Listing: allow-listed filters and ordering, per_page never echoed, fixed query counts."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from proposals import selectors
from proposals.models import Proposal, Support
from tests.factories import located, make_proposal, make_user
from tests.proposals.conftest import client_for


def titles(response) -> str:
    return response.content.decode()


def test_unknown_parameters_and_bad_values_are_ignored(component, resident):
    make_proposal(component, resident, title="Des arbres place du marché")
    client = client_for()
    response = client.get(
        component.url("index"),
        {
            "order": "password",
            "per_page": "<script>x</script>",
            "evil": "1",
            "state": "nope",
            "category": "99999",
            "page": "abc",
            "view": "<b>",
        },
    )
    assert response.status_code == 200
    # The site-wide language switcher returns to the current URL (escaped); the rest of the
    # page must not carry the rejected values.
    page = re.sub(r'name="next" type="hidden" value="[^"]*"', "", response.content.decode())
    assert "Des arbres place du marché" in page
    assert "<script>x</script>" not in page and "&lt;script&gt;x" not in page
    assert "password" not in page and "evil" not in page and "&lt;b&gt;" not in page


def test_filters(component, resident, neighbour, organization):
    from participation.models import Category, Scope

    space = component.space
    trees = Category.objects.create(
        organization=organization,
        space=space,
        name="Nature",
    )
    north = Scope.objects.create(organization=organization, title="Nord")
    make_proposal(component, resident, title="Arbres en ville", category=trees, **located())
    make_proposal(component, neighbour, title="Pistes cyclables", scope=north, state="accepted")
    client = client_for(resident)

    def listed(**params):
        page = client.get(component.url("index"), params).content.decode()
        return [t for t in ("Arbres en ville", "Pistes cyclables") if t in page]

    assert listed(q="arbres") == ["Arbres en ville"]
    assert listed(category=trees.pk) == ["Arbres en ville"]
    assert listed(scope=north.pk) == ["Pistes cyclables"]
    assert listed(state="accepted") == ["Pistes cyclables"]
    assert listed(mine="on") == ["Arbres en ville"]
    assert listed(location="with") == ["Arbres en ville"]
    assert listed(location="without") == ["Pistes cyclables"]
    assert listed(author="participants") == ["Arbres en ville", "Pistes cyclables"]
    # Anonymous "my proposals" is empty, never everyone's.
    page = client_for().get(component.url("index"), {"mine": "on"}).content.decode()
    assert "Arbres en ville" not in page


def test_orderings(component, resident):
    make_proposal(component, resident, title="Peu soutenue", supports_count=1)
    make_proposal(component, resident, title="Très soutenue", supports_count=9)
    page = client_for().get(component.url("index"), {"order": "most_supported"}).content.decode()
    assert page.index("Très soutenue") < page.index("Peu soutenue")
    page = client_for().get(component.url("index"), {"order": "recent"}).content.decode()
    assert page.index("Très soutenue") < page.index("Peu soutenue")


def test_random_order_is_stable_for_a_visitor(component, resident):
    for index in range(12):
        make_proposal(component, resident, title=f"Proposition aléatoire {index:02d}")
    client = client_for()

    def order(visitor):
        page = visitor.get(component.url("index")).content.decode()
        return sorted(range(12), key=lambda i: page.index(f"Proposition aléatoire {i:02d}"))

    first = order(client)
    assert order(client) == first
    # The seed is a signed cookie: an anonymous visitor costs no session row.
    assert client.cookies["proposals_order_seed"].value
    assert "sessionid" not in client.cookies
    # Other visitors start elsewhere (twelve visitors all seeing the same first: ~never).
    firsts = {order(client_for())[0] for _ in range(12)}
    assert len(firsts) > 1
    # A forged cookie is ignored: a new seed, the page still served.
    client.cookies["proposals_order_seed"] = "12345:forged"
    assert client.get(component.url("index")).status_code == 200
    assert client.cookies["proposals_order_seed"].value != "12345:forged"


@pytest.mark.parametrize("seed", [1, 2**30, 2**31 - 2])
def test_random_order_pages_show_every_proposal_once(component, resident, seed):

    for index in range(45):
        make_proposal(component, resident, title=f"Proposition n° {index:02d}")
    # Around the seed, at both ends of the range, and duplicates.
    values = [0, 1, seed - 1, seed, seed, seed + 1, 2**31 - 2] + list(range(7, 45))
    for proposal, value in zip(Proposal.objects.order_by("pk"), values, strict=True):
        Proposal.objects.filter(pk=proposal.pk).update(shuffle=min(max(value, 0), 2**31 - 2))
    queryset = selectors.visible_proposals(component)
    listing = selectors.ordered(queryset, "random", seed)
    seen = listing[0:20] + listing[20:40] + listing[40:60]
    assert len(seen) == 45 and len({p.pk for p in seen}) == 45
    shuffles = [p.shuffle for p in seen]
    split = next((i for i, v in enumerate(shuffles) if v < seed), len(shuffles))
    assert shuffles[:split] == sorted(shuffles[:split]) and min(shuffles[:split]) >= seed
    assert shuffles[split:] == sorted(shuffles[split:])
    assert listing[60:80] == []
    assert selectors.ordered(queryset.none(), "random", seed)[0:20] == []


def test_per_page_allow_list(component, resident):
    for index in range(25):
        make_proposal(component, resident, title=f"Proposition numéro {index:02d}")
    client = client_for()
    assert (
        titles(client.get(component.url("index"), {"per_page": 50, "order": "recent"})).count(
            "Proposition numéro"
        )
        == 25
    )
    # 7 is not offered: the component's default (20) applies.
    assert (
        titles(client.get(component.url("index"), {"per_page": 7, "order": "recent"})).count(
            "Proposition numéro"
        )
        == 20
    )


def _populate(component, organization, count):
    people = [make_user(organization) for _ in range(3)]
    for index in range(count):
        proposal = make_proposal(component, people[index % 3], title=f"Proposition {index}")
        Support.objects.create(proposal=proposal, component=component, user=people[(index + 1) % 3])
    return people[0]


OWN_TABLES = ("proposals_", "spaces_category", "spaces_scope")


def _queries(client, url, **params) -> tuple[int, int]:
    """(all queries of the request, queries of the proposals pages themselves).

    The whole request also pays, for a signed-in person, for the session and the user with
    the notifications badge. The organisation, the space with its steps and components,
    the filter lists and the listing's total come from the cache once a first request has
    warmed them.
    """
    assert client.get(url, params).status_code == 200
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params)
        assert response.status_code == 200
    queries = statements(context)
    own = [sql for sql in queries if any(t in sql for t in OWN_TABLES)]
    return len(queries), len(own)


def statements(context) -> list[str]:
    """The SQL a request sends, less the SAVEPOINT / RELEASE pairs that only exist because
    each test runs inside a transaction (outside one, Django sends no statement for them)."""
    return [
        q["sql"]
        for q in context.captured_queries
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT"))
    ]


# Whole-request ceilings (the issue asks for 10 and 15 at most): an anonymous visitor
# (what the benchmark measures), whose space, steps, components, filter lists and
# listing total come from the cache, and a signed-in participant, who adds the session
# read (renewed every five minutes, not here) and their account with the notifications
# badge; their supports, votes and follows come with the page's rows.
MAX_LISTING_QUERIES = {"anonymous": 2, "participant": 5}
MAX_DETAIL_QUERIES = {"anonymous": 4, "participant": 10}


@pytest.mark.parametrize("visitor", ["anonymous", "participant"])
@pytest.mark.parametrize(
    "params",
    [
        {},
        {"order": "most_supported"},
        {"q": "Proposition", "location": "with", "order": "most_supported"},
        {"q": "Proposition", "state": "not_answered", "author": "participants", "page": "2"},
        {"mine": "on", "location": "without", "order": "recent"},
        {"view": "map"},
    ],
)
def test_listing_runs_a_fixed_number_of_queries(component, organization, params, visitor):
    user = _populate(component, organization, 3)
    client = client_for(user if visitor == "participant" else None)
    small = _queries(client, component.url("index"), per_page=20, **params)
    _populate(component, organization, 57)
    large = _queries(client, component.url("index"), per_page=20, **params)
    assert small == large
    assert large[0] <= MAX_LISTING_QUERIES[visitor]
    # Page rows (ids then proposals for the random order), supports, categories, scopes.
    assert large[1] <= 5


def test_listing_total_follows_changes(
    admin, component, organization, resident, django_capture_on_commit_callbacks
):
    """The cached total is retired when a proposal is published, hidden or shown again
    (the services say so: no signal)."""
    from participation.moderation.models import Moderation
    from participation.moderation.services import hide_item, unhide

    for index in range(3):
        make_proposal(component, resident, title=f"Proposition {index}")
    client = client_for()

    def total():
        page = client.get(component.url("index")).content.decode()
        return int(re.search(r"(\d+) propos", page).group(1))

    assert total() == 3
    assert _published(component, resident, "Une proposition de plus")
    assert total() == 4
    hidden = _published(component, resident, "Une proposition à masquer")
    assert total() == 5
    with django_capture_on_commit_callbacks(execute=True):  # moderation hooks run on commit
        hide_item(actor=admin, item=hidden)
    assert total() == 4
    moderation = Moderation.objects.get(
        content_type=ContentType.objects.get_for_model(Proposal), object_id=hidden.pk
    )
    with django_capture_on_commit_callbacks(execute=True):
        unhide(actor=admin, moderation=moderation)
    assert total() == 5


def _published(component, author, title):
    from proposals.services import create_draft, publish_proposal

    draft = create_draft(
        actor=author, component=component, title=title, body="<p>Une idée à partager.</p>"
    )
    return publish_proposal(actor=author, proposal=draft)


def test_a_bulk_change_written_with_update_retires_the_cached_totals(
    admin, component, organization, resident
):
    """The back-office's bulk category change writes with ``QuerySet.update()``, which no
    signal sees: the service itself retires the cached totals."""
    from participation.services.taxonomy import create_category
    from proposals.services.bulk import bulk_action

    gardens = create_category(actor=admin, space=component.space, data={"name": "Jardins"})
    proposals = [make_proposal(component, resident, title=f"Idée {i}") for i in range(3)]
    client = client_for()
    url = component.url("index")

    def total():
        page = client.get(url, {"category": gardens.pk}).content.decode()
        found = re.search(r"(\d+) propos", page)
        return int(found.group(1)) if found else 0

    assert total() == 0
    assert total() == 0  # now from the cache
    changed = bulk_action(
        actor=admin,
        component=component,
        proposal_ids=[p.pk for p in proposals[:2]],
        action="category",
        value=gardens.pk,
    )
    assert changed == 2
    assert total() == 2


@pytest.mark.parametrize("visitor", ["anonymous", "participant"])
def test_detail_map_and_export_run_fixed_queries(component, organization, visitor):
    user = _populate(component, organization, 3)
    proposal = component.proposals.first()
    client = client_for(user if visitor == "participant" else None)
    counts_small = [
        _queries(client, component.url("detail", pk=proposal.pk)),
        _queries(client, component.url("map_data")),
        _queries(client, component.url("export_csv")),
    ]
    _populate(component, organization, 57)
    for _ in range(20):
        Support.objects.create(proposal=proposal, component=component, user=make_user(organization))
    counts_large = [
        _queries(client, component.url("detail", pk=proposal.pk)),
        _queries(client, component.url("map_data")),
        _queries(client, component.url("export_csv")),
    ]
    assert counts_small == counts_large
    assert counts_large[0][0] <= MAX_DETAIL_QUERIES[visitor]
    assert max(own for _total, own in counts_large) <= 5


def test_similar_proposals_word_overlap(component, resident):
    wanted = make_proposal(component, resident, title="Un composteur collectif au jardin")
    make_proposal(component, resident, title="Rénover le gymnase")
    found = selectors.similar_proposals(component, title="Composteur pour le jardin des Lilas")
    assert found == [wanted]
    assert selectors.similar_proposals(component, title="le la les") == []


def test_cached_filter_fields_follow_choices_and_values(admin, component, resident):
    """The filter fields are rendered once per state: a new category, a chosen value or
    a rejected one show at once."""
    from participation.services.taxonomy import create_category

    make_proposal(component, resident)
    client = client_for()
    url = component.url("index")
    assert "Jardins" not in client.get(url).content.decode()
    gardens = create_category(actor=admin, space=component.space, data={"name": "Jardins"})
    page = client.get(url).content.decode()
    assert f'<option value="{gardens.pk}">Jardins</option>' in page
    page = client.get(url, {"category": gardens.pk, "q": "bancs"}).content.decode()
    assert f'<option value="{gardens.pk}" selected>Jardins</option>' in page
    assert 'value="bancs"' in page
    assert 'value="bancs"' not in client.get(url).content.decode()


def test_cached_filter_fields_follow_renamed_and_deleted_categories_and_areas(
    admin, component, organization, resident
):
    """The lists are not read on every page: the cache is retired by any change to a
    category or an area of the organisation (made through their services)."""
    from participation.models import Scope
    from participation.services import taxonomy as categories
    from spaces.services import taxonomy

    make_proposal(component, resident)
    space = component.space
    gardens = categories.create_category(actor=admin, space=space, data={"name": "Jardins"})
    north = taxonomy.create_taxonomy_item(
        actor=admin, organization=organization, model=Scope, data={"title": "Quartier Nord"}
    )
    client = client_for()
    url = component.url("index")
    page = client.get(url).content.decode()
    assert ">Jardins</option>" in page and ">Quartier Nord</option>" in page
    categories.update_category(
        actor=admin, space=space, category=gardens, data={"name": "Jardins partagés"}
    )
    taxonomy.update_taxonomy_item(actor=admin, item=north, data={"title": "Nord"})
    page = client.get(url).content.decode()
    assert ">Jardins partagés</option>" in page and ">Nord</option>" in page
    assert ">Quartier Nord</option>" not in page
    categories.delete_category(actor=admin, space=space, category=gardens)
    taxonomy.delete_taxonomy_item(actor=admin, item=north)
    page = client.get(url).content.decode()
    assert "Jardins" not in page and ">Nord</option>" not in page


def test_cards_show_the_day_in_the_visitors_language_and_time_zone(component, resident):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from django.utils import translation

    from proposals.templatetags.proposal_tags import local_day

    # 23:30 UTC on 31 December is already 1 January in Paris.
    moment = datetime(2026, 12, 31, 23, 30, tzinfo=ZoneInfo("UTC"))
    with translation.override("fr"):
        assert local_day(moment) == "1 janvier 2027"
    with translation.override("en"):
        assert local_day(moment) == "1 January 2027"
    assert local_day(None) == ""
    make_proposal(component, resident, title="Datée", published_at=moment)
    page = client_for().get(component.url("index")).content.decode()
    assert "1 janvier 2027" in page
