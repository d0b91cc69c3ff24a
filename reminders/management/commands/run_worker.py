"""`python manage.py run_worker`: one background worker (API.md, Operations). Several may run side by side.

It is django-tasks-db's `db_worker` (which runs the queued jobs, each claimed by one worker) plus a small scheduler
thread: once a minute, for each periodic job (`EVERY_MINUTE`), it inserts a `ScheduledRun` row for the minute, and
the one worker whose insert succeeds enqueues the job; the others find the row there and leave it. So however many
workers run, each job is enqueued once a minute and run once.
"""

import datetime
import logging
import random
import threading
import time

from django.db import IntegrityError, close_old_connections, transaction
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand
from django_tasks_db.models import DBTaskResult

from diary import tasks as diary_tasks
from reminders import tasks
from reminders.models import ScheduledRun

logger = logging.getLogger("reminders.worker")

KEEP_FINISHED = datetime.timedelta(days=1)  # finished jobs and schedule rows are deleted after a day
# The daily reminders, and the attention statuses of patients whose day has ended (diary.dashboard).
EVERY_MINUTE = (tasks.send_reminders, diary_tasks.refresh_statuses)


def schedule_minute(now: datetime.datetime) -> bool:
    """Enqueues this minute's periodic jobs unless another worker has. Answers whether this one did."""
    minute = now.replace(second=0, microsecond=0)
    try:
        with transaction.atomic():
            for job in EVERY_MINUTE:
                ScheduledRun.objects.create(task=job.name, minute=minute)
                job.enqueue()
    except IntegrityError:
        return False
    if minute.minute == 0:  # once an hour, whoever scheduled it tidies up
        ScheduledRun.objects.filter(minute__lt=now - KEEP_FINISHED).delete()
        DBTaskResult.objects.finished().filter(finished_at__lt=now - KEEP_FINISHED).delete()
    return True


class Scheduler(threading.Thread):
    def __init__(self):
        super().__init__(name="stride-scheduler", daemon=True)

    def run(self):
        while True:
            try:
                schedule_minute(timezone.now())
            except Exception:  # the database away for a moment: try again next minute
                logger.exception("Could not schedule the reminders.")
            finally:
                close_old_connections()
            # Shortly after the next minute starts, with a little jitter so that workers do not all knock at once.
            time.sleep(60 - time.time() % 60 + random.uniform(0.05, 1.0))  # noqa: S311


class Command(DatabaseWorkerCommand):
    help = "Runs one background worker: the daily reminders every minute, and any queued job. Several may run."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(reload=False, queue_name="*")
        parser.add_argument(
            "--no-schedule", action="store_true", help="Only run queued jobs; enqueue nothing every minute."
        )

    def handle(self, *, no_schedule=False, **options):
        if not no_schedule:
            Scheduler().start()
        super().handle(**options)
