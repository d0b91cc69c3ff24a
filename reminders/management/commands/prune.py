from django.core.management.base import BaseCommand

from reminders.prune import prune


class Command(BaseCommand):
    help = (
        "Deletes what Stride no longer needs (expired sessions, idle API tokens, old invitations and handover links, "
        "reminder and task records, access-log lines over 6 years), and prints how many of each. The worker runs it "
        "every day; running it again deletes nothing more."
    )

    def handle(self, **options):
        for kind, count in prune().items():
            self.stdout.write(f"{kind}: {count}")
