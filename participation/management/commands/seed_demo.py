import random

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import autodiscover_modules

from participation import demo
from participation.accounts.services import update_profile
from participation.models import Organization, User
from participation.search.index import rebuild as rebuild_search_index
from participation.services.organizations import create_organization
from participation.services.users import create_operator


class Command(BaseCommand):
    help = (
        "Build the demo city (Bellerive-sur-Loire) on hosts localhost and 127.0.0.1: "
        "participants, spaces and each component's content. Sizes are for benchmarks."
    )

    def add_arguments(self, parser):
        parser.add_argument("--participants", type=int, default=60)
        parser.add_argument("--proposals", type=int, default=40)
        parser.add_argument(
            "--seed", type=int, default=2027, help="Random seed, for repeatable data."
        )

    def handle(self, *args, **options):
        for key in ("participants", "proposals"):
            if options[key] < 0:
                raise CommandError(f"--{key} must be zero or more.")
        # The port `make run` serves on (PUBLIC_PORT), so the printed links work.
        base = f"http://{demo.DEMO_HOST}:{settings.PUBLIC_PORT or 8000}"
        # The operator console answers on its own host only (SYSTEM_HOST).
        console = f"http://{settings.SYSTEM_HOST}:{settings.PUBLIC_PORT or 8000}"
        existing = Organization.objects.filter(host=demo.DEMO_HOST).first()
        if existing is not None:
            self.stdout.write(
                f"The demo already exists ({existing.name} on {base}/); "
                "nothing was changed. Delete db.sqlite3 to start again."
            )
            return
        autodiscover_modules("demo")
        with transaction.atomic():
            context = self._seed(options)
        # Seeders write in bulk (no save signal): the search documents are written at once.
        rebuild_search_index()
        people = context.participants
        participants = (
            " … ".join(dict.fromkeys([people[0].email, people[-1].email]))
            if people
            else "none (--participants 0)"
        )
        for line in context.report:
            self.stdout.write(f"  {line}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo ready: {context.organization.name} at {base}/\n"
                f"  administrator: {demo.DEMO_ADMIN_EMAIL} / {demo.DEMO_PASSWORD}\n"
                f"  participants: {participants} / {demo.DEMO_PASSWORD}\n"
                f"  operator console: {console}/system/ "
                f"(operator@bellerive.example / {demo.DEMO_PASSWORD}; "
                "an authenticator app is set up at the first sign-in)"
            )
        )

    def _seed(self, options) -> demo.DemoContext:
        rng = random.Random(options["seed"])
        organization, invitation = create_organization(
            actor=None,
            name="Ville de Bellerive-sur-Loire",
            host=demo.DEMO_HOST,
            secondary_hosts=demo.DEMO_SECONDARY_HOSTS,
            admin_email=demo.DEMO_ADMIN_EMAIL,
            admin_name="Claire Fontaine",
            description=(
                "<p>Bienvenue sur la plateforme de participation de Bellerive-sur-Loire : "
                "proposez, débattez et décidez des projets de votre ville.</p>"
            ),
            primary_color="#1f4e9c",
            secondary_color="#c8102e",
            admin_password=demo.DEMO_PASSWORD,
        )
        admin = invitation.user
        update_profile(actor=admin, user=admin, name=admin.name, nickname="claire-fontaine")
        if not User.objects.filter(
            organization__isnull=True, email="operator@bellerive.example"
        ).exists():
            create_operator(email="operator@bellerive.example", password=demo.DEMO_PASSWORD)
        participants = demo.seed_participants(organization, options["participants"], rng)
        context = demo.DemoContext(
            organization=organization,
            admin=admin,
            participants=participants,
            options=options,
            rng=rng,
            report=[f"{len(participants)} participants"],
        )
        for seeder in demo.seeders():
            seeder(context)
        return context
