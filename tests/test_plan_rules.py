"""The treatment plan's pure rules (diary/plan.py), by hand-computed numbers and by properties.

Every case below is worked out by hand in its docstring first; the calendar is March 2026, whose 2nd is a Monday.
"""

import datetime
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from diary.rules import plan
from diary.rules.plan import Day, Item, Terms

MON = datetime.date(2026, 3, 2)


def day(n: int) -> datetime.date:
    """The n-th day after Monday 2 March 2026 (0 is that Monday)."""
    return MON + datetime.timedelta(days=n)


def walk(**changes) -> Item:
    """The brisk walk of docs/API.md's example: 15 minutes on 5 days a week, rising by 5 every week up to 45."""
    terms = Terms(MON, "minutes", 15, step_amount=5, step_every_weeks=1, max_amount=45, days_per_week=5)
    values = {"id": 1, "kind": plan.EXERCISE, "starts_on": MON, "terms": (terms,), **changes}
    return Item(**values)


def ticks(item_id: int, amounts: dict[int, int]) -> dict[datetime.date, Day]:
    return {day(n): Day(done={item_id: amount}) for n, amount in amounts.items()}


def test_the_dose_rises_by_whole_weeks_since_the_start_and_stops_at_the_most():
    """15 in days 0-6, 20 from day 7 (a Monday) to 13, 25 from day 14; week 6 gives 15 + 30 = 45; week 7 would give
    50, kept at 45. Before the start, and a step of 0 weeks: see below."""
    item = walk()
    assert [plan.dose_on(item, day(n)) for n in (0, 6, 7, 13, 14, 42, 49, 70)] == [15, 15, 20, 20, 25, 45, 45, 45]
    assert plan.dose_on(item, day(-1)) is None
    fixed = walk(terms=(Terms(valid_from=MON, unit="minutes", amount=15, max_amount=15, days_per_week=5),))
    assert {plan.dose_on(fixed, day(n)) for n in range(60)} == {15}


def test_a_dose_that_steps_up_mid_period():
    """Period Thursday 5 March to Wednesday 11 March; the walk's dose is 15 until Sunday 8, 20 from Monday 9.

    Week of 2 March, days 5-8 counted (4 of 7): expected 5 x 4/7 = 20/7. Ticks: Thu 15 of 15 -> 1, Fri 7 of 15 ->
    7/15; done 22/15.
    Week of 9 March, days 9-11 counted (3 of 7): expected 5 x 3/7 = 15/7. Ticks: Mon 20 of 20 -> 1, Tue 10 of 20 ->
    1/2, Wed 30 of 20 -> 1 (never more than 1 a day); 5/2, kept at 15/7.
    Period: (22/15 + 15/7) / (20/7 + 15/7) = (154 + 225) / 105 / 5 = 379/525, about 0.72.
    """
    logged = ticks(1, {3: 15, 4: 7, 7: 20, 8: 10, 9: 30})
    rows = plan.weeks([walk()], logged, day(3), day(9))
    assert [(w.week_start, w.first, w.last) for w in rows] == [(day(0), day(3), day(6)), (day(7), day(7), day(9))]
    assert [(w.expected, w.done) for w in rows] == [(Fraction(20, 7), Fraction(22, 15)), (Fraction(15, 7),) * 2]
    assert plan.adherence(rows) == Fraction(379, 525)
    assert plan.as_number(plan.adherence(rows)) == 0.72


def test_an_item_that_starts_on_a_wednesday():
    """Towel desensitisation, 3 times a day on 7 days a week, from Wednesday 4 March. In the week of 2 March it ran
    Wednesday to Sunday, 5 of 7 days: expected 7 x 5/7 = 5. Ticks 3, 3, 2, 0, 3 -> 1 + 1 + 2/3 + 0 + 1 = 11/3 of 5:
    11/15, about 0.73. Monday and Tuesday's ticks (before it started) count for nothing."""
    towel = Item(
        id=2,
        kind=plan.DESENSITISATION,
        starts_on=day(2),
        terms=(Terms(valid_from=day(2), unit="times", amount=3, max_amount=3, days_per_week=7),),
    )
    logged = ticks(2, {0: 3, 1: 3, 2: 3, 3: 3, 4: 2, 5: 0, 6: 3})
    [week] = plan.weeks([towel], logged, day(0), day(6))
    assert (week.expected, week.done, week.adherence) == (5, Fraction(11, 3), Fraction(11, 15))
    assert plan.as_number(week.adherence) == 0.73


