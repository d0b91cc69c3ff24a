"""Parsing of query parameters and headers into plain values, with the 400 messages docs/API.md asks for."""

import datetime
import re

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError

from diary.reading.trend_data import MAX_DAYS

# The days a diary can be about: births from 1900 on (120 years back at most), nothing planned past 2200. Far
# inside Python's years 1 to 9999, so a week before or after any of them is still a date (no OverflowError).
EARLIEST = datetime.date(1900, 1, 1)
LATEST = datetime.date(2200, 12, 31)
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def valid_data(serializer_class, request, **kwargs):
    """The request body validated by `serializer_class`, or a 400 with its field messages."""
    serializer = serializer_class(data=request.data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def one_of(request, name: str, choices, message) -> str:
    """A query parameter naming one of `choices` (the first when it is absent or empty); anything else is a 400 with
    `message` under the parameter's name."""
    value = request.query_params.get(name) or next(iter(choices))
    if value not in choices:
        raise ValidationError({name: [message]})
    return value


def date_param(request, name):
    raw = request.query_params.get(name)
    if not raw:
        return None
    try:
        day = datetime.date.fromisoformat(raw) if ISO_DATE.fullmatch(raw) else None
    except ValueError:
        day = None
    if day is None:
        raise ValidationError({name: [_("Use a date written as YYYY-MM-DD, such as 2026-11-21.")]})
    if not EARLIEST <= day <= LATEST:
        years = {"first": EARLIEST.year, "last": LATEST.year}
        raise ValidationError({name: [_("Use a date between %(first)s and %(last)s.") % years]})
    return day


def _range_parameters(limit=""):
    return [
        OpenApiParameter("from", OpenApiTypes.DATE, description=f"First day, YYYY-MM-DD.{limit}"),
        OpenApiParameter("to", OpenApiTypes.DATE, description=f"Last day, YYYY-MM-DD.{limit}"),
    ]


# `from` and `to` of the lists and downloads: a range of any length, as they hold only the days logged.
RANGE_PARAMETERS = _range_parameters()
# Trends, the Summary and Clinic outcomes compute every day of the range: diary.reading.trend_data.check_range bounds
# it.
TEN_YEAR_RANGE_PARAMETERS = _range_parameters(
    f" From `from` (or its default first day) to `to`, both included, is at most ten years ({MAX_DAYS:,} days): "
    "a longer range gets 400."
)


def date_range(request):
    date_from, date_to = date_param(request, "from"), date_param(request, "to")
    if date_from and date_to and date_from > date_to:
        raise ValidationError({"from": [_("The start date must be on or before the end date.")]})
    return date_from, date_to


def expected_version(request):
    """The version named by If-Match: an int, "*" (any existing entry) or None when the header is absent."""
    raw = request.headers.get("If-Match")
    if raw is None:
        return None
    value = raw.strip()
    if value == "*":
        return "*"
    if value.startswith("W/"):
        value = value[2:]
    try:
        return int(value.strip('"'))
    except ValueError:
        message = _('If-Match must be an entry version in quotes, such as "3".')
        raise ValidationError({"detail": message}) from None
