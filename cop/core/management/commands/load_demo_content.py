from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

import casestudies
from cop.accounts.roles import CONTRIBUTORS, MEMBERS
from cop.accounts.services import ensure_demo_account, ensure_demo_moderator
from cop.taxonomy.models import Municipality

DEMO_MODERATOR_EMAIL = "moderateur@carrefour.example"
DEMO_MODERATOR_PASSWORD = "Carrefour-demo-2026"  # local demo only
DEMO_CONTRIBUTOR_EMAIL = "contribution@carrefour.example"
DEMO_CONTRIBUTOR_MUNICIPALITY = "49058"  # Drummondville
DEMO_CASE_STUDIES = (
    Path(casestudies.__file__).resolve().parent / "fixtures" / "demo_case_studies.jsonl"
)


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
                _(
                    "Le contenu de démonstration crée un compte dont le mot de passe "
                    "est public : lancez la commande avec DEBUG=1, ou ajoutez --force "
                    "si c'est vraiment voulu."
                )
            )
        call_command("load_municipalities", stdout=self.stdout)
        call_command(
            "import_case_studies",
            DEMO_CASE_STUDIES,
            stdout=self.stdout,
            stderr=self.stderr,
            verbosity=options.get("verbosity", 1),
        )
        ensure_demo_moderator(
            email=DEMO_MODERATOR_EMAIL, password=DEMO_MODERATOR_PASSWORD
        )
        ensure_demo_account(
            email=DEMO_CONTRIBUTOR_EMAIL,
            password=DEMO_MODERATOR_PASSWORD,
            groups=[MEMBERS, CONTRIBUTORS],
            display_name="Contribution (démo)",
            municipality=Municipality.objects.filter(
                geographic_code=DEMO_CONTRIBUTOR_MUNICIPALITY
            ).first(),
        )
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "\nComptes de démonstration (site et administration, /admin/) :\n"
                    "  modération :   %(moderator)s\n"
                    "  contribution : %(contributor)s (Drummondville)\n"
                    "  mot de passe : %(password)s\n"
                )
                % {
                    "moderator": DEMO_MODERATOR_EMAIL,
                    "contributor": DEMO_CONTRIBUTOR_EMAIL,
                    "password": DEMO_MODERATOR_PASSWORD,
                }
            )
        )
