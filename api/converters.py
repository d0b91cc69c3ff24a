import datetime


class IsoDateConverter:
    """A calendar date in a URL, YYYY-MM-DD; an impossible date such as 2026-02-30 does not match (404)."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value):
        return datetime.date.fromisoformat(value)

    def to_url(self, value):
        return value.isoformat()


class RecordIdConverter:
    """A database id in a URL. Eighteen digits at most, so an absurd id is a 404, not a 64-bit overflow (500)."""

    regex = r"[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)
