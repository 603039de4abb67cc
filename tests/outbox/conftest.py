import pytest

from tests.factories import make_proposal, make_user


@pytest.fixture
def author(organization):
    return make_user(organization, nickname="autrice", name="Autrice")


@pytest.fixture
def followers(organization):
    return [make_user(organization, nickname=f"suiveur{i}") for i in range(3)]


@pytest.fixture
def proposal(ideas, author, followers):
    from participation.notifications.services import auto_follow

    proposal = make_proposal(ideas, author)
    for user in [author, *followers]:
        auto_follow(user=user, target=proposal)
    return proposal
