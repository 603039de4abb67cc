from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from budgets import pabulib
from budgets.services.imports import ImportRefused, import_pabulib
from participation.models import Organization
from spaces.types import SPACE_TYPES


class Command(BaseCommand):
    help = (
        "Load a Pabulib .pb election (approval or choose-1 ballots) into a new budgets "
        "component of a space: one budget, its projects and the cast ballots."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--space", required=True, help="Slug of the space.")
        parser.add_argument(
            "--organization",
            metavar="HOST",
            help="Primary host of the organisation (needed when several have such a space).",
        )
        parser.add_argument(
            "--space-type",
            choices=sorted(SPACE_TYPES),
            help="Type of the space (needed when several spaces share the slug).",
        )
        parser.add_argument(
            "--admin",
            metavar="EMAIL",
            help="Administrator the import is logged under (default: the organisation's first).",
        )
        parser.add_argument("--name", default="", help="Name of the new component.")

    def handle(self, *args, **options):
        try:
            parsed = pabulib.read(options["file"])
        except FileNotFoundError as error:
            raise CommandError(f"No such file: {options['file']}") from error
        except (pabulib.ElectionError, UnicodeDecodeError) as error:
            raise CommandError(f"This is not a valid Pabulib file: {error}") from error
        space = self._space(options)
        actor = self._admin(space.organization, options["admin"])
        try:
            component, budget = import_pabulib(
                actor=actor, space=space, parsed=parsed, name=options["name"]
            )
        except ImportRefused as error:
            raise CommandError(f"Nothing was imported: {error}") from error
        except ValidationError as error:
            raise CommandError(f"Nothing was imported: {' '.join(error.messages)}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported “{budget.title}” into component {component.pk} of {space.slug}: "
                f"{budget.projects.count()} projects, {budget.ballots.count()} ballots."
            )
        )

    def _space(self, options):
        organizations = Organization.objects.all()
        if options["organization"]:
            organizations = organizations.filter(host=options["organization"])
            if not organizations.exists():
                raise CommandError(f"No organisation on host {options['organization']}.")
        kinds = (
            [SPACE_TYPES[options["space_type"]]] if options["space_type"] else SPACE_TYPES.values()
        )
        found = []
        for kind in kinds:
            found += list(
                kind.model.objects.filter(
                    organization__in=organizations, slug=options["space"]
                ).select_related("organization")
            )
        if not found:
            raise CommandError(f"No space with the slug {options['space']!r}.")
        if len(found) > 1:
            raise CommandError(
                f"Several spaces have the slug {options['space']!r}: "
                "say which with --organization HOST and/or --space-type."
            )
        return found[0]

    def _admin(self, organization, email):
        admins = organization.users.filter(is_org_admin=True, is_active=True).order_by("pk")
        if email:
            admins = admins.filter(email__iexact=email)
        admin = admins.first()
        if admin is None:
            raise CommandError(
                f"No active administrator{' ' + email if email else ''} in {organization.name}."
            )
        return admin
