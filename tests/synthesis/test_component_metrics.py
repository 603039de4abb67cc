"""Metrics come from the component manifests: budgets' cast ballots are counted day by day,
their voters count as participants, and every metric has a translated label."""

import datetime

from django.utils import translation

from budgets.models import Ballot, BallotStatus
from participation.components import registry
from participation.models import User
from synthesis import metrics
from synthesis.selectors import series
from tests.factories import make_budget, make_open_budgets, make_user
from tests.synthesis.conftest import DAY, at

NEXT_DAY = DAY + datetime.timedelta(days=1)


def _ballot(component, budget, user, cast_at, status=BallotStatus.CHECKED_OUT):
    return Ballot.objects.create(
        organization_id=component.organization_id,
        component=component,
        budget=budget,
        user=user,
        voter_key=f"user:{user.pk}",
        status=status,
        checked_out_at=cast_at,
    )


def count(name, organization, space, day=DAY):
    return metrics.get(name).count(organization, space, day)


def test_every_manifest_metric_is_registered_with_its_label():
    names = {m.name for m in metrics.registered()}
    for manifest in registry.all_manifests():
        assert set(manifest.dated_metrics) <= names
    assert {"proposals", "supports", "ballots"} <= names
    with translation.override("fr"):
        assert str(metrics.get("ballots").label) == "Bulletins déposés"


def test_ballots_and_their_voters_are_counted(organization, admin, space, now):
    process, _ideas = space
    component = make_open_budgets(process, actor=admin)
    budget = make_budget(component)
    voter, late, unfinished = (make_user(organization) for _ in range(3))
    User.objects.filter(pk__in=[voter.pk, late.pk, unfinished.pk]).update(date_joined=at(DAY, 1))
    _ballot(component, budget, voter, at(DAY, 20))
    _ballot(component, budget, late, at(NEXT_DAY, 9))
    _ballot(component, budget, unfinished, None, status=BallotStatus.IN_PROGRESS)
    assert count("ballots", organization, None) == 1
    assert count("ballots", organization, process) == 1
    assert count("ballots", organization, None, NEXT_DAY) == 2
    # In the space, a voter took part; the one who voted the next day not yet.
    assert count("participants", organization, process) == 1
    assert count("participants", organization, process, NEXT_DAY) == 2


def test_series_labels_are_translated(organization, space):
    with translation.override("fr"):
        labels = {s.name: s.label for s in series(organization, days=7, until=DAY)}
    assert labels["ballots"] == "Bulletins déposés" and labels["proposals"] == "Propositions"
