"""Component services: who may call them, what they store, what they refuse."""

import pytest

from participation.components import registry, services
from participation.components.models import Component
from participation.errors import ErrorCode, ServiceError
from participation.models import ActionLog
from spaces.models import SpaceRole
from spaces.services import assign_space_role
from tests.factories import ProcessFactory, make_user


def test_add_component_with_defaults_for_each_step(admin, process):
    draft_blog = services.add_component(actor=admin, space=process, manifest_name="blogs")
    assert draft_blog.name == str(registry.get("blogs").label)  # the type's label
    assert draft_blog.organization_id == process.organization_id and draft_blog.space == process
    assert draft_blog.settings == {"posts_per_page": 10, "show_author": True}
    assert set(draft_blog.step_settings) == {str(s.pk) for s in process.steps.all()}
    assert draft_blog.published_at is None and draft_blog.position == 0
    pages = services.add_component(actor=admin, space=process, manifest_name="pages", name="Infos")
    assert pages.position == 1
    assert ActionLog.objects.filter(action="add_component").count() == 2


def test_unknown_type_is_refused(admin, process):
    with pytest.raises(ServiceError) as caught:
        services.add_component(actor=admin, space=process, manifest_name="nope")
    assert caught.value.error_code == ErrorCode.INVALID
    assert not Component.objects.exists()


@pytest.mark.parametrize("who", ["participant", "collaborator", "moderator", "stranger"])
def test_only_space_admins_manage_components(
    who, admin, process, draft_blog, organization, other_organization
):
    if who == "stranger":
        actor = make_user(other_organization, admin=True)
    else:
        actor = make_user(organization)
        role = {"collaborator": SpaceRole.COLLABORATOR, "moderator": SpaceRole.MODERATOR}.get(who)
        if role:
            assign_space_role(actor=admin, space=process, role=role, user=actor)
    calls = [
        lambda: services.add_component(actor=actor, space=process, manifest_name="pages"),
        lambda: services.rename_component(actor=actor, component=draft_blog, name="X"),
        lambda: services.configure_component(actor=actor, component=draft_blog, settings={}),
        lambda: services.set_action_permissions(actor=actor, component=draft_blog, permissions={}),
        lambda: services.publish_component(actor=actor, component=draft_blog),
        lambda: services.unpublish_component(actor=actor, component=draft_blog),
        lambda: services.reorder_components(
            actor=actor, space=process, ordered_ids=[draft_blog.pk]
        ),
        lambda: services.delete_component(actor=actor, component=draft_blog),
    ]
    for call in calls:
        with pytest.raises(ServiceError) as caught:
            call()
        assert caught.value.error_code == ErrorCode.PERMISSION_DENIED
    draft_blog.refresh_from_db()
    assert draft_blog.name == "News" and draft_blog.published_at is None


def test_space_admin_role_is_enough(admin, process, organization):
    space_admin = make_user(organization)
    assign_space_role(actor=admin, space=process, role=SpaceRole.ADMIN, user=space_admin)
    component = services.add_component(actor=space_admin, space=process, manifest_name="pages")
    services.publish_component(actor=space_admin, component=component)
    assert Component.objects.published().count() == 1


def test_a_space_admin_of_another_space_is_refused(admin, process, organization):
    other = ProcessFactory(organization=organization, slug="o", title="O")
    holder = make_user(organization)
    assign_space_role(actor=admin, space=other, role=SpaceRole.ADMIN, user=holder)
    with pytest.raises(ServiceError):
        services.add_component(actor=holder, space=process, manifest_name="pages")


def test_rename_refuses_empty_names(admin, draft_blog):
    with pytest.raises(ServiceError) as caught:
        services.rename_component(actor=admin, component=draft_blog, name="   ")
    assert "name" in caught.value.message_dict
    renamed = services.rename_component(actor=admin, component=draft_blog, name=" Actualités ")
    assert renamed.name == "Actualités"


def test_configure_validates_and_changes_nothing_on_error(admin, draft_blog, process):
    step = process.steps.first()
    with pytest.raises(ServiceError):
        services.configure_component(
            actor=admin, component=draft_blog, settings={"posts_per_page": 0}
        )
    with pytest.raises(ServiceError):
        services.configure_component(
            actor=admin, component=draft_blog, step_settings={"999999": {"comments_enabled": True}}
        )
    with pytest.raises(ServiceError):
        services.configure_component(actor=admin, component=draft_blog, settings={"evil": "x"})
    draft_blog.refresh_from_db()
    assert draft_blog.settings == {"posts_per_page": 10, "show_author": True}
    draft_blog = services.configure_component(
        actor=admin,
        component=draft_blog,
        settings={"posts_per_page": 3},
        step_settings={step.pk: {"comments_enabled": True}},
    )
    draft_blog.refresh_from_db()
    assert draft_blog.typed_settings.posts_per_page == 3
    assert draft_blog.step_settings_for(step.pk).comments_enabled is True
    log = ActionLog.objects.get(action="configure_component")
    assert "settings" in log.changes and "step_settings" in log.changes


