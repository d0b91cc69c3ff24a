"""The diary's background job, run by `manage.py run_worker` every minute beside the reminders."""

from django_tasks import task

from diary.reading import dashboard, outcome_data


@task()
def refresh_statuses() -> str:
    """Every attention status whose patient's day has ended, or whose diary changed, worked out again: so a clinic's
    list finds them fresh (its read still refreshes any it finds stale). And the kept outcomes of periods no one has
    asked about for 8 days let go."""
    worked_out = dashboard.refresh_all_stale()
    return f"statuses worked out: {worked_out}; kept outcomes let go: {outcome_data.forget_old()}"
