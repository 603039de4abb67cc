from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from participation.models import Organization
from participation.oidc.models import Platform, ProviderKind
from participation.oidc.services import configure_signin
from participation.services.organizations import update_organization
from participation.tenancy import organization_url


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
        parser.add_argument(
            "--leave-off",
            action="store_true",
            help="Do not switch the sign-in method on (the button stays hidden).",
        )

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
        if options["leave_off"]:
            if not organization.allows(provider.kind):
                self.stdout.write(
                    f"The sign-in method '{provider.kind}' stays off (--leave-off): run this "
                    "command again without it, or switch it on in /system/, to show the button."
                )
        elif not organization.allows(provider.kind):
            update_organization(
                actor=None,
                organization=organization,
                sign_in_methods=[*(organization.sign_in_methods or []), provider.kind],
            )
            self.stdout.write(f"Switched the sign-in method '{provider.kind}' on.")
        self.stdout.write(
            "Register these addresses at the provider:\n"
            f"  redirect URI (callback): {organization_url(organization, reverse('oidc:callback'))}\n"
            "  post-logout redirect URI: "
            f"{organization_url(organization, reverse('oidc:signed_out'))}"
        )
        if key == "franceconnect":
            self.stdout.write(
                "To let FranceConnect verify residents' identity too (actions that require "
                "it), switch the 'franceconnect' verification on in the back-office "
                "(Verifications > Methods)."
            )


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [f"{field}: {msg}" for field, msgs in error.message_dict.items() for msg in msgs]
    return list(error.messages)
