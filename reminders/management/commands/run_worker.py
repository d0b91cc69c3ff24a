"""`python manage.py run_worker`: one background worker (docs/API.md, Operations). Several may run side by side.

It is django-tasks-db's `db_worker` (which runs the queued jobs, each claimed by one worker) plus a small scheduler
thread: once a minute it inserts a `ScheduledRun` row for the minute for each job of `EVERY_MINUTE`, and the one
worker whose insert succeeds enqueues the job; the others find the row there and leave it. So however many workers
run, each job is enqueued once a minute and run once. Upkeep's jobs are scheduled the same way, with a row for the
hour or the day (UTC): the 18th birthdays every hour, since each time zone's midnight falls on another hour, and
pruning every day.
"""

import datetime
import logging
import random
import threading
import time

from django.db import IntegrityError, close_old_connections, transaction
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from diary.reading import tasks as diary_tasks
from reminders import tasks
from reminders.models import ScheduledRun

logger = logging.getLogger("reminders.worker")

# The daily reminders, and the attention statuses of patients whose day has ended (diary.reading.dashboard).
EVERY_MINUTE = (tasks.send_reminders, diary_tasks.refresh_statuses)


def _enqueue_once(task, period_start: datetime.datetime) -> bool:
    """Enqueues `task` for the period that starts at `period_start` unless another worker has. Answers whether this
    one did. Old rows and finished jobs are deleted by the daily prune (reminders/prune.py)."""
    try:
        with transaction.atomic():
            ScheduledRun.objects.create(task=task.name, minute=period_start)
            task.enqueue()
    except IntegrityError:
        return False
    return True


def schedule_minute(now: datetime.datetime) -> bool:
    """Enqueues this minute's jobs (EVERY_MINUTE) unless another worker has. Answers whether this one enqueued any."""
    minute = now.replace(second=0, microsecond=0)
    return any([_enqueue_once(job, minute) for job in EVERY_MINUTE])


def schedule_upkeep(now: datetime.datetime) -> list[str]:
    """Enqueues this hour's growing_up and this day's prune (UTC), each unless another worker has. Answers the names
    of those this worker enqueued."""
    hour = now.astimezone(datetime.UTC).replace(minute=0, second=0, microsecond=0)
    periods = [(tasks.growing_up, hour), (tasks.prune, hour.replace(hour=0))]
    return [task.name for task, start in periods if _enqueue_once(task, start)]


class Scheduler(threading.Thread):
    def __init__(self):
        super().__init__(name="stride-scheduler", daemon=True)

    def run(self):
        while True:
            try:
                schedule_minute(timezone.now())
            except Exception:  # the database away for a moment: try again next minute
                logger.exception("Could not schedule the reminders.")
            try:
                schedule_upkeep(timezone.now())
            except Exception:  # likewise: the hour's or the day's row is tried again each minute until it is in
                logger.exception("Could not schedule upkeep.")
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
