"""Birthdays that change what a diary's people may do: 13 (a child's diary can become her own) and 18 (parents'
access pauses), and the 30 days before 18 (she is told). Pure dates, no Django.

The rule for 29 February: in a year without one, the birthday is 1 March, the first day on which the years have
truly passed. It is the rule of `accounts.timezones.age_on`, so every age Stride shows and every step it takes on a
birthday agree: `age_on(born, turns(born, n)) == n` and the day before is still `n - 1`.
"""

import datetime

from accounts.timezones import age_on

HANDOVER_AGE = 13
ADULT_AGE = 18
ADULT_NOTICE = datetime.timedelta(days=30)


def birthday_in(born: datetime.date, year: int) -> datetime.date:
    """The day `born` has a birthday in `year`: 1 March for 29 February in a year that has none."""
    try:
        return born.replace(year=year)
    except ValueError:  # 29 February, in a year without one
        return datetime.date(year, 3, 1)


def turns(born: datetime.date, age: int) -> datetime.date:
    """The first day on which someone born on `born` is `age` years old."""
    return birthday_in(born, born.year + age)


def latest_birth_date(day: datetime.date, age: int) -> datetime.date:
    """The latest birth date of someone who is at least `age` on `day`: everyone born on or before it is."""
    try:
        return day.replace(year=day.year - age)
    except ValueError:  # `day` is 29 February and that year has none: born on 28 February, at the latest
        return datetime.date(day.year - age, 2, 28)


def is_adult(born: datetime.date, today: datetime.date) -> bool:
    return age_on(born, today) >= ADULT_AGE


def adult_notice_due(born: datetime.date, today: datetime.date) -> bool:
    """True on the 30 days before the 18th birthday, that day excluded: the time to tell her what will change."""
    adult_on = turns(born, ADULT_AGE)
    return adult_on - ADULT_NOTICE <= today < adult_on
