"""import_pabulib / export_pabulib: a round trip keeps the winners; bad files change nothing."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from budgets import pabulib
from budgets.generate import generate_election
from budgets.models import Ballot, Budget, Project
from participation.components.models import Component
from participation.models import ActionLog, Category
from tests.budgets.conftest import PABULIB_DIR
from tests.factories import BudgetFactory, ProcessFactory, make_organization, make_user

SMALL_FILES = ["Netherlands_Assen_2024.pb", "France_Toulouse_2022_6_-_Saint-Cyprien.pb"]


@pytest.fixture
def space(organization):
    make_user(organization, admin=True, email="maire@ville-a.test")
    return ProcessFactory(organization=organization, slug="bp", title="BP")


# Commands speak the install's language (LANGUAGE_CODE, French): messages are checked in French.


def _tally(path, rule) -> list[str]:
    out = StringIO()
    call_command("pabulib_tally", str(path), rule=rule, stdout=out)
    return out.getvalue().split()


def _round_trip(path, tmp_path):
    out = StringIO()
    call_command("import_pabulib", str(path), space="bp", stdout=out)
    component = Component.objects.get()
    exported = tmp_path / "exported.pb"
    call_command("export_pabulib", str(component.pk), output=str(exported), stderr=StringIO())
    return component, exported


@pytest.mark.parametrize("name", SMALL_FILES)
def test_a_real_file_round_trips_with_the_same_winners(space, tmp_path, name):
    original = PABULIB_DIR / name
    parsed = pabulib.read(original)
    component, exported = _round_trip(original, tmp_path)
    budget = Budget.objects.get()
    assert budget.total == Decimal(parsed.meta["budget"])
    assert Project.objects.count() == len(parsed.projects)
    assert Ballot.objects.filter(
        status="checked_out", voter_key__startswith="pabulib:"
    ).count() == len(parsed.votes)
    first = parsed.projects[0]
    project = Project.objects.get(external_id=first["project_id"])
    assert project.votes_count == sum(
        first["project_id"] in row["vote"].split(",") for row in parsed.votes
    )
    if "category" in first:
        assert project.category.name == first["category"].split(",")[0].strip()
    for rule in ("greedy", "mes"):
        assert _tally(exported, rule) == _tally(original, rule)
    assert ActionLog.objects.filter(action="import_pabulib").exists()


def test_a_generated_election_round_trips(space, tmp_path):
    election = generate_election(voters=300, projects=15, seed=7)
    source = tmp_path / "generated.pb"
    source.write_text(pabulib.write(election, {"description": "Généré", "rule": "greedy"}))
    _component, exported = _round_trip(source, tmp_path)
    for rule in ("greedy", "mes", "mes-compare"):
        assert _tally(exported, rule) == _tally(source, rule)


def _nothing_saved():
    assert not Component.objects.exists()
    assert not Budget.objects.exists() and not Project.objects.exists()
    assert not Ballot.objects.exists() and not Category.objects.exists()


BAD_FILES = {
    "cumulative": (
        "META\nkey;value\nbudget;100\nvote_type;cumulative\nPROJECTS\nproject_id;cost;category\n"
        "1;50;Parcs\n2;40;Rues\nVOTES\nvoter_id;vote;points\n1;1,2;3,2\n",
        "seuls les fichiers par approbation",
    ),
    "ordinal": (
        "META\nkey;value\nbudget;100\nvote_type;ordinal\nPROJECTS\nproject_id;cost\n1;50\n"
        "VOTES\nvoter_id;vote\n1;1\n",
        "seuls les fichiers par approbation",
    ),
    "cost above the budget": (
        "META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost;category\n"
        "1;50;Parcs\n2;140;Rues\nVOTES\nvoter_id;vote\n1;1\n",
        "Le projet 2 coûte 140.00, plus que le budget",
    ),
    "malformed": (
        "META\nkey;value\nbudget;100\nPROJECTS\nproject_id;cost\n1;50;oops\nVOTES\nvoter_id;vote\n1;1\n",
        "Line 6",
    ),
    "unknown project": (
        "META\nkey;value\nbudget;100\nPROJECTS\nproject_id;cost;category\n1;50;Parcs\n"
        "VOTES\nvoter_id;vote\n1;1,9\n",
        "unknown projects",
    ),
    "voter twice": (
        "META\nkey;value\nbudget;100\nPROJECTS\nproject_id;cost;category\n1;50;Parcs\n"
        "VOTES\nvoter_id;vote\n1;1\n1;1\n",
        "figure deux fois",
    ),
    "bad budget": (
        "META\nkey;value\nbudget;cent\nPROJECTS\nproject_id;cost\n1;50\nVOTES\nvoter_id;vote\n1;1\n",
        "budget is not a number",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_files_give_a_clear_error_and_change_nothing(space, tmp_path, case):
    text, message = BAD_FILES[case]
    path = tmp_path / "bad.pb"
    path.write_text(text)
    with pytest.raises(CommandError, match=message):
        call_command("import_pabulib", str(path), space="bp", stdout=StringIO())
    _nothing_saved()


def test_missing_file_unknown_space_and_ambiguous_space(space, tmp_path, organization):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_pabulib", str(tmp_path / "none.pb"), space="bp")
    real = PABULIB_DIR / SMALL_FILES[0]
    with pytest.raises(CommandError, match="No space"):
        call_command("import_pabulib", str(real), space="nope")
    other = make_organization("Autre", "ville-z.test")
    make_user(other, admin=True)
    ProcessFactory(organization=other, slug="bp", title="BP")
    with pytest.raises(CommandError, match="--organization"):
        call_command("import_pabulib", str(real), space="bp")
    _nothing_saved()
    call_command(
        "import_pabulib", str(real), space="bp", organization="ville-z.test", stdout=StringIO()
    )
    assert Component.objects.get().organization == other


def test_export_needs_a_budget_when_there_are_several(space, tmp_path):
    _component, _exported = _round_trip(PABULIB_DIR / SMALL_FILES[0], tmp_path)
    component = Component.objects.get()
    BudgetFactory(component=component, title="B", total=1)
    with pytest.raises(CommandError, match="--budget"):
        call_command("export_pabulib", str(component.pk))
    with pytest.raises(CommandError, match="No budgets component"):
        call_command("export_pabulib", "999999")
