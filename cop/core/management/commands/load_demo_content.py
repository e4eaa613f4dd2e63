from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

import casestudies
from cop.accounts.roles import CONTRIBUTORS, MEMBERS
from cop.accounts.services import ensure_demo_account, ensure_demo_moderator
from cop.taxonomy.models import Municipality, Theme

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
        self.load_demo_discussions()
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

    def load_demo_discussions(self) -> None:
        """A few French threads with replies (one answered); skipped when present."""
        from casestudies.models import CaseStudyPage
        from forums import services
        from forums.models import Thread

        people = {}
        for key, email, name, code in DEMO_FORUM_MEMBERS:
            people[key], _created = ensure_demo_account(
                email=email,
                password=DEMO_MODERATOR_PASSWORD,
                groups=[MEMBERS],
                display_name=name,
                municipality=Municipality.objects.filter(geographic_code=code).first(),
            )
        case = CaseStudyPage.objects.live().filter(external_id="demo-001").first()
        case_url = f"{settings.SITE_URL}{case.get_url()}" if case else ""
        created = 0
        for slug, author, title, body, replies, accepted in DEMO_THREADS:
            theme = Theme.objects.filter(slug=slug).first()
            if theme is None or Thread.objects.filter(title=title).exists():
                continue
            thread = services.create_thread(
                theme=theme,
                author=people[author],
                title=title,
                body=body,
                enforce_rate_limits=False,
            )
            posts = [
                services.reply(
                    thread=thread,
                    author=people[replier],
                    body=text.format(case_url=case_url),
                    enforce_rate_limits=False,
                )
                for replier, text in replies
            ]
            if accepted is not None:
                services.accept_answer(post=posts[accepted], by=people[author])
            created += 1
        self.stdout.write(
            _("Discussions de démonstration ajoutées : %(count)d") % {"count": created}
        )


DEMO_FORUM_MEMBERS = (
    (
        "sherbrooke",
        "membre.sherbrooke@carrefour.example",
        "Julie (Sherbrooke)",
        "43027",
    ),
    ("rimouski", "membre.rimouski@carrefour.example", "Marc (Rimouski)", "10043"),
    ("levis", "membre.levis@carrefour.example", "Nadia (Lévis)", "25213"),
)

# (theme slug, author, title, question, [(replier, text)], accepted reply index)
DEMO_THREADS = (
    (
        "services-aux-citoyens",
        "sherbrooke",
        "Quel outil pour transcrire les séances du conseil?",
        "Nous aimerions publier les séances du conseil avec des sous-titres en "
        "français. Avez-vous essayé un outil de transcription automatique? "
        "Quelle qualité pour les noms de rues et les accents?",
        [
            (
                "rimouski",
                "On a fait un essai l'an dernier : correct pour le texte courant, "
                "mais il a fallu corriger les noms propres à la main (environ une "
                "heure par séance).",
            ),
            (
                "levis",
                "Montréal a documenté son projet ici : {case_url}\n\n"
                "Leur conseil : prévoir un lexique des noms de rues et des élus "
                "avant de commencer.",
            ),
        ],
        1,
    ),
    (
        "gouvernance-et-ethique-de-l-ia",
        "rimouski",
        "Faut-il une EFVP avant un projet pilote d'agent conversationnel?",
        "Notre direction veut tester un agent conversationnel sur le site Web. "
        "Est-ce qu'une évaluation des facteurs relatifs à la vie privée (Loi 25) "
        "est obligatoire même pour un projet pilote de trois mois?",
        [
            (
                "sherbrooke",
                "Chez nous, le responsable de l'accès à l'information l'a exigée dès "
                "qu'il y avait des renseignements personnels dans les conversations. "
                "Ça nous a pris trois semaines.",
            ),
        ],
        None,
    ),
    (
        "voirie-et-infrastructures",
        "levis",
        "Détection des nids-de-poule par caméra : retours d'expérience?",
        "Un fournisseur nous propose des caméras sur les camions de collecte "
        "pour repérer les nids-de-poule. Quelqu'un a-t-il des résultats concrets?",
        [],
        None,
    ),
)
