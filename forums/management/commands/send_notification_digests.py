from django.core.management.base import BaseCommand

from cop.core.progress import ProgressBar
from forums.notifications import send_notification_digests


class Command(BaseCommand):
    help = (
        "Email the daily digest of discussion notifications to every member who "
        "chose « résumé quotidien ». Run once a day from cron, for example "
        "`0 7 * * * cd /srv/carrefour && .venv/bin/python manage.py "
        "send_notification_digests`. Safe to run again: what was sent is marked "
        "and never sent twice."
    )

    def handle(self, *args, **options):
        progress = ProgressBar("Digests", stream=self.stdout)
        emails, listed = send_notification_digests(progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"{emails} digest email(s) sent, {listed} notification(s) listed."
            )
        )
