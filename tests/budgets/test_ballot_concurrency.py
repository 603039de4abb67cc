"""Integrity under concurrency: many requests at once, each on its own database connection.

Written for PostgreSQL (row locks, partial unique constraints; CI runs it there): the
calls really run at the same moment. SQLite (the default local run) has no row locks and
locks its shared in-memory database as a whole, so there the same calls take turns (still
one thread and one connection each): the outcome must be the same.
"""

import threading
import time
from decimal import Decimal

import pytest
from django.db import OperationalError, connection

from budgets.models import Ballot, BallotLine, BallotStatus, Project
from budgets.services import ballots
from participation.errors import ServiceError
from tests.budgets.ballot_helpers import *  # noqa: F403
from tests.budgets.ballot_helpers import fill, require_verification, verify
from tests.factories import configure_budgets, make_budget, make_project, make_user

pytestmark = pytest.mark.django_db(transaction=True)

POSTGRES = connection.vendor == "postgresql"


CONNECTIONS = 30


def _with_retry_on_connect(call):
    """The server may refuse a connection while others' tests hold many: wait and retry."""
    for _attempt in range(50):
        try:
            connection.ensure_connection()
        except OperationalError as error:
            if "too many clients" not in str(error):
                raise
            time.sleep(0.2)
            continue
        return call()
    raise AssertionError("no database connection available")


def _run_concurrently(calls) -> dict:
    """Start every call at once (a barrier), each in its own thread and connection."""
    outcomes = {"ok": 0, "refused": [], "errors": []}
    lock = threading.Lock()
    barrier = threading.Barrier(len(calls))

    # SQLite: one call at a time. PostgreSQL: as many at once as the server's connection
    # limit comfortably allows (other test runs share it); each call its own connection.
    turns = threading.Semaphore(CONNECTIONS if POSTGRES else 1)

    def worker(call):
        try:
            barrier.wait(timeout=60)
            with turns:
                _with_retry_on_connect(call)
        except ServiceError as error:
            with lock:
                outcomes["refused"].append(error.error_code)
        except Exception as error:  # noqa: BLE001 - reported to the test below
            with lock:
                outcomes["errors"].append(repr(error))
        else:
            with lock:
                outcomes["ok"] += 1
        finally:
            connection.close()

    started = [threading.Thread(target=worker, args=(call,)) for call in calls]
    for thread in started:
        thread.start()
    for thread in started:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in started)
    assert outcomes["errors"] == []
    return outcomes


def test_200_simultaneous_checkouts_leave_one_cast_ballot(resident, component, budget, projects):
    fill(resident, component, budget, projects[:3])

    def cast():
        ballots.checkout(actor=resident, component=component, budget=budget)

    outcomes = _run_concurrently([cast] * 200)
    assert outcomes["ok"] == 1
    assert set(outcomes["refused"]) == {"already_cast"} and len(outcomes["refused"]) == 199
    assert Ballot.objects.filter(budget=budget).count() == 1
    assert Ballot.objects.get().status == BallotStatus.CHECKED_OUT
    # Each chosen project counted once.
    assert sorted(Project.objects.values_list("votes_count", flat=True)) == [0, 0, 1, 1, 1]


def test_two_accounts_sharing_a_fingerprint_cast_one_ballot(
    admin, organization, component, budget, projects
):
    """Account A votes; its grant is revoked and the same person verifies account B."""
    from participation.verifications import services as verifications

    require_verification(admin, component)
    first, second = make_user(organization), make_user(organization)
    grant = verify(admin, first)
    fill(first, component, budget, projects[:2])
    verifications.revoke_grant(
        actor=admin, organization=organization, grant_id=grant.pk, reason="Deux comptes"
    )
    verify(admin, second)
    # B fills the same person's ballot; A is no longer verified.
    ballots.add_project(actor=second, component=component, budget=budget, project=projects[3])

    def cast():
        ballots.checkout(actor=second, component=component, budget=budget)

    def cast_as_first():
        ballots.checkout(actor=first, component=component, budget=budget)

    outcomes = _run_concurrently([cast] * 20 + [cast_as_first] * 5)
    assert outcomes["ok"] == 1
    assert set(outcomes["refused"]) == {"already_cast", "verification_required"}
    assert Ballot.objects.filter(budget=budget).count() == 1
    assert Ballot.objects.filter(status=BallotStatus.CHECKED_OUT).count() == 1


def test_single_budget_mode_holds_under_concurrent_checkouts(admin, resident, component, budget):
    """Two budgets filled before the rule was switched on, then cast at the same moment."""
    north = make_budget(component, "Quartier nord", total="10000")
    fill(resident, component, budget, [make_project(budget, "Jardin", "80000")])
    fill(resident, component, north, [make_project(north, "Fontaine", "8000")])
    configure_budgets(admin, component, settings={"single_budget": True})

    def cast(target):
        return lambda: ballots.checkout(actor=resident, component=component, budget=target)

    outcomes = _run_concurrently([cast(budget), cast(north)] * 25)
    assert outcomes["ok"] == 1
    assert set(outcomes["refused"]) <= {"already_cast", "other_budget_chosen"}
    assert Ballot.objects.filter(status=BallotStatus.CHECKED_OUT).count() == 1
    assert sum(Project.objects.values_list("votes_count", flat=True)) == 1


def test_concurrent_additions_never_exceed_the_budget(resident, component, budget):
    """Twenty projects of 10 000 in a budget of 100 000, all added at once."""
    many = [make_project(budget, f"Projet {n}", "10000") for n in range(20)]

    def add(project):
        return lambda: ballots.add_project(
            actor=resident, component=component, budget=budget, project=project
        )

    outcomes = _run_concurrently([add(project) for project in many])
    assert outcomes["ok"] == 10
    assert set(outcomes["refused"]) == {"does_not_fit"}
    assert Ballot.objects.count() == 1
    chosen = Project.objects.filter(ballot_lines__isnull=False)
    assert sum((p.cost for p in chosen), Decimal(0)) == Decimal("100000")
    assert BallotLine.objects.count() == 10
