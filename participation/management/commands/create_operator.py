import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from participation.services.users import create_operator


class Command(BaseCommand):
    help = "Create an operator account for the /system/ console."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True)
        parser.add_argument("--password", help="Asked for when omitted.")

    def handle(self, *args, **options):
        password = options["password"] or getpass.getpass("Password: ")
        try:
            user = create_operator(email=options["email"], password=password)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(f"Operator {user.email} created."))
