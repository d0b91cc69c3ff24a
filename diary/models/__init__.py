from diary.models.checkins import ANSWER_FIELDS, FunctionCheckin
from diary.models.entries import (
    ENTRY_RANGES,
    NOTE_MAX_LENGTH,
    CodeListValidator,
    DailyEntry,
    check_diary_day,
    validate_quarter_hours,
)
from diary.models.goals import MAX_ACTIVE_GOALS, TITLE_MAX_LENGTH, Goal
from diary.models.kept import KeptOutcome
from diary.models.plan import PlanItem, PlanKind, PlanTerms, PlanUnit, SchoolLevel
from diary.models.status import PatientStatus

__all__ = [
    "ANSWER_FIELDS",
    "ENTRY_RANGES",
    "NOTE_MAX_LENGTH",
    "CodeListValidator",
    "DailyEntry",
    "FunctionCheckin",
    "Goal",
    "KeptOutcome",
    "MAX_ACTIVE_GOALS",
    "PatientStatus",
    "PlanItem",
    "PlanKind",
    "PlanTerms",
    "PlanUnit",
    "SchoolLevel",
    "TITLE_MAX_LENGTH",
    "check_diary_day",
    "validate_quarter_hours",
]
