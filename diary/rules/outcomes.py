"""Clinic outcomes: a clinician's patients, first week against the last 7 days, as medians and counts.

Pure Python, no Django. Each patient's row comes from that patient's Summary for the same period (diary.rules.summary),
so a clinic's figures are made of the numbers a clinician sees on each Summary. Patients with fewer than 14 logged
days in the period are counted as "not enough data yet" and left out of the medians, never dropped silently.
"""

import csv
import functools
import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from statistics import median

from diary.rules import trends
from diary.rules.figures import rounded

MIN_LOGGED_DAYS = trends.MIN_DAYS  # logged days in the period for a patient to count in the figures
CHANGE = trends.CHANGE  # points on the 0-10 scales that count as improved
MIN_LOGGED_IN_WEEK = trends.MIN_LOGGED  # logged days of 7 for a week's mean
MINIMAL_BAND = "minimal"  # the Functional Disability Inventory's band of 0-12 (diary.vocabularies.FunctionBand)
STATUSES = (
    trends.FUNCTION_FIRST,
    trends.TOGETHER,
    trends.FUNCTION_IMPROVING,
    trends.PAIN_FIRST,
    trends.PAIN_IMPROVING,
    trends.NO_CHANGE_YET,
    trends.NOT_ENOUGH_DATA,
)
DISTRIBUTION_REACH = 3  # the function-change chart always shows at least -3..+3


@dataclass(frozen=True)
class PatientOutcome:
    """One patient's figures for the period, from their Summary. No name, no date of birth."""

    status: str
    days_in_period: int
    days_logged: int
    adherence: float | None
    function_baseline: float | None
    function_recent: float | None
    pain_baseline: float | None
    pain_recent: float | None
    fdi_first: int | None = None
    fdi_latest: int | None = None
    fdi_first_band: str | None = None
    fdi_latest_band: str | None = None
    days_to_function_improved: int | None = None
    plan_adherence: float | None = None  # the treatment plan's adherence over the period (None without a plan)

    @property
    def enough_data(self) -> bool:
        return self.days_logged >= MIN_LOGGED_DAYS

    # Kept once worked out (the medians, the counts and the distribution each ask it of 1,000 rows); a frozen
    # dataclass's fields never change, and cached_property writes beside them, not to them.
    @functools.cached_property
    def function_change(self) -> float | None:
        """The Summary's change: last 7 days minus the first week, two decimals."""
        if self.function_baseline is None or self.function_recent is None:
            return None
        return rounded(self.function_recent - self.function_baseline)

    @functools.cached_property
    def pain_change(self) -> float | None:
        if self.pain_baseline is None or self.pain_recent is None:
            return None
        return rounded(self.pain_recent - self.pain_baseline)

    @property
    def function_improved(self) -> bool | None:
        """Function's last 7 days at least 2 points above its first week (None without both)."""
        change = self.function_change
        return None if change is None else change >= CHANGE

    @property
    def pain_improved(self) -> bool | None:
        """Pain's last 7 days at least 2 points below its first week (None without both)."""
        change = self.pain_change
        return None if change is None else change <= -CHANGE

    @property
    def reached_minimal(self) -> bool | None:
        """The latest check-in of the period is in the minimal band (0-12) and the first was not (None without one)."""
        if self.fdi_latest_band is None:
            return None
        return self.fdi_latest_band == MINIMAL_BAND and self.fdi_first_band != MINIMAL_BAND


def from_summary(summary: dict) -> PatientOutcome:
    """A patient's outcome from their Summary (diary.rules.summary.summary) for the period."""
    insight, checkins = summary["insight"], summary["checkins"]
    first, latest = checkins["first"], checkins["latest"]
    improved_on, baseline = insight["function_improved_on"], insight["baseline"]
    days_to = None
    if improved_on is not None and baseline is not None:
        days_to = (date.fromisoformat(improved_on) - date.fromisoformat(baseline["from"])).days
    return PatientOutcome(
        status=insight["status"],
        days_in_period=summary["days_in_period"],
        days_logged=summary["days_logged"],
        adherence=summary["adherence"],
        function_baseline=summary["function"]["baseline"],
        function_recent=summary["function"]["recent"],
        pain_baseline=summary["pain"]["baseline"],
        pain_recent=summary["pain"]["recent"],
        fdi_first=first and first["total"],
        fdi_latest=latest and latest["total"],
        fdi_first_band=first and str(first["band"]),
        fdi_latest_band=latest and str(latest["band"]),
        days_to_function_improved=days_to,
        plan_adherence=summary.get("plan", {}).get("adherence"),
    )


