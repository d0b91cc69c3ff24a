"""The accounts' own refusals, free of HTTP: the API (api/errors.py) and the pages (frontend) say them as 404s."""


class NotVisible(Exception):
    """No such thing, or not the caller's to see: a patient, an invitation, a care-team member, a clinic. One answer
    for both, so that nobody learns that something they may not see exists."""
