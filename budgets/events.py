"""The budgets component's events (action-log entries). Names are stored: never renamed.

Ballot entries name the budget, never the projects chosen (vote secrecy).
See participation.events for how they are declared, found and written.
"""

from django.utils.translation import gettext_lazy as _

from participation.events import FIELDS, LoggedEvent

budget_created = LoggedEvent(
    name="create_budget",
    label=_("Budget created"),
    sentence=_("%(actor)s created the budget “%(target)s”"),
    payload=(FIELDS,),
)
budget_updated = LoggedEvent(
    name="update_budget",
    label=_("Budget updated"),
    sentence=_("%(actor)s updated the budget “%(target)s”"),
    payload=(FIELDS,),
)
budget_deleted = LoggedEvent(
    name="delete_budget",
    label=_("Budget deleted"),
    sentence=_("%(actor)s deleted the budget “%(target)s”"),
    payload=(FIELDS,),
)
project_created = LoggedEvent(
    name="create_budget_project",
    label=_("Budget project created"),
    sentence=_("%(actor)s created the project “%(target)s”"),
    payload=(FIELDS,),
)
project_updated = LoggedEvent(
    name="update_budget_project",
    label=_("Budget project updated"),
    sentence=_("%(actor)s updated the project “%(target)s”"),
    payload=(FIELDS,),
)
project_deleted = LoggedEvent(
    name="delete_budget_project",
    label=_("Budget project deleted"),
    sentence=_("%(actor)s deleted the project “%(target)s”"),
    payload=(FIELDS,),
)
project_file_added = LoggedEvent(
    name="add_budget_project_file",
    label=_("File added to a project"),
    sentence=_("%(actor)s added a file to the project “%(target)s”"),
    payload=("file", "kind"),
)
project_file_removed = LoggedEvent(
    name="remove_budget_project_file",
    label=_("File removed from a project"),
    sentence=_("%(actor)s removed a file from the project “%(target)s”"),
    payload=("file",),
)
ballot_cast = LoggedEvent(
    name="cast_budget_ballot",
    label=_("Budget vote cast"),
    sentence=_("%(actor)s voted in the budget “%(target)s”"),
)
ballot_cancelled = LoggedEvent(
    name="cancel_budget_ballot",
    label=_("Budget vote cancelled"),
    sentence=_("%(actor)s cancelled their vote in the budget “%(target)s”"),
)
paper_ballot_recorded = LoggedEvent(
    name="record_paper_ballot",
    label=_("Paper ballot entered"),
    sentence=_("%(actor)s entered the paper ballot “%(target)s”"),
    payload=("status", "projects", "entered_by"),
)
paper_ballot_voided = LoggedEvent(
    name="void_paper_ballot",
    label=_("Paper ballot voided"),
    sentence=_("%(actor)s voided the paper ballot “%(target)s”"),
    payload=("status", "entered_by", "voided_by"),
)
results_published = LoggedEvent(
    name="publish_budget_results",
    label=_("Budget results published"),
    sentence=_("%(actor)s published the results of the budget “%(target)s”"),
    payload=("published", "selected", "rule", "ballots"),
)
results_withdrawn = LoggedEvent(
    name="withdraw_budget_results",
    label=_("Budget results withdrawn"),
    sentence=_("%(actor)s withdrew the results of the budget “%(target)s”"),
    payload=("published", "selected"),
)
result_overridden = LoggedEvent(
    name="override_budget_result",
    label=_("Project result overridden"),
    sentence=_("%(actor)s overrode the result of the project “%(target)s”"),
    payload=("selected", "reason"),
)
pabulib_imported = LoggedEvent(
    name="import_pabulib",
    label=_("Budget vote imported (Pabulib)"),
    sentence=_("%(actor)s imported a Pabulib file into the budget “%(target)s”"),
    payload=("projects", "ballots", "total", "source"),
)
