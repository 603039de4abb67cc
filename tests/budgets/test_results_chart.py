"""The results chart describes itself in words, through plural forms."""

from types import SimpleNamespace

from django.utils import translation

from budgets.views.results import votes_chart


def _row(rank, votes, selected):
    project = SimpleNamespace(title=f"Projet {rank}")
    return SimpleNamespace(rank=rank, votes=votes, selected=selected, project=project)


def test_the_description_counts_in_plural_forms():
    with translation.override("fr"):
        one = str(votes_chart([_row(1, 10, True)], chart_id="c", title="Résultats"))
        many = str(
            votes_chart(
                [_row(1, 10, True), _row(2, 8, True), _row(3, 2, False)],
                chart_id="c",
                title="Résultats",
            )
        )
    assert "par rang\u00a0: 1 projet, 1 retenu (barre pleine)." in one
    assert "par rang\u00a0: 3 projets, 2 retenus (barres pleines)." in many
    with translation.override("en"):
        english = str(votes_chart([_row(1, 10, False)], chart_id="c", title="Results"))
    assert "by rank: 1 project, 0 selected (filled bars)." in english