def test_an_item_ended_on_a_friday():
    """Ended on Friday 13 March (DELETE that day: `ended_on` is the first day it no longer runs), so in the week of
    9 March it ran Monday to Thursday: expected 5 x 4/7 = 20/7. Ticks Mon 20, Wed 20 (the dose of week 2): done 2,
    adherence 2 / (20/7) = 7/10. A tick on the Friday counts for nothing; the weeks after it ended expect nothing and
    are left out."""
    item = walk(ended_on=day(11))
    logged = ticks(1, {7: 20, 9: 20, 11: 20})
    rows = plan.weeks([item], logged, day(7), day(27))
    assert [w.week_start for w in rows] == [day(7)]
    assert (rows[0].expected, rows[0].done, rows[0].adherence) == (Fraction(20, 7), 2, Fraction(7, 10))
    assert not plan.runs_on(item, day(11)) and plan.runs_on(item, day(10))


def test_a_dose_change_from_tomorrow_keeps_the_past():
    """On Wednesday 18 March (week 2, dose 15 + 2 x 5 = 25) the clinician changes the walk to 10 minutes rising 5
    every 2 weeks up to 30: new terms from Thursday 19. Weeks still count from 2 March: on the 19th, week 2 ->
    10 + 5 x floor(2/2) = 15; on Monday 23 (week 3) 15 still; Monday 30 (week 4) 10 + 5 x 2 = 20; week 8 would be 30.
    The 18th keeps 25, so a tick of 20 that day is 20/25 = 4/5; a tick of 15 on the 19th is 1."""
    first = walk().terms[0]
    changed = Terms(
        valid_from=day(17), unit="minutes", amount=10, step_amount=5, step_every_weeks=2, max_amount=30, days_per_week=5
    )
    item = walk(terms=(first, changed))
    assert [plan.dose_on(item, day(n)) for n in (16, 17, 21, 28, 56)] == [25, 15, 15, 20, 30]
    logged = {day(16): Day(done={1: 20}), day(17): Day(done={1: 15})}
    assert plan.done_on(item, day(16), logged[day(16)]) == Fraction(4, 5)
    assert plan.done_on(item, day(17), logged[day(17)]) == 1
    assert plan.doses(item, day(14), day(42)) == [
        plan.Step(day(14), 25),
        plan.Step(day(17), 15),
        plan.Step(day(28), 20),
        plan.Step(day(42), 25),
    ]


def test_sessions_on_fixed_weekdays():
    """Physical therapy on Tuesdays and Thursdays (ISO 2 and 4): due on those days only, expected 2 a week.
    Week of 2 March: Tuesday ticked, Thursday not: 1 of 2. Week of 9 March: a session moved to Wednesday still counts,
    with Thursday's: 2 of 2. An item like it that starts on Wednesday 4 March expects 2 x 5/7 = 10/7 that week, and
    Thursday's session gives 1 / (10/7) = 7/10."""
    terms = Terms(valid_from=MON, weekdays=(2, 4))
    physio = Item(id=3, kind=plan.SESSION, starts_on=MON, terms=(terms,))
    assert [n for n in range(14) if plan.is_due(physio, day(n))] == [1, 3, 8, 10]
    logged = ticks(3, {1: 1, 9: 1, 10: 1})
    rows = plan.weeks([physio], logged, day(0), day(13))
    assert [(w.expected, w.done) for w in rows] == [(2, 1), (2, 2)]
    late = Item(id=3, kind=plan.SESSION, starts_on=day(2), terms=(Terms(valid_from=day(2), weekdays=(2, 4)),))
    [week] = plan.weeks([late], ticks(3, {3: 1}), day(0), day(6))
    assert (week.expected, week.adherence) == (Fraction(10, 7), Fraction(7, 10))


def test_over_achievement_is_capped():
    """30 minutes on all 7 days of a week that asks 15 on 5: each day counts 1 at most (7), and the week at most
    its expected 5: adherence 1, never more."""
    logged = ticks(1, dict.fromkeys(range(7), 30))
    [week] = plan.weeks([walk()], logged, day(0), day(6))
    assert (week.expected, week.done, week.adherence) == (5, 5, 1)


def test_school_is_done_from_the_entry_school_answer():
    """Partial days 3 a week: Monday full, Tuesday partial, Wednesday missed, Thursday partial -> 3 of 3 (a full day
    counts for a partial one). The same week against full days: Monday only, 1 of 3."""
    answers = {0: "full", 1: "partial", 2: "missed", 3: "partial", 4: "none"}
    logged = {day(n): Day(school=school) for n, school in answers.items()}

    def school(level):
        terms = Terms(valid_from=MON, days_per_week=3, school_level=level)
        return Item(id=4, kind=plan.SCHOOL, starts_on=MON, terms=(terms,))

    assert plan.weeks([school("partial")], logged, day(0), day(6))[0].adherence == 1
    assert plan.weeks([school("full")], logged, day(0), day(6))[0].adherence == Fraction(1, 3)


