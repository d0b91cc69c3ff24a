import datetime


class IsoDateConverter:
    """A calendar date in a URL, YYYY-MM-DD; an impossible date such as 2026-02-30 does not match (404)."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value):
        return datetime.date.fromisoformat(value)

    def to_url(self, value):
        return value.isoformat()
