"""Content negotiation: the API answers in JSON whatever the Accept header asks for."""

from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation


class JsonWhateverIsAccepted(DefaultContentNegotiation):
    """An Accept header the API cannot satisfy (text/html, a typo) gets the JSON answer anyway, never a 406 that the
    schema does not document: RFC 9110 (12.5.1) lets a server disregard the header instead of refusing. A format the
    URL names (`?format=`) is still held to as DRF holds to it."""

    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except NotAcceptable:
            return renderers[0], renderers[0].media_type
