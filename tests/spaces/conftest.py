import pytest

from tests.factories import ProcessFactory


@pytest.fixture
def draft_process(organization):
    """A concertation as the back-office first creates it: unpublished, without steps."""
    return ProcessFactory(organization=organization, slug="budget", title="B")
