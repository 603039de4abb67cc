from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from participation.services.organizations import create_organization


class Command(BaseCommand):
    help = "Create an organisation served on HOST and invite its first administrator."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True)
        parser.add_argument(
            "--host", required=True, help="Primary host name, e.g. participer.ville.fr"
        )
        parser.add_argument("--admin-email", required=True)
        parser.add_argument("--admin-name", default="")
        parser.add_argument(
            "--secondary-host",
            action="append",
            default=[],
            dest="secondary_hosts",
            help="Another host name that redirects to the primary one (repeatable).",
        )
        parser.add_argument("--locale", action="append", dest="locales", help="fr, en (repeatable)")
        parser.add_argument("--default-locale", default="fr")
        parser.add_argument("--time-zone", default="Europe/Paris")

    def handle(self, *args, **options):
        fields = {"default_locale": options["default_locale"], "time_zone": options["time_zone"]}
        if options["locales"]:
            fields["available_locales"] = options["locales"]
        try:
            organization, invitation = create_organization(
                actor=None,
                name=options["name"],
                host=options["host"],
                admin_email=options["admin_email"],
                admin_name=options["admin_name"],
                secondary_hosts=options["secondary_hosts"],
                **fields,
            )
        except ValidationError as error:
            raise CommandError("; ".join(_messages(error))) from error
        self.stdout.write(
            self.style.SUCCESS(f"Created {organization.name} on {organization.host}.")
        )
        self.stdout.write(f"Invitation for {invitation.user.email}: {invitation.url}")


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [f"{field}: {msg}" for field, msgs in error.message_dict.items() for msg in msgs]
    return list(error.messages)
