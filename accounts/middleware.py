"""A signed-in person reads Stride in the language on their account, whatever their browser asks for.

Pages sign in with the session, known here. An API token is only read inside the view (DRF authenticates there,
after every middleware), so `api.authentication` calls `use_language_of` as soon as the token is known: errors
then come back in the account's language too. Django's LocaleMiddleware, outside this one, sets
`Content-Language` from the language active when the answer leaves, and `Vary: Accept-Language`.
"""

from django.utils import translation
from django.utils.cache import patch_vary_headers


def use_language_of(request, user) -> None:
    """Speaks `user`'s language for the rest of this request (`request` is Django's HttpRequest)."""
    if user.language:
        translation.activate(user.language)
        request.LANGUAGE_CODE = user.language


class PersonLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            use_language_of(request, user)
        response = self.get_response(request)
        # The answer to a token depends on whose token it is (the session cookie already gets `Vary: Cookie`).
        if "HTTP_AUTHORIZATION" in request.META:
            patch_vary_headers(response, ("Authorization",))
        return response
