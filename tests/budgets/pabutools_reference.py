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


# --- Computing the references on the other core -------------------------------------------
#
# pabutools needs minutes on the largest real elections (Toulouse 2024) while the rest of
# the suite runs on one core. The references of the real files are therefore computed in
# one separate process, started when collection ends (tests/conftest.py), while the
# database tests run; the comparison tests, which pytest-django runs last, then only wait
# for what is not finished yet. Same pabutools, same configuration: only the timing moves.

_pending: dict = {}
_executor = None


def _references_of_file(path: str) -> tuple[list[str], list[str]]:
    from budgets import pabulib

    election = pabulib.read(path).election()
    return reference_greedy(election), reference_mes(election)


def start_references(paths) -> None:
    """Begin computing (greedy, mes) references for ``paths``, largest files first."""
    global _executor
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from pathlib import Path

    if _executor is not None:
        return
    _executor = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    for path in sorted(paths, key=lambda p: Path(p).stat().st_size, reverse=True):
        _pending[str(path)] = _executor.submit(_references_of_file, str(path))


def references_of_file(path) -> tuple[list[str], list[str]]:
    """(greedy, mes) per pabutools for a Pabulib file: from the background process if
    it was started, computed here otherwise."""
    future = _pending.get(str(path))
    if future is not None:
        return future.result()
    return _references_of_file(str(path))


def stop_references() -> None:
    global _executor
    if _executor is not None:
        _executor.shutdown(wait=False, cancel_futures=True)
        _executor = None
