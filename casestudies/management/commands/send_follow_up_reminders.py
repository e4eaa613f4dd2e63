from django.core.management.base import BaseCommand

from casestudies.followup import send_follow_up_reminders


class Command(BaseCommand):
    help = (
        "Email the contacts of case studies published or updated 6 or 12 months "
        "ago (run daily; never sends the same reminder twice)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List the reminders, send nothing."
        )

    def handle(self, *args, dry_run: bool = False, **options):
        reminders = send_follow_up_reminders(dry_run=dry_run)
        verb = "would be sent" if dry_run else "sent"
        for reminder in reminders:
            self.stdout.write(
                f"- {reminder.page.title} ({reminder.months} months) "
                f"→ {reminder.page.contact_email}"
            )
        self.stdout.write(self.style.SUCCESS(f"{len(reminders)} reminder(s) {verb}."))
