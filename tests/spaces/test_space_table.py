"""The one Space table: every type is a Space row; what hangs on a space goes with it."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone
from guardian.models import GroupObjectPermission, UserObjectPermission

from participation.components.models import Component
from participation.components.services import add_component
from participation.errors import ServiceError
from participation.models import Category, Space, SpaceGroupPermission, SpaceUserPermission
from participation.moderation.models import Moderation
from participation.services.groups import create_user_group
from participation.space_types import SPACE_TYPES, SpaceType, register_space_type
from participation.spaces import has_space_role, visible_spaces
from spaces.models import (
    Assembly,
    ContentBlock,
    ParticipatoryProcess,
    ProcessStep,
    SpaceInvitation,
    SpaceMember,
    SpaceRole,
)
from spaces.services import assign_space_role, delete_space
from tests.factories import (
    AssemblyFactory,
    ComponentFactory,
    ConferenceFactory,
    InitiativeFactory,
    ProcessFactory,
    StepFactory,
    VotationFactory,
    make_user,
)


@pytest.fixture
def process(organization):
    return ProcessFactory(
        organization=organization, slug="velo", title="Plan vélo", published_at=timezone.now()
    )


def test_every_type_is_a_row_of_the_space_table(organization):
    spaces = [
        factory(organization=organization, slug="quartier", title=factory._meta.model.__name__)
        for factory in (
            ProcessFactory,
            AssemblyFactory,
            InitiativeFactory,
            VotationFactory,
            ConferenceFactory,
        )
    ]
    rows = Space.objects.filter(organization=organization)
    assert sorted(rows.values_list("space_type", flat=True)) == sorted(SPACE_TYPES)
    assert len({space.pk for space in spaces}) == 5  # one sequence of ids for all types
    for space in spaces:
        base = Space.objects.get(pk=space.pk)
        assert type(base.specific) is type(space) and base.specific.pk == space.pk
        assert base.get_absolute_url() == space.get_absolute_url()


def test_specific_comes_with_the_base_row_when_selected(django_assert_num_queries, process):
    names = [kind.model._meta.model_name for kind in SPACE_TYPES.values()]
    with django_assert_num_queries(1):
        base = Space.objects.select_related(*names).get(pk=process.pk)
        assert isinstance(base.specific, ParticipatoryProcess)


def test_a_component_answers_its_space_as_its_own_type_in_one_query(
    django_assert_num_queries, process
):
    component = ComponentFactory(space=process, manifest_name="blogs", name="Blog")
    component = Component.objects.get(pk=component.pk)
    with django_assert_num_queries(1):
        assert isinstance(component.space, ParticipatoryProcess)
        assert component.space_type == "processes"
        assert component.space.steps is not None


def test_slugs_are_unique_per_type_not_across_types(organization):
    ProcessFactory(organization=organization, slug="ecoles", title="A")
    AssemblyFactory(organization=organization, slug="ecoles", title="B")  # fine
    with pytest.raises(IntegrityError), transaction.atomic():
        ProcessFactory(organization=organization, slug="ecoles", title="C")


def test_dates_in_order_are_checked_by_the_database(organization):
    with pytest.raises(IntegrityError), transaction.atomic():
        AssemblyFactory(
            organization=organization,
            slug="a",
            title="A",
            start_date=datetime.date(2025, 5, 1),
            end_date=datetime.date(2025, 4, 1),
        )


def test_a_registered_type_serves_under_its_own_key():
    with pytest.raises(ValueError, match="SPACE_TYPE"):
        register_space_type(SpaceType("meetings", Assembly, "Meetings", ""))
    assert SPACE_TYPES["assemblies"].model is Assembly


def test_visible_spaces_of_every_type_in_one_query(
    django_assert_num_queries, organization, process
):
    AssemblyFactory(organization=organization, slug="a", title="A", published_at=timezone.now())
    AssemblyFactory(
        organization=organization,
        slug="b",
        title="Private",
        visibility="private",
        published_at=timezone.now(),
    )
    visitor = make_user(organization)
    with django_assert_num_queries(1):
        titles = sorted(
            visible_spaces(organization=organization, user=visitor).values_list("title", flat=True)
        )
    assert titles == ["A", "Plan vélo"]


def test_roles_are_held_on_the_base_space(org_admin, organization, process):
    person = make_user(organization)
    assign_space_role(actor=org_admin, space=process, role=SpaceRole.MODERATOR, user=person)
    row = SpaceUserPermission.objects.select_related("permission__content_type").get()
    assert row.content_object_id == process.pk
    assert row.permission.content_type == ContentType.objects.get_for_model(Space)
    assert not UserObjectPermission.objects.exists()  # no generic row any more
    person = type(person).objects.get(pk=person.pk)
    assert person.has_perm(SpaceRole.MODERATOR.value, process)  # guardian finds it too
    assert has_space_role(person, Space.objects.get(pk=process.pk), SpaceRole.MODERATOR)


def test_deleting_a_space_deletes_what_hangs_on_it(org_admin, organization, process):
    now = timezone.now()
    person = make_user(organization)
    group = create_user_group(actor=org_admin, organization=organization, name="Comité")
    assign_space_role(actor=org_admin, space=process, role=SpaceRole.ADMIN, user=person)
    assign_space_role(actor=org_admin, space=process, role=SpaceRole.EVALUATOR, group=group)
    component = add_component(actor=org_admin, space=process, manifest_name="blogs")
    category = Category.objects.create(organization=organization, space=process, name="Vélo")
    SpaceMember.objects.create(
        organization=organization, space=process, user=person, invited_at=now, accepted_at=now
    )
    SpaceInvitation.objects.create(
        organization=organization,
        space=process,
        email="x@example.fr",
        token_hash="t" * 64,
        expires_at=now,
    )
    ContentBlock.objects.create(organization=organization, space=process, kind="text")
    StepFactory(process=process, title="Étape")
    Moderation.objects.create(
        organization=organization,
        content_type=ContentType.objects.get_for_model(Category),
        object_id=category.pk,
        space=process,
    )
    other = AssemblyFactory(organization=organization, slug="reste", title="Reste")
    kept = add_component(actor=org_admin, space=other, manifest_name="blogs")

    delete_space(actor=org_admin, space=process)

    assert not Space.objects.filter(pk=process.pk).exists()
    assert not Component.objects.filter(pk=component.pk).exists()
    for model in (Category, SpaceMember, SpaceInvitation, ContentBlock, ProcessStep, Moderation):
        assert not model.objects.exists(), model.__name__
    assert not SpaceUserPermission.objects.exists()
    assert not SpaceGroupPermission.objects.exists()
    assert not GroupObjectPermission.objects.exists()
    assert Component.objects.filter(pk=kept.pk).exists()  # another space's stay


def test_a_component_stays_in_its_own_organisation(organization, other_organization, process):
    component = Component(organization=other_organization, manifest_name="blogs", name="Blog")
    with pytest.raises(ValueError, match="organisation"):
        component.set_space(process)
    with pytest.raises(ValueError, match="organisation"):
        Component.objects.create(
            organization=other_organization, space=process, manifest_name="blogs", name="Blog"
        )
    stranger = make_user(other_organization, admin=True)
    with pytest.raises(ServiceError):
        add_component(actor=stranger, space=process, manifest_name="blogs")
    assert not Component.objects.exists()
