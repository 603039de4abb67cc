"""Serving /<space-type>/<slug>/f/<id>/: the space's visibility rules, then the component's."""

from participation.components import services
from spaces.models import Visibility
from tests.conftest import host_client
from tests.factories import AssemblyFactory, ProcessFactory, make_component, make_user


def test_a_published_component_is_served_with_its_own_urls(published_blog, post):
    client = host_client("ville-a.test")
    response = client.get(published_blog.get_absolute_url())
    assert response.status_code == 200 and "Lancement" in response.content.decode()
    response = client.get(published_blog.url("detail", pk=post.pk))
    assert response.status_code == 200
    assert client.get(published_blog.get_absolute_url() + "no/such/page/").status_code == 404


def test_the_space_page_shows_published_components_in_order(admin, process, published_blog):
    draft = services.add_component(
        actor=admin, space=process, manifest_name="pages", name="Brouillon"
    )
    pages = make_component(process, "pages", actor=admin, name="Infos", published=True)
    services.reorder_components(
        actor=admin, space=process, ordered_ids=[pages.pk, draft.pk, published_blog.pk]
    )
    body = host_client("ville-a.test").get("/processes/budget/").content.decode()
    assert "Brouillon" not in body
    assert body.index(pages.get_absolute_url()) < body.index(published_blog.get_absolute_url())


def test_an_unpublished_component_is_hidden_but_previewable_by_admins(
    admin, draft_blog, organization
):
    url = draft_blog.get_absolute_url()
    assert host_client("ville-a.test").get(url).status_code == 404
    assert host_client("ville-a.test", user=make_user(organization)).get(url).status_code == 404
    response = host_client("ville-a.test", user=admin).get(url)
    assert response.status_code == 200
    assert 'class="message message-error"' in response.content.decode()  # the preview notice


def test_a_private_spaces_components_are_hidden_from_non_members(
    admin, process, published_blog, organization
):
    process.visibility = Visibility.PRIVATE
    process.save()
    url = published_blog.get_absolute_url()
    assert host_client("ville-a.test").get(url).status_code == 404
    assert host_client("ville-a.test", user=make_user(organization)).get(url).status_code == 404
    assert host_client("ville-a.test", user=admin).get(url).status_code == 200


def test_an_unpublished_spaces_components_are_hidden(process, published_blog):
    process.published_at = None
    process.save()
    assert host_client("ville-a.test").get(published_blog.get_absolute_url()).status_code == 404


def test_a_component_is_only_served_under_its_own_space(admin, published_blog, organization, now):
    other = ProcessFactory(organization=organization, slug="autre", title="Autre", published_at=now)
    assert (
        host_client("ville-a.test").get(f"/processes/autre/f/{published_blog.pk}/").status_code
        == 404
    )
    assert other.pk != published_blog.space_id
    # Same id under another space type is not the same component either.
    AssemblyFactory(organization=organization, slug="budget", title="A", published_at=now)
    assert (
        host_client("ville-a.test").get(f"/assemblies/budget/f/{published_blog.pk}/").status_code
        == 404
    )


def test_a_component_of_another_organisation_is_not_found(other_organization, now, published_blog):
    """Org B has a space with the same slug: org A's component id still 404s there."""
    admin_b = make_user(other_organization, admin=True)
    space_b = ProcessFactory(
        organization=other_organization, slug="budget", title="B", published_at=now
    )
    blog_b = make_component(space_b, "blogs", actor=admin_b, published=True)
    assert (
        host_client("ville-b.test").get(f"/processes/budget/f/{published_blog.pk}/").status_code
        == 404
    )
    assert host_client("ville-a.test").get(f"/processes/budget/f/{blog_b.pk}/").status_code == 404
    assert host_client("ville-b.test").get(f"/processes/budget/f/{blog_b.pk}/").status_code == 200


def test_a_component_whose_app_is_gone_is_not_served(published_blog):
    from participation.components.models import Component

    Component.objects.filter(pk=published_blog.pk).update(manifest_name="removed")
    client = host_client("ville-a.test")
    assert client.get(published_blog.get_absolute_url()).status_code == 404
    assert client.get("/processes/budget/").status_code == 200
