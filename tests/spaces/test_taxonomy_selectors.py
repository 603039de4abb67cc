"""One categories/areas selector for every component: a space's categories, an
organisation's areas, and the check services run on a submitted pair."""

import pytest

from participation.models import Category, Scope
from participation.taxonomy import organization_scopes, space_categories, taxonomy_errors
from spaces.models import Assembly, ParticipatoryProcess


@pytest.fixture
def process(organization):
    return ParticipatoryProcess.objects.create(organization=organization, slug="p", title="P")


def test_categories_of_this_space_only(organization, other_organization, process):
    mine = Category.objects.create(organization=organization, space=process, name="Voirie")
    child = Category.objects.create(
        organization=organization, space=process, name="Trottoirs", parent=mine
    )
    # Same primary key, other space type: the content type keeps them apart.
    assembly = Assembly.objects.create(organization=organization, slug="a", title="A")
    Category.objects.create(organization=organization, space=assembly, name="Ailleurs")
    other = ParticipatoryProcess.objects.create(organization=organization, slug="o", title="O")
    Category.objects.create(organization=organization, space=other, name="Autre")
    foreign = ParticipatoryProcess.objects.create(
        organization=other_organization, slug="p", title="P"
    )
    Category.objects.create(organization=other_organization, space=foreign, name="Étranger")

    assert set(space_categories(process)) == {mine, child}


def test_areas_of_this_organisation_only(organization, other_organization):
    north = Scope.objects.create(organization=organization, title="Nord")
    Scope.objects.create(organization=other_organization, title="Étranger")
    assert list(organization_scopes(organization.pk)) == [north]


def test_taxonomy_errors(organization, other_organization, process):
    mine = Category.objects.create(organization=organization, space=process, name="Voirie")
    other = ParticipatoryProcess.objects.create(organization=organization, slug="o", title="O")
    theirs = Category.objects.create(organization=organization, space=other, name="Autre")
    north = Scope.objects.create(organization=organization, title="Nord")
    foreign = Scope.objects.create(organization=other_organization, title="Étranger")

    assert taxonomy_errors(space=process) == {}
    assert taxonomy_errors(space=process, category=mine, scope=north) == {}
    assert taxonomy_errors(space=process, category=mine.pk, scope=north.pk) == {}
    assert taxonomy_errors(space=process, category=theirs, scope=foreign) == {
        "category": "Choisissez une catégorie de cet espace.",
        "scope": "Choisissez un secteur de cette organisation.",
    }
