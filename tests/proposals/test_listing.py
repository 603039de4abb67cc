"""Listing: allow-listed filters and ordering, per_page never echoed, fixed query counts."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from proposals import selectors
from proposals.models import Support
from tests.conftest import make_user
from tests.proposals.conftest import client_for, located, make_proposal


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
    from spaces.models import Category, Scope
    from spaces.models.membership import space_content_type

    space = component.space
    trees = Category.objects.create(
        organization=organization,
        content_type=space_content_type(space),
        object_id=space.pk,
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

    def order():
        page = client.get(component.url("index")).content.decode()
        return sorted(range(12), key=lambda i: page.index(f"Proposition aléatoire {i:02d}"))

    first = order()
    assert order() == first
    assert client.session["proposals_order_seed"]


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

    The whole request also pays for the organisation, session, user, terms, space, steps,
    component, the space's navigation and the user menu: the same on every page.
    """
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params)
        assert response.status_code == 200
    own = [q for q in context.captured_queries if any(t in q["sql"] for t in OWN_TABLES)]
    return len(context.captured_queries), len(own)


@pytest.mark.parametrize(
    "params",
    [{}, {"q": "Proposition", "location": "with", "order": "most_supported"}, {"view": "map"}],
)
def test_listing_runs_a_fixed_number_of_queries(component, organization, params):
    user = _populate(component, organization, 3)
    client = client_for(user)
    client.get(component.url("index"))  # session seed set
    small = _queries(client, component.url("index"), per_page=100, **params)
    _populate(component, organization, 57)
    large = _queries(client, component.url("index"), per_page=100, **params)
    assert small == large
    assert large[1] <= 10


def test_detail_map_and_export_run_fixed_queries(component, organization):
    user = _populate(component, organization, 3)
    proposal = component.proposals.first()
    client = client_for(user)
    client.get(component.url("detail", pk=proposal.pk))  # content types cached
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
    assert max(own for _total, own in counts_large) <= 10


def test_similar_proposals_word_overlap(component, resident):
    wanted = make_proposal(component, resident, title="Un composteur collectif au jardin")
    make_proposal(component, resident, title="Rénover le gymnase")
    found = selectors.similar_proposals(component, title="Composteur pour le jardin des Lilas")
    assert found == [wanted]
    assert selectors.similar_proposals(component, title="le la les") == []
