from django.core.management.base import BaseCommand

from reminders.services import send_due_reminders


class Command(BaseCommand):
    help = "Sends every daily reminder that is due now, once (running it again sends nothing more)."

    def handle(self, **options):
        report = send_due_reminders()
        self.stdout.write(f"Reminders {report}")
