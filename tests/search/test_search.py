"""Search across the organisation: visibility, hidden items, filters, escaping, query counts."""

from html import unescape

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import strip_tags

from blogs.services import create_post
from participation.moderation import services as moderation
from participation.search.selectors import search
from spaces.models import SpaceMember, Visibility
from tests.conftest import host_client
from tests.factories import AssemblyFactory, PageFactory, make_component, make_user
from tests.moderation.conftest import make_blog


def _text(response) -> str:
    """The page's text (matched words come marked up)."""
    return unescape(strip_tags(response.content.decode()))


def _titles(page):
    return {unescape(strip_tags(result.title)) or result.caption for result in page.results}


def test_finds_spaces_posts_pages_and_people(organization, admin, now):
    blog = make_blog(admin, "jardins", now, description="<p>Des jardins partagés</p>")
    create_post(
        actor=admin, component=blog, data={"title": "Jardins ouverts", "body": "<p>Un jardin</p>"}
    )

    pages = make_component(blog.space, "pages", actor=admin, name="Infos", published=True)
    PageFactory(component=pages, title="Jardins mode d'emploi", body="<p>règles</p>")
    make_user(organization, name="Jardinière Dupont", nickname="jardiniere")
    found = _titles(search(organization=organization, user=admin, text="jardins"))
    assert {"Jardins", "Jardins ouverts", "Jardins mode d'emploi"} <= found
    people = search(organization=organization, user=admin, text="Dupont", type_key="participants")
    assert _titles(people) == {"Jardinière Dupont"}


def test_never_shows_unpublished_private_or_hidden(organization, admin, now):
    visible = make_blog(admin, "ecole", now)
    private = make_blog(admin, "conseil", now, visibility=Visibility.PRIVATE)
    draft = make_blog(admin, "brouillon", now)
    draft.space.published_at = None
    draft.space.save()
    create_post(actor=admin, component=visible, data={"title": "Cantine visible", "body": "x"})
    hidden = create_post(
        actor=admin, component=visible, data={"title": "Cantine cachée", "body": "x"}
    )
    create_post(actor=admin, component=private, data={"title": "Cantine privée", "body": "x"})
    create_post(actor=admin, component=draft, data={"title": "Cantine brouillon", "body": "x"})
    reported = moderation.report(
        actor=make_user(organization), organization=organization, item=hidden, reason="spam"
    )
    moderation.hide(actor=admin, moderation=reported)
    resident = make_user(organization)
    assert _titles(search(organization=organization, user=resident, text="cantine")) == {
        "Cantine visible"
    }
    # A member of the private space finds its posts.
    SpaceMember.objects.create(
        space=private.space,
        organization=organization,
        user=resident,
        invited_at=now,
        accepted_at=now,
    )
    assert "Cantine privée" in _titles(
        search(organization=organization, user=resident, text="cantine")
    )
    anonymous = _text(host_client(organization.host).get("/search/?q=cantine"))
    assert "Cantine visible" in anonymous
    assert "privée" not in anonymous and "cachée" not in anonymous and "brouillon" not in anonymous


def test_other_organisations_are_never_searched(organization, other_organization, admin, now):
    foreign_admin = make_user(other_organization, admin=True)
    blog = make_blog(foreign_admin, "ailleurs", now)
    create_post(actor=foreign_admin, component=blog, data={"title": "Marché voisin", "body": "x"})
    make_user(other_organization, name="Marché Martin", nickname="martin")
    body = host_client(organization.host, user=admin).get("/search/?q=march%C3%A9").content.decode()
    assert "voisin" not in body and "Martin" not in body


def test_filters_by_type_and_space_from_allow_lists(organization, admin, now):
    first = make_blog(admin, "velo", now)
    second = make_blog(admin, "pietons", now)
    create_post(actor=admin, component=first, data={"title": "Piste vélo", "body": "x"})
    create_post(actor=admin, component=second, data={"title": "Piste piétonne", "body": "x"})
    client = host_client(organization.host)
    body = _text(client.get(f"/search/?q=piste&space=processes-{first.space.pk}"))
    assert "Piste vélo" in body and "Piste piétonne" not in body
    body = _text(client.get("/search/?q=piste&type=blog_posts"))
    assert "Piste vélo" in body and "Piste piétonne" in body
    assert client.get("/search/?q=piste&type=auth_user").status_code == 400
    assert client.get("/search/?q=piste&space=processes-999999").status_code == 400


def test_private_space_filter_is_refused_to_outsiders(organization, admin, now):
    private = make_blog(admin, "secret", now, visibility=Visibility.PRIVATE)
    create_post(actor=admin, component=private, data={"title": "Piste secrète", "body": "x"})
    response = host_client(organization.host).get(
        f"/search/?q=piste&space=processes-{private.space.pk}"
    )
    assert response.status_code == 400 and "secrète" not in response.content.decode()


def test_the_query_is_escaped(organization):
    body = host_client(organization.host).get("/search/?q=%3Cscript%3Ealert(1)%3C/script%3E")
    text = body.content.decode()
    assert "<script>alert(1)" not in text and "&lt;script&gt;alert(1)" in text


def test_header_has_an_accessible_search_box(organization):
    body = host_client(organization.host).get("/").content.decode()
    assert 'role="search"' in body and 'for="header-search-q"' in body


def test_query_count_does_not_depend_on_results(organization, admin, now):
    blog = make_blog(admin, "fetes", now)
    AssemblyFactory(organization=organization, slug="a", title="Fête", published_at=now)
    create_post(actor=admin, component=blog, data={"title": "Fête 0", "body": "x"})
    make_user(organization, name="Fête Personne", nickname="fete0")
    client = host_client(organization.host, user=make_user(organization))
    client.get("/search/?q=f%C3%AAte")
    with CaptureQueriesContext(connection) as small:
        client.get("/search/?q=f%C3%AAte")
    for index in range(1, 12):
        other = make_blog(admin, f"fetes-{index}", now)
        create_post(actor=admin, component=other, data={"title": f"Fête {index}", "body": "x"})
        make_user(organization, name=f"Fête {index}", nickname=f"fete{index}")
    with CaptureQueriesContext(connection) as large:
        body = _text(client.get("/search/?q=f%C3%AAte"))
    assert "Fête 11" in body
    # One query per type on the page at most: more results never cost more.
    assert len(large) <= len(small)
