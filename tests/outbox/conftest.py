import pytest

from tests.conftest import make_user
from tests.proposals.conftest import admin, component, make_proposal, process  # noqa: F401


@pytest.fixture
def author(organization):
    return make_user(organization, nickname="autrice", name="Autrice")


@pytest.fixture
def followers(organization):
    return [make_user(organization, nickname=f"suiveur{i}") for i in range(3)]


@pytest.fixture
def proposal(component, author, followers):  # noqa: F811
    from participation.notifications.services import auto_follow

    proposal = make_proposal(component, author)
    for user in [author, *followers]:
        auto_follow(user, proposal)
    return proposal
