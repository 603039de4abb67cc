"""The reference: pabutools configured exactly as our rules are specified."""

from pabutools.election import ApprovalBallot, ApprovalProfile, Cost_Sat, Instance, Project
from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares
from pabutools.tiebreaking import TieBreakingRule

# greedy: ties by lower cost, then project id as text.
GREEDY_TIES = TieBreakingRule(lambda instance, profile, project: (project.cost, project.name))
# mes: ties by lower cost, then more votes, then project id as text.
MES_TIES = TieBreakingRule(
    lambda instance, profile, project: (
        project.cost,
        -profile.approval_score(project),
        project.name,
    )
)


def to_pabutools(election):
    projects = {p: Project(p, cost) for p, cost in election.costs.items()}
    instance = Instance(projects.values(), budget_limit=election.budget)
    profile = ApprovalProfile(
        [ApprovalBallot(projects[p] for p in ballot) for ballot in election.ballots],
        instance=instance,
    )
    return instance, profile


def reference_greedy(election) -> list[str]:
    instance, profile = to_pabutools(election)
    outcome = greedy_utilitarian_welfare(
        instance, profile, sat_class=Cost_Sat, tie_breaking=GREEDY_TIES
    )
    return [project.name for project in outcome]


def reference_mes(election) -> list[str]:
    instance, profile = to_pabutools(election)
    outcome = method_of_equal_shares(
        instance, profile, sat_class=Cost_Sat, tie_breaking=MES_TIES, voter_budget_increment=1
    )
    return [project.name for project in outcome]
