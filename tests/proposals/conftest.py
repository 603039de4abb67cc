"""The proposals component under test: an open one in the shared concertation."""

import pytest

from spaces.models import SpaceRole
from spaces.services import assign_space_role
from tests.conftest import host_client
from tests.factories import make_user


@pytest.fixture
def component(ideas):
    """Here the component under test is the shared open proposals one."""
    return ideas


@pytest.fixture
def neighbour(organization):
    return make_user(organization, name="Noé Voisin")


@pytest.fixture
def evaluator(organization, admin, process):
    """An evaluator of the shared concertation."""
    person = make_user(organization, name="Eva Luatrice")
    assign_space_role(actor=admin, space=process, role=SpaceRole.EVALUATOR, user=person)
    return person


def client_for(user=None):
    return host_client("ville-a.test", user=user)
