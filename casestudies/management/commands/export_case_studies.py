import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, OutputWrapper
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from casestudies.interchange import export_records, write_csv, write_jsonl
from cop.core.progress import ProgressBar

WRITERS = {"jsonl": write_jsonl, "csv": write_csv}


class _Unterminated:
    """Lets csv and json writers use a command's stdout without extra newlines."""

    def __init__(self, wrapper: OutputWrapper):
        self.wrapper = wrapper

    def write(self, text: str) -> int:
        self.wrapper.write(text, ending="")
        return len(text)


class Command(BaseCommand):
    @property
    def help(self) -> str:
        return _(
            "Exporte les études de cas publiées dans le format d'échange (JSON Lines "
            "ou CSV). Sans --include-private : pas d'études réservées aux membres, "
            "et les études anonymes sont exportées sans leur municipalité."
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "--format",
            choices=sorted(WRITERS),
            default="jsonl",
            help=_("jsonl (par défaut) ou csv."),
        )
        parser.add_argument(
            "--output",
            type=Path,
            help=_("Fichier à écrire (par défaut, la sortie standard)."),
        )
        parser.add_argument(
            "--include-private",
            action="store_true",
            help=_(
                "Inclure les études réservées aux membres, les municipalités des "
                "études anonymes et les personnes-ressources."
            ),
        )

    def handle(
        self,
        *args,
        format: str = "jsonl",
        output: Path | None = None,
        include_private: bool = False,
        verbosity: int = 1,
        **options,
    ):
        # Progress goes to stderr, never mixed with the data.
        progress = None
        if verbosity > 0:
            progress = ProgressBar(
                _("Export"), stream=options.get("stderr") or sys.stderr
            )
        records = export_records(include_private=include_private, progress=progress)
        write = WRITERS[format]
        if output is None:
            count = write(records=records, stream=_Unterminated(self.stdout))
        else:
            try:
                with output.open("w", encoding="utf-8", newline="") as stream:
                    count = write(records=records, stream=stream)
            except OSError as exc:
                raise CommandError(
                    _("Impossible d'écrire le fichier %(path)s (%(reason)s).")
                    % {"path": output, "reason": exc.strerror or exc}
                ) from exc
        if verbosity > 0:
            self.stderr.write(
                ngettext(
                    "%(n)d étude de cas exportée.",
                    "%(n)d études de cas exportées.",
                    count,
                )
                % {"n": count},
                style_func=lambda text: text,
            )
