from django.core.management.base import BaseCommand, CommandError

from budgets.models import Budget
from budgets.services.imports import export_pabulib
from participation.components.models import Component


class Command(BaseCommand):
    help = "Write the cast ballots of a budget of a budgets component as a Pabulib .pb file."

    def add_arguments(self, parser):
        parser.add_argument("component_id", type=int)
        parser.add_argument("--budget", type=int, help="Budget id (needed when there are several).")
        parser.add_argument("--output", help="File to write (default: standard output).")

    def handle(self, *args, **options):
        component = Component.objects.filter(
            pk=options["component_id"], manifest_name="budgets"
        ).first()
        if component is None:
            raise CommandError(f"No budgets component with id {options['component_id']}.")
        budgets = Budget.objects.filter(component=component)
        if options["budget"]:
            budgets = budgets.filter(pk=options["budget"])
        budgets = list(budgets)
        if not budgets:
            raise CommandError("No such budget in this component.")
        if len(budgets) > 1:
            listed = ", ".join(f"{budget.pk} ({budget.title})" for budget in budgets)
            raise CommandError(
                f"This component has several budgets; choose one with --budget: {listed}."
            )
        budget = budgets[0]
        budget.component = component
        text = export_pabulib(budget=budget)
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as handle:
                handle.write(text)
            self.stderr.write(f"Wrote {options['output']}.")
        else:
            self.stdout.write(text, ending="")