def test_permissions_accept_only_declared_actions_and_available_methods(
    admin, draft_blog, monkeypatch
):
    from participation.components import verification

    with pytest.raises(ServiceError):
        services.set_action_permissions(actor=admin, component=draft_blog, permissions={"fly": []})
    with pytest.raises(ServiceError):  # no verifications app: no method to require
        services.set_action_permissions(
            actor=admin, component=draft_blog, permissions={"comment": ["census"]}
        )
    monkeypatch.setattr(verification, "method_choices", lambda org: [("census", "Census")])
    draft_blog = services.set_action_permissions(
        actor=admin, component=draft_blog, permissions={"comment": ["census", "census"]}
    )
    draft_blog.refresh_from_db()
    assert draft_blog.permissions == {"comment": {"verifications": ["census"]}}
    services.set_action_permissions(actor=admin, component=draft_blog, permissions={"comment": []})
    draft_blog.refresh_from_db()
    assert draft_blog.permissions == {}


def test_publish_and_unpublish(admin, draft_blog):
    draft_blog = services.publish_component(actor=admin, component=draft_blog)
    assert draft_blog.is_published
    first = draft_blog.published_at
    assert services.publish_component(actor=admin, component=draft_blog).published_at == first
    assert not services.unpublish_component(actor=admin, component=draft_blog).is_published
    assert [e.action for e in ActionLog.objects.order_by("id")][-2:] == [
        "publish_component",
        "unpublish_component",
    ]


def test_reorder_and_move(admin, process, draft_blog):
    pages = services.add_component(actor=admin, space=process, manifest_name="pages")
    services.reorder_components(actor=admin, space=process, ordered_ids=[pages.pk, draft_blog.pk])
    assert list(Component.objects.of_space(process).values_list("pk", flat=True)) == [
        pages.pk,
        draft_blog.pk,
    ]
    with pytest.raises(ServiceError):
        services.reorder_components(actor=admin, space=process, ordered_ids=[pages.pk])
    draft_blog.refresh_from_db()
    services.move_component(actor=admin, component=draft_blog, offset=-1)
    assert list(Component.objects.of_space(process).values_list("pk", flat=True)) == [
        draft_blog.pk,
        pages.pk,
    ]
    services.move_component(
        actor=admin, component=draft_blog, offset=-1
    )  # already first: no change
    assert Component.objects.of_space(process).first().pk == draft_blog.pk


def test_reorder_cannot_pull_in_another_spaces_component(admin, process, draft_blog, organization):
    other = ProcessFactory(organization=organization, slug="o", title="O")
    foreign = services.add_component(actor=admin, space=other, manifest_name="pages")
    with pytest.raises(ServiceError):
        services.reorder_components(
            actor=admin, space=process, ordered_ids=[draft_blog.pk, foreign.pk]
        )


def test_delete_removes_the_components_content(admin, draft_blog):
    from blogs.services import create_post

    create_post(actor=admin, component=draft_blog, data={"title": "T", "body": "<p>B</p>"})
    services.delete_component(actor=admin, component=draft_blog)
    assert not Component.objects.exists()
    from blogs.models import Post

    assert not Post.objects.exists()
    assert ActionLog.objects.filter(action="delete_component").exists()


def test_admins_of_another_organisation_cannot_touch_it(draft_blog, other_organization):
    stranger = make_user(other_organization, admin=True)
    with pytest.raises(ServiceError):
        services.delete_component(actor=stranger, component=draft_blog)
    assert Component.objects.filter(pk=draft_blog.pk).exists()


def test_deleting_a_space_deletes_its_components(admin, process, draft_blog, organization):
    other = ProcessFactory(organization=organization, slug="o", title="O")
    kept = services.add_component(actor=admin, space=other, manifest_name="pages")
    process.delete()
    assert list(Component.objects.all()) == [kept]


def test_hooks_are_collected_per_space(admin, process, published_blog):
    from blogs.services import create_post
    from pages.services import create_page
    from participation.components.selectors import collect_metrics
    from participation.search.selectors import search

    create_post(
        actor=admin, component=published_blog, data={"title": "Tramway", "body": "<p>b</p>"}
    )
    draft = services.add_component(actor=admin, space=process, manifest_name="pages")
    create_page(actor=admin, component=draft, data={"title": "Tramway bis", "body": "<p>b</p>"})
    assert collect_metrics(process) == {published_blog.pk: {"posts": 1}}
    # Search asks the manifests' searchables: the space's published components only.
    page = search(
        organization=process.organization,
        user=admin,
        text="Tramway",
        space=(process.url_prefix, process.pk),
    )
    assert [result.text for result in page.results] == ["Tramway"]
    assert draft.pk not in collect_metrics(process)
