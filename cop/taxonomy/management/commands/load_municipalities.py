from django.core.management.base import BaseCommand

from cop.core.progress import ProgressBar
from cop.taxonomy.services import load_municipalities


class Command(BaseCommand):
    help = "Load or refresh Quebec's regions and municipalities (MAMH directory)."

    def handle(self, *args, **options):
        report = load_municipalities(
            progress=ProgressBar("Municipalités", stream=self.stdout)
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.kept} municipalities ({report.created} created, "
                f"{report.updated} updated, {report.unchanged} unchanged); "
                f"{report.skipped} non-municipal territories skipped."
            )
        )
