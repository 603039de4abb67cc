from django.core.management.base import BaseCommand, CommandError

from budgets import pabulib
from budgets.counting import RULES, count
from budgets.election import ElectionError


class Command(BaseCommand):
    help = "Count a Pabulib .pb election and print the selected project ids in order of selection."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--rule", choices=RULES, required=True)

    def handle(self, *args, **options):
        try:
            election = pabulib.read(options["file"]).election()
            selected = count(election, options["rule"])
        except FileNotFoundError as error:
            raise CommandError(f"No such file: {options['file']}") from error
        except (ElectionError, UnicodeDecodeError) as error:
            raise CommandError(str(error)) from error
        for project in selected:
            self.stdout.write(project)
