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
