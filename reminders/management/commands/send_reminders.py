import argparse

from django.conf import settings
from django.core.management.base import BaseCommand

from reminders.services import send_due_reminders


def at_least_one(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"a whole number of at least 1, not {value!r}")
    return int(value)


class Command(BaseCommand):
    help = "Sends every daily reminder that is due now, once (running it again sends nothing more)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size",
            type=at_least_one,
            default=None,
            help="How many reminders to claim at a time (default: STRIDE_REMINDER_BATCH_SIZE, 500).",
        )

    def handle(self, *, batch_size=None, **options):
        report = send_due_reminders(batch_size=batch_size or settings.STRIDE_REMINDER_BATCH_SIZE)
        self.stdout.write(f"Reminders {report}")
