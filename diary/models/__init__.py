from diary.models.checkins import ANSWER_FIELDS, FunctionCheckin
from diary.models.entries import (
    ENTRY_RANGES,
    NOTE_MAX_LENGTH,
    CodeListValidator,
    DailyEntry,
    check_diary_day,
    validate_quarter_hours,
)

__all__ = [
    "ANSWER_FIELDS",
    "ENTRY_RANGES",
    "NOTE_MAX_LENGTH",
    "CodeListValidator",
    "DailyEntry",
    "FunctionCheckin",
    "check_diary_day",
    "validate_quarter_hours",
]
