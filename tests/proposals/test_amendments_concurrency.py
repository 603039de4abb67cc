"""Parallel requests on amendments: real threads, each with its own database connection.

On PostgreSQL (CI) the requests really overlap: the row locks and the unique
constraint decide. On SQLite the database serialises writers and may refuse
one with "database is locked"; the outcome must be the same: one vote, one
new version.
"""

import threading

import pytest
from django.db import OperationalError, connection, connections

from participation.errors import ServiceError
from proposals.models import Amendment, AmendmentState, AmendmentVote, ProposalVersion
from proposals.services import amendments as services
from proposals.services.amendments import AmendmentError
from tests.factories import make_proposal, make_user
from tests.proposals.test_amendments import NEW_TITLE, amend, enable

pytestmark = pytest.mark.django_db(transaction=True)
PARALLEL = 6


def in_parallel(call) -> list:
    """Run ``call`` in PARALLEL threads started together; return what each returned or raised."""
    barrier = threading.Barrier(PARALLEL)
    outcomes = [None] * PARALLEL
    # SQLite has no row locks and may refuse every writer at once ("table is locked")
    # on a loaded machine: there the threads take turns, which still checks the
    # refusals; PostgreSQL (CI) runs them truly together.
    turns = threading.Lock() if connection.vendor == "sqlite" else None

    def run(index):
        try:
            barrier.wait()
            if turns is None:
                outcomes[index] = call()
            else:
                with turns:
                    outcomes[index] = call()
        except Exception as error:  # noqa: BLE001 — the test inspects every outcome
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


def _refusals_are_expected(outcomes, code) -> list:
    """The failures: the service's refusal on PostgreSQL, or SQLite's lock refusal."""
    failures = [o for o in outcomes if isinstance(o, Exception)]
    for failure in failures:
        if isinstance(failure, ServiceError):
            assert failure.error_code == code, failure.messages
        else:
            assert connection.vendor == "sqlite" and isinstance(failure, OperationalError), repr(
                failure
            )
    return failures


def test_parallel_double_votes_leave_one_vote(admin, component, resident, neighbour, organization):
    enable(admin, component)
    proposal = make_proposal(component, resident)
    amendment = amend(neighbour, proposal)
    voter = make_user(organization)

    def vote():
        fresh = Amendment.objects.select_related("component").get(pk=amendment.pk)
        return services.support_amendment(actor=voter, amendment=fresh)

    outcomes = in_parallel(vote)
    failures = _refusals_are_expected(outcomes, AmendmentError.ALREADY_SUPPORTED)
    assert len(failures) == PARALLEL - 1
    assert AmendmentVote.objects.filter(amendment=amendment, user=voter).count() == 1
    amendment.refresh_from_db()
    assert amendment.votes_count == 1


def test_parallel_accepts_merge_once(admin, component, resident, neighbour):
    enable(admin, component)
    proposal = make_proposal(component, resident)
    amendment = amend(neighbour, proposal)

    def accept():
        fresh = Amendment.objects.select_related("component").get(pk=amendment.pk)
        return services.accept_amendment(actor=resident, amendment=fresh)

    outcomes = in_parallel(accept)
    failures = _refusals_are_expected(outcomes, AmendmentError.NOT_EVALUATING)
    assert len(failures) == PARALLEL - 1
    assert list(
        ProposalVersion.objects.filter(proposal=proposal).values_list("number", flat=True)
    ) == [1, 2]
    amendment.refresh_from_db()
    assert amendment.state == AmendmentState.ACCEPTED
    proposal.refresh_from_db()
    assert proposal.title == NEW_TITLE


def test_accept_and_reject_racing_leave_one_answer(admin, component, resident, neighbour):
    enable(admin, component)
    proposal = make_proposal(component, resident)
    amendment = amend(neighbour, proposal)
    answers = iter([services.accept_amendment, services.reject_amendment] * PARALLEL)
    lock = threading.Lock()

    def answer():
        with lock:
            chosen = next(answers)
        fresh = Amendment.objects.select_related("component").get(pk=amendment.pk)
        return chosen(actor=resident, amendment=fresh)

    outcomes = in_parallel(answer)
    failures = _refusals_are_expected(outcomes, AmendmentError.NOT_EVALUATING)
    assert len(failures) == PARALLEL - 1
    amendment.refresh_from_db()
    versions = ProposalVersion.objects.filter(proposal=proposal).count()
    if amendment.state == AmendmentState.ACCEPTED:
        assert versions == 2
    else:
        assert amendment.state == AmendmentState.REJECTED and versions == 1
