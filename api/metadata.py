from rest_framework.metadata import SimpleMetadata


class Metadata(SimpleMetadata):
    """OPTIONS answers the view's name, description and media types; its fields are in the OpenAPI schema.

    DRF's own also lists the fields a PUT takes, after a get_object() to check object permissions. Stride's
    views find their object through accounts.access instead, so on an entry or a check-in that was a 500.
    """

    def determine_actions(self, request, view):
        return {}
