import argparse
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from casestudies.interchange import InterchangeFileError, read_jsonl
from casestudies.services import (
    CaseStudyImportError,
    ImportReport,
    import_case_studies,
)
from cop.core.progress import ProgressBar


def summary_line(report: ImportReport) -> str:
    """« N créées, N mises à jour, N inchangées, N ignorées »."""
    counts = [
        ngettext("%(n)d créée", "%(n)d créées", len(report.created)),
        ngettext("%(n)d mise à jour", "%(n)d mises à jour", len(report.updated)),
        ngettext("%(n)d inchangée", "%(n)d inchangées", len(report.unchanged)),
        ngettext("%(n)d ignorée", "%(n)d ignorées", report.skipped),
    ]
    numbers = [
        len(report.created),
        len(report.updated),
        len(report.unchanged),
        report.skipped,
    ]
    return ", ".join(text % {"n": n} for text, n in zip(counts, numbers, strict=True))


class Command(BaseCommand):
    @property
    def help(self) -> str:
        return _(
            "Importe des études de cas d'un fichier JSON Lines (format d'échange). "
            "Chaque ligne est validée avant toute écriture; une étude existante "
            "(même external_id) est mise à jour seulement si elle a changé."
        )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=_("Fichier .jsonl à importer."))
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Tout valider et dire ce qui changerait, sans écrire."),
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help=_(
                "Importer les lignes valides et ignorer celles qui ont des erreurs."
            ),
        )
        parser.add_argument(
            "--publish",
            action=argparse.BooleanOptionalAction,
            default=True,
            help=_(
                "Publier les études importées (par défaut) ou les laisser en "
                "brouillon (--no-publish)."
            ),
        )

    def handle(
        self,
        *args,
        file: Path,
        dry_run: bool = False,
        skip_invalid: bool = False,
        publish: bool = True,
        verbosity: int = 1,
        **options,
    ):
        try:
            records = read_jsonl(path=file)
        except InterchangeFileError as exc:
            raise CommandError(str(exc)) from exc

        progress = None
        if verbosity > 0:
            progress = ProgressBar(_("Études de cas"), stream=self.stdout)
        try:
            report = import_case_studies(
                records=records,
                publish=publish,
                dry_run=dry_run,
                skip_invalid=skip_invalid,
                progress=progress,
            )
        except CaseStudyImportError as exc:
            raise CommandError(str(exc)) from exc

        if report.aborted:
            heading = _(
                "Rien n'a été importé : %(errors)s dans %(lines)s. Corrigez le "
                "fichier, ou relancez avec --skip-invalid pour importer seulement "
                "les lignes valides."
            ) % {
                "errors": ngettext("%(n)d erreur", "%(n)d erreurs", len(report.errors))
                % {"n": len(report.errors)},
                "lines": ngettext("%(n)d ligne", "%(n)d lignes", report.skipped)
                % {"n": report.skipped},
            }
            raise CommandError(
                "\n".join([heading, *(str(error) for error in report.errors)])
            )

        if report.errors:
            self.stderr.write(
                ngettext(
                    "%(n)d ligne ignorée à cause de ces erreurs :",
                    "%(n)d lignes ignorées à cause de ces erreurs :",
                    report.skipped,
                )
                % {"n": report.skipped}
            )
            for error in report.errors:
                self.stderr.write(f"  {error}")

        if verbosity == 0:
            return
        if dry_run:
            self.stdout.write(_("Simulation (--dry-run) : rien n'a été enregistré."))
            for label, ids in (
                (_("Seraient créées :"), report.created),
                (_("Seraient mises à jour :"), report.updated),
            ):
                if ids:
                    self.stdout.write(f"{label} {', '.join(ids)}")
        elif verbosity > 1:
            for label, ids in (
                (_("Créées :"), report.created),
                (_("Mises à jour :"), report.updated),
            ):
                if ids:
                    self.stdout.write(f"{label} {', '.join(ids)}")
        self.stdout.write(self.style.SUCCESS(summary_line(report)))
