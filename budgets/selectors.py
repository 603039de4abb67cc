"""Reading budgets, projects and a voter's ballot for the public pages — fixed query counts."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, IntegerField, Q, Value
from django.db.models.functions import Lower, Mod

from budgets.models import ACTIVE_BALLOT, Ballot, BallotStatus, Budget, Project
from budgets.rules import BallotCheck, VoteRule, check

# ?order= values; "most_voted" only while vote counts are shown.
ORDERINGS = ("random", "most_voted", "cost_asc", "cost_desc", "alphabetical")
DEFAULT_ORDER = "random"
# A prime above any id * seed we use: keeps the random order a permutation.
_RANDOM_MODULUS = 2147483629


def budgets_of(component):
    """The component's budgets, with their area and published result (one query when listed)."""
    return Budget.objects.filter(
        component=component, organization_id=component.organization_id
    ).select_related("scope", "result")


def projects_of(budget: Budget):
    return Project.objects.filter(budget=budget, organization_id=budget.organization_id)


def projects_of_component(component):
    return Project.objects.filter(
        budget__component=component, organization_id=component.organization_id
    )


def for_listing(queryset):
    return queryset.select_related("category", "scope")


def filtered(queryset, *, q: str = "", category=None, scope=None, only_ids=None):
    """Projects matching the listing's filters (values already cleaned by the form)."""
    q = (q or "").strip()[:100]
    if q:
        queryset = queryset.filter(Q(title__icontains=q) | Q(description__icontains=q))
    if category is not None:
        queryset = queryset.filter(category=category)
    if scope is not None:
        queryset = queryset.filter(scope=scope)
    if only_ids is not None:
        queryset = queryset.filter(pk__in=list(only_ids))
    return queryset


def ordered(queryset, order: str, seed: int, *, votes_shown: bool):
    if order not in ORDERINGS or (order == "most_voted" and not votes_shown):
        order = DEFAULT_ORDER
    if order == "most_voted":
        return queryset.order_by("-votes_count", "cost", "id")
    if order == "cost_asc":
        return queryset.order_by("cost", "id")
    if order == "cost_desc":
        return queryset.order_by("-cost", "id")
    if order == "alphabetical":
        return queryset.order_by(Lower("title"), "id")
    return queryset.annotate(
        shuffle=Mod(F("id") * Value(seed), Value(_RANDOM_MODULUS), output_field=IntegerField())
    ).order_by("shuffle", "id")


# Where a located row keeps its component (for map layers across components).
COMPONENT_PATH = "budget__component_id"


# --- The voter's ballot ----------------------------------------------------------------------


@dataclass
class VoterBallot:
    """A person's ballot in one budget, as the panel shows it."""

    budget: Budget
    ballot: Ballot | None
    projects: list[Project]
    check: BallotCheck
    rule: VoteRule
    ids: set[int] = field(default_factory=set)
    voter_key: str | None = None

    @property
    def status(self) -> str | None:
        return self.ballot.status if self.ballot is not None else None

    @property
    def is_cast(self) -> bool:
        return self.status == BallotStatus.CHECKED_OUT

    @property
    def minimum_amount(self) -> Decimal:
        return self.rule.minimum_amount(self.budget.total)

    @property
    def minimum_percent(self) -> int:
        return self.rule.minimum_share if self.minimum_amount else 0


def voter_ballot(budget: Budget, voter_key: str | None, rule: VoteRule) -> VoterBallot:
    """The active ballot of ``voter_key`` in ``budget`` and its projects (two queries)."""
    ballot = None
    projects: list[Project] = []
    if voter_key is not None:
        ballot = (
            Ballot.objects.filter(budget=budget, voter_key=voter_key)
            .filter(ACTIVE_BALLOT)
            .only("id", "status", "checked_out_at", "budget_id", "voter_key")
            .first()
        )
    if ballot is not None:
        projects = list(
            Project.objects.filter(ballot_lines__ballot=ballot)
            .only("id", "title", "cost", "position", "budget_id")
            .order_by("position", "id")
        )
    verdict = check(rule=rule, total=budget.total, costs=[p.cost for p in projects])
    return VoterBallot(
        budget=budget,
        ballot=ballot,
        projects=projects,
        check=verdict,
        rule=rule,
        ids={p.pk for p in projects},
        voter_key=voter_key,
    )


def voter_statuses(component, voter_key: str | None) -> dict[int, str]:
    """{budget id: ballot status} of the person's active ballots in ``component`` (one query).

    A ballot in progress with no project yet counts as not started.
    """
    if voter_key is None:
        return {}
    rows = (
        Ballot.objects.filter(component=component, voter_key=voter_key)
        .filter(ACTIVE_BALLOT)
        .filter(Q(status=BallotStatus.CHECKED_OUT) | Q(lines__isnull=False))
        .values_list("budget_id", "status")
        .distinct()
    )
    return dict(rows)


def participant_ids(components, scope_ids: list[int] | None):
    """Who took part in these budgets components (the manifest's ``participants`` hook):
    holders of a cast ballot (in progress or cancelled ones do not count; paper ballots
    name nobody) and commenters on projects.

    With ``scope_ids``: ballots in a budget of those areas or naming a project of those
    areas, comments on projects of those areas or of a budget of those areas.
    One sub-query, whatever the number of components or people.
    """
    from participation.comments.selectors import commenter_ids
    from participation.components.selectors import any_of_user_ids

    ballots = Ballot.objects.filter(
        component__in=components, status=BallotStatus.CHECKED_OUT, user__isnull=False
    )
    projects = Project.objects.filter(budget__component__in=components)
    if scope_ids is not None:
        ballots = ballots.filter(
            Q(budget__scope_id__in=scope_ids) | Q(lines__project__scope_id__in=scope_ids)
        )
        projects = projects.filter(Q(scope_id__in=scope_ids) | Q(budget__scope_id__in=scope_ids))
    return any_of_user_ids(ballots.values("user_id"), commenter_ids(projects))
