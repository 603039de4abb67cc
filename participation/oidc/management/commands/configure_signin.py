from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from participation.models import Organization
from participation.oidc.models import Platform, ProviderKind
from participation.oidc.services import configure_signin


class Command(BaseCommand):
    help = (
        "Configure FranceConnect or an OpenID Connect provider for the organisation on HOST. "
        "PROVIDER is 'franceconnect' or the short name of another provider."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "host", help="The organisation's primary host, e.g. participer.ville.fr"
        )
        parser.add_argument("provider", help="'franceconnect' or a short name such as 'intranet'")
        parser.add_argument("--client-id", required=True)
        parser.add_argument("--client-secret", required=True)
        parser.add_argument(
            "--discovery-url",
            default="",
            help="Required for a new provider other than FranceConnect or Google.",
        )
        parser.add_argument(
            "--platform",
            choices=Platform.values,
            default="",
            help="FranceConnect only: integration (default) or production.",
        )
        parser.add_argument(
            "--kind",
            choices=[ProviderKind.OIDC.value, ProviderKind.GOOGLE.value],
            default="",
            help="For a provider other than FranceConnect: oidc (default) or google.",
        )
        parser.add_argument("--name", default="", help="Name shown on the sign-in button.")

    def handle(self, *args, **options):
        organization = Organization.objects.filter(host=options["host"].lower()).first()
        if organization is None:
            raise CommandError(f"No organisation has the primary host {options['host']}.")
        key = options["provider"]
        if key == "franceconnect" and options["kind"]:
            raise CommandError("--kind is not for FranceConnect.")
        try:
            provider, created = configure_signin(
                actor=None,
                organization=organization,
                provider_key=key,
                client_id=options["client_id"],
                client_secret=options["client_secret"],
                discovery_url=options["discovery_url"],
                platform=options["platform"],
                kind=options["kind"],
                name=options["name"],
            )
        except ValidationError as error:
            raise CommandError("; ".join(_messages(error))) from error
        verb = "Added" if created else "Updated"
        self.stdout.write(
            self.style.SUCCESS(f"{verb} {provider.name} ({provider.slug}) for {organization.host}.")
        )
        if not organization.allows(provider.kind):
            self.stdout.write(
                f"Note: the sign-in method '{provider.kind}' is not switched on for this "
                "organisation; switch it on in /system/ to show the button."
            )


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [f"{field}: {msg}" for field, msgs in error.message_dict.items() for msg in msgs]
    return list(error.messages)
