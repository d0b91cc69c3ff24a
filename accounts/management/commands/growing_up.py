from django.core.management.base import BaseCommand

from accounts.growing_up import step


class Command(BaseCommand):
    help = (
        "Tells teens 30 days before they turn 18 that parents' access will pause, and pauses it on the birthday, "
        "each once (running it again does nothing more). The worker runs it every hour."
    )

    def handle(self, **options):
        self.stdout.write(str(step()))
