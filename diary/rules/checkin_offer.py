"""When Today offers the weekly check-in. Pure Python, no Django.

Not on a new diary's first days: the Functional Disability Inventory asks about "the last few days", and a teen's
first task is the daily habit (two answers and Save, on the first screen). So the offer waits until there is
something to compare: at least MIN_LOGGED_DAYS logged days, and never before day FIRST_DAY of the diary (counted
from its first logged day). From then on it comes once a week, 7 days after the latest check-in, as before. A teen
who wants one earlier still finds it from Trends.
"""

import datetime

MIN_LOGGED_DAYS = 3
FIRST_DAY = 7  # day 7 of the diary: its first logged day is day 1
WEEK = 7


def checkin_due(
    *,
    today: datetime.date,
    first_logged: datetime.date | None,
    days_logged: int,
    last_checkin: datetime.date | None,
) -> bool:
    """Whether Today invites the weekly check-in."""
    if first_logged is None or days_logged < MIN_LOGGED_DAYS:
        return False
    if (today - first_logged).days + 1 < FIRST_DAY:
        return False
    return last_checkin is None or (today - last_checkin).days >= WEEK
