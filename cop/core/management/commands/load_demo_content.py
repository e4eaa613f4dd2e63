from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from cop.accounts.services import ensure_demo_moderator

DEMO_MODERATOR_EMAIL = "moderateur@carrefour.example"
DEMO_MODERATOR_PASSWORD = "Carrefour-demo-2026"  # local demo only


class Command(BaseCommand):
    help = (
        "Load reference data and demo content, and create the demo moderator "
        "(idempotent; refuses to run with DEBUG off unless --force)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off (never on a production site).",
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Demo content creates an account with a published password: "
                "run it with DEBUG=1, or pass --force if you really mean it."
            )
        call_command("load_municipalities", stdout=self.stdout)
        ensure_demo_moderator(
            email=DEMO_MODERATOR_EMAIL, password=DEMO_MODERATOR_PASSWORD
        )
        self.stdout.write(
            self.style.SUCCESS(
                "\nDemo moderator (Wagtail admin at /admin/):\n"
                f"  email:    {DEMO_MODERATOR_EMAIL}\n"
                f"  password: {DEMO_MODERATOR_PASSWORD}\n"
            )
        )