def _median(values: Iterable[float | int | None]) -> float | None:
    known = [value for value in values if value is not None]
    return rounded(median(known)) if known else None


def _measure(rows: Sequence[PatientOutcome], name: str) -> dict:
    """Baseline against the last 7 days for the patients who have both, so the two medians are of the same people."""
    paired = [row for row in rows if getattr(row, f"{name}_change") is not None]
    return {
        "baseline_median": _median(getattr(row, f"{name}_baseline") for row in paired),
        "recent_median": _median(getattr(row, f"{name}_recent") for row in paired),
        "improved": sum(bool(getattr(row, f"{name}_improved")) for row in paired),
        "n": len(paired),
    }


def step(change: float) -> int:
    """The whole number of points a change is nearest to (halves away from zero), for the distribution chart."""
    return int(math.copysign(math.floor(abs(change) + 0.5), change))


def distribution(changes: Iterable[float]) -> list[dict]:
    """How many patients' function changed by about each whole number of points, every step from the lowest to the
    highest shown (at least -3..+3), as `[{change, patients}]`."""
    steps = [step(change) for change in changes]
    low = min([-DISTRIBUTION_REACH, *steps])
    high = max([DISTRIBUTION_REACH, *steps])
    return [{"change": k, "patients": steps.count(k)} for k in range(low, high + 1)]


def outcomes(rows: Sequence[PatientOutcome]) -> dict:
    """docs/API.md's Clinic outcomes over the patients with enough data, and how many had not enough data yet."""
    counted = [row for row in rows if row.enough_data]
    with_fdi = [row for row in counted if row.fdi_latest is not None]
    improved_after = [row.days_to_function_improved for row in counted if row.days_to_function_improved is not None]
    return {
        "patients": len(counted),
        "not_enough_data": len(rows) - len(counted),
        "function": _measure(counted, "function"),
        "pain": _measure(counted, "pain"),
        "fdi": {
            "first_median": _median(row.fdi_first for row in with_fdi),
            "latest_median": _median(row.fdi_latest for row in with_fdi),
            "reached_minimal": sum(bool(row.reached_minimal) for row in with_fdi),
            "n": len(with_fdi),
        },
        "days_to_function_improved": {"median": _median(improved_after), "n": len(improved_after)},
        "adherence_median": _median(row.adherence for row in counted),
        "plan_adherence_median": _median(row.plan_adherence for row in counted),
        "statuses": {status: sum(row.status == status for row in counted) for status in STATUSES},
        "function_change": distribution(row.function_change for row in counted if row.function_change is not None),
    }


CSV_COLUMNS = (
    "row",
    "enough_data",
    "status",
    "days_in_period",
    "days_logged",
    "adherence",
    "function_baseline",
    "function_recent",
    "function_change",
    "function_improved",
    "pain_baseline",
    "pain_recent",
    "pain_change",
    "pain_improved",
    "fdi_first",
    "fdi_latest",
    "fdi_reached_minimal",
    "days_to_function_improved",
    "plan_adherence",
)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def csv_text(rows: Sequence[PatientOutcome]) -> str:
    """One line per patient, without names, dates or ids: an audit can check every figure, and no row leads back
    to a person. Rows go by status, then by function change, never in the order of the patients list. Every cell is
    a number, yes/no or a status code written here (no text anyone typed), so none can run as a formula."""
    order = {status: index for index, status in enumerate(STATUSES)}
    lines = []
    for row in rows:
        named = {"enough_data": row.enough_data, "fdi_reached_minimal": row.reached_minimal}
        values = {column: named[column] if column in named else getattr(row, column) for column in CSV_COLUMNS[1:]}
        key = (not row.enough_data, order.get(row.status, len(order)), -(row.function_change or 0))
        lines.append((key, [_cell(value) for value in values.values()]))
    # Ties are broken by the cells themselves, so the order says nothing the figures do not.
    lines.sort()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for number, (_, cells) in enumerate(lines, start=1):
        writer.writerow([number, *cells])
    return out.getvalue()
