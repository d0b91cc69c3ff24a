"""The scheduled jobs of upkeep, on Django's tasks API (run by `run_worker`, which enqueues them: reminders)."""

from django_tasks import task

from accounts import growing_up as growing_up_rules
from upkeep import prune as pruning


@task()
def prune() -> str:
    return str(pruning.prune())


@task()
def growing_up() -> str:
    return str(growing_up_rules.step())
