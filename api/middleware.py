class NoStoreMiddleware:
    """Every dynamic answer may carry health data, so none is kept by browsers or proxies.

    Static files never reach this middleware: WhiteNoise answers them earlier in the chain.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response["Cache-Control"] = "no-store"
        return response


# What a JSON answer allows if ever opened as a document: nothing. The site's policy (config/settings.py) is written for
# pages; on the four answers Today fetches it was a kilobyte of the page's first load.
JSON_POLICY = "default-src 'none'; frame-ancestors 'none'"


class JsonPolicyMiddleware:
    """Gives JSON answers (the API's, FHIR's, the errors') JSON_POLICY, before django-csp would add the site's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        media_type = response.get("Content-Type", "").split(";")[0].strip()
        if media_type == "application/json" or media_type.endswith("+json"):
            response["Content-Security-Policy"] = JSON_POLICY
        return response