def test_weeks_with_nothing_expected_are_left_out_and_a_plan_is_added_up_across_items():
    """A walk (5 a week) and physio (2 a week) in the week of 2 March: expected 7; walk ticks 15 on 3 days (3),
    physio once (1): 4/7. The week before it started and the one after both ended are not in the list."""
    physio = Item(id=3, kind=plan.SESSION, starts_on=MON, ended_on=day(7), terms=(Terms(MON, weekdays=(2, 4)),))
    logged = {day(0): Day(done={1: 15}), day(1): Day(done={1: 15, 3: 1}), day(2): Day(done={1: 15})}
    rows = plan.weeks([walk(ended_on=day(7)), physio], logged, day(-7), day(13))
    assert [(w.week_start, w.expected, w.done) for w in rows] == [(day(0), 7, 4)]
    assert plan.adherence(rows) == Fraction(4, 7)
    assert plan.adherence([]) is None


def test_plan_low_looks_at_the_last_two_whole_weeks():
    """As of Wednesday 18 March the last two whole weeks are 2-8 and 9-15 March. Walk ticks on 2 days of each
    (2/5 = 0.4 each): low. Three days in the second week (3/5): not low. A plan begun on 9 March expects nothing in
    the first of them: not low however little was done."""
    low = ticks(1, {0: 15, 1: 15, 7: 20, 8: 20})
    assert plan.recent_adherence([walk()], low, day(16)) == [Fraction(2, 5), Fraction(2, 5)]
    assert plan.plan_low(plan.recent_adherence([walk()], low, day(16)))
    enough = ticks(1, {0: 15, 1: 15, 7: 20, 8: 20, 9: 20})
    assert not plan.plan_low(plan.recent_adherence([walk()], enough, day(16)))
    late = walk(starts_on=day(7), terms=(Terms(day(7), "minutes", 15, days_per_week=5, max_amount=15),))
    assert plan.recent_adherence([late], {}, day(16)) == [None, 0]
    assert not plan.plan_low(plan.recent_adherence([late], {}, day(16)))
    # On Sunday 15 March the week of the 9th is not over yet: the two whole weeks are 23 Feb-1 Mar and 2-8 Mar.
    assert plan.whole_weeks_before(day(13)) == (day(-7), day(6))


def test_ticks_are_measured_against_the_day_dose():
    """The largest tick is 10 times a dosed item's dose that day (150 for 15 minutes, 200 from week 2); a session or
    an activity is ticked 1 for done; school takes no tick."""
    assert plan.highest_tick(walk(), day(0)) == 150 and plan.highest_tick(walk(), day(7)) == 200
    physio = Item(id=3, kind=plan.SESSION, starts_on=MON, terms=(Terms(MON, weekdays=(2, 4)),))
    assert plan.highest_tick(physio, day(1)) == 1
    school = Item(id=4, kind=plan.SCHOOL, starts_on=MON, terms=(Terms(MON, days_per_week=3, school_level="full"),))
    assert plan.highest_tick(school, day(1)) is None
    assert plan.highest_tick(walk(), day(-1)) is None


def test_weekdays_are_kept_as_a_mask():
    assert plan.weekdays_to_mask([2, 4]) == 0b1010
    assert plan.mask_to_weekdays(0b1010) == (2, 4)
    assert plan.mask_to_weekdays(plan.weekdays_to_mask(range(1, 8))) == tuple(range(1, 8))


# --- properties -------------------------------------------------------------------------------------------------------

KINDS = st.sampled_from(plan.KINDS)


@st.composite
def items(draw, item_id):
    kind = draw(KINDS)
    starts = day(draw(st.integers(-10, 20)))
    amount = None if kind in plan.NO_AMOUNT else draw(st.integers(1, 60))
    if kind == plan.ACTIVITY and draw(st.booleans()):
        amount = None
    fixed = kind == plan.SESSION and draw(st.booleans())
    terms = []
    valid_from = starts
    for _ in range(draw(st.integers(1, 3))):
        terms.append(
            Terms(
                valid_from=valid_from,
                unit=None if amount is None else "minutes",
                amount=amount,
                step_amount=0 if amount is None else draw(st.integers(0, 10)),
                step_every_weeks=0 if amount is None else draw(st.integers(0, 3)),
                max_amount=None if amount is None else amount + draw(st.integers(0, 40)),
                days_per_week=None if fixed else draw(st.integers(1, 7)),
                weekdays=tuple(sorted(draw(st.sets(st.integers(1, 7), min_size=1)))) if fixed else (),
                school_level=draw(st.sampled_from(plan.SCHOOL_LEVELS)) if kind == plan.SCHOOL else None,
            )
        )
        valid_from += datetime.timedelta(days=draw(st.integers(1, 15)))
    ended = draw(st.none() | st.integers(0, 30))
    ends = None if ended is None else starts + datetime.timedelta(days=ended)
    return Item(id=item_id, kind=kind, starts_on=starts, ended_on=ends, terms=tuple(terms))


