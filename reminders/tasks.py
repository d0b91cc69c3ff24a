"""The background jobs, on Django's tasks API (the django-tasks backport, database backend): `run_worker` enqueues
`send_reminders` once a minute, the 18th birthdays every hour and `prune` every day, and runs whatever is queued;
several workers share the queue, and each job is claimed by one of them (row locks on PostgreSQL, an exclusive
transaction on SQLite)."""

import datetime

from django.conf import settings
from django_tasks import task

from accounts import growing_up as growing_up_rules
from reminders import prune as pruning
from reminders import services


@task()
def send_reminders() -> str:
    return str(services.send_due_reminders(batch_size=settings.STRIDE_REMINDER_BATCH_SIZE))


@task()
def retry_push(*, subscription_id: int, patient_id: int, day: str) -> str:
    return services.retry_push(
        subscription_id=subscription_id, patient_id=patient_id, day=datetime.date.fromisoformat(day)
    )


@task()
def prune() -> str:
    return str(pruning.prune())


@task()
def growing_up() -> str:
    return str(growing_up_rules.step())