PLANS = st.integers(1, 4).flatmap(lambda n: st.tuples(*(items(i + 1) for i in range(n))))
SCHOOL_ANSWERS = st.sampled_from([None, "full", "partial", "missed", "none"])


@st.composite
def logs(draw, plan_items):
    logged = {}
    for n in draw(st.sets(st.integers(-10, 45), max_size=40)):
        done = {item.id: draw(st.integers(0, 120)) for item in plan_items if draw(st.booleans())}
        logged[day(n)] = Day(school=draw(SCHOOL_ANSWERS), done=done)
    return logged


PERIODS = st.tuples(st.integers(-10, 45), st.integers(0, 40)).map(lambda p: (day(p[0]), day(p[0] + p[1])))


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_adherence_is_a_share_and_done_never_exceeds_expected(data):
    plan_items = data.draw(PLANS)
    logged = data.draw(logs(plan_items))
    first, last = data.draw(PERIODS)
    rows = plan.weeks(plan_items, logged, first, last)
    for week in rows:
        assert week.expected > 0
        assert 0 <= week.adherence <= 1
        for row in week.items:
            assert 0 <= row.done <= row.expected
    value = plan.adherence(rows)
    assert value is None or 0 <= value <= 1


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_adding_a_tick_never_lowers_adherence(data):
    plan_items = data.draw(PLANS)
    logged = data.draw(logs(plan_items))
    first, last = data.draw(PERIODS)
    before = plan.adherence(plan.weeks(plan_items, logged, first, last))
    item = data.draw(st.sampled_from(plan_items))
    when = day(data.draw(st.integers(-10, 45)))
    found = logged.get(when, Day())
    if item.id in found.done:
        return
    logged = {**logged, when: Day(school=found.school, done={**found.done, item.id: data.draw(st.integers(0, 200))})}
    after = plan.adherence(plan.weeks(plan_items, logged, first, last))
    assert (before or 0) <= (after or 0)
    assert (before is None) == (after is None)  # a tick never changes what is expected


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_the_dose_never_passes_its_bounds(data):
    [item] = data.draw(st.tuples(items(1)))
    for n in range(-10, 80):
        dose = plan.dose_on(item, day(n))
        if dose is not None:
            terms = plan.terms_on(item, day(n))
            assert terms.amount <= dose <= terms.max_amount


@settings(max_examples=200)
@given(amounts=st.dictionaries(st.integers(0, 27), st.integers(0, 80), max_size=28), first=st.integers(0, 6))
def test_a_week_sums_to_the_exact_fractions_of_its_days(amounts, first):
    """The week's sums are made from whole numbers and a few Fractions (plan.item_week); they equal each day's own
    Fraction, min(1, amount / dose), summed one by one and kept at what was expected."""
    item, logged = walk(), ticks(1, amounts)
    for week in plan.weeks([item], logged, day(first), day(27)):
        (row,) = week.items
        days = [week.first + datetime.timedelta(days=n) for n in range((week.last - week.first).days + 1)]
        each = [Fraction(plan.done_on(item, d, logged.get(d))) for d in days]
        assert row.done == min(sum(each, Fraction(0)), row.expected)
        assert row.expected == sum((Fraction(5, 7) for _ in days), Fraction(0))
        assert all(type(value) in (int, Fraction) for value in (plan.done_on(item, d, logged.get(d)) for d in days))


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_a_week_worked_out_once_equals_its_days_worked_out_one_by_one(data):
    """plan.item_week works a week's terms and dose out once when its first and last day share them; with terms that
    change and doses that step up mid-week, each item's week still equals the definition: each day's own terms'
    seventh, and min(1, amount / dose) with that day's dose, summed one by one and kept at what was expected."""
    plan_items = data.draw(PLANS)
    logged = data.draw(logs(plan_items))
    first, last = data.draw(PERIODS)
    for week in plan.weeks(plan_items, logged, first, last):
        days = [week.first + datetime.timedelta(days=n) for n in range((week.last - week.first).days + 1)]
        for row in week.items:
            ran = [d for d in days if plan.runs_on(row.item, d)]
            expected = sum((Fraction(plan.per_week(plan.terms_on(row.item, d)), 7) for d in ran), Fraction(0))
            done = sum((Fraction(plan.done_on(row.item, d, logged.get(d))) for d in ran), Fraction(0))
            assert (row.expected, row.done) == (expected, min(done, expected))
        assert week.expected == sum((row.expected for row in week.items), Fraction(0))
        assert week.done == sum((row.done for row in week.items), Fraction(0))
