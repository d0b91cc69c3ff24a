import re

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

MAX_PAGE = 1_000_000  # far past any diary's last page; the cap keeps int() away from absurdly long numbers
_DIGITS = re.compile(r"[0-9]{1,7}")


def whole_number(request, name, highest):
    """The query parameter `name` as an int from 1 to `highest`, None when absent, else a 400 (docs/API.md)."""
    values = request.query_params.getlist(name)
    if not values:
        return None
    if len(values) == 1 and _DIGITS.fullmatch(values[0]) and 1 <= int(values[0]) <= highest:
        return int(values[0])
    raise ValidationError({name: [_("Use one whole number from 1 to %(highest)s.") % {"highest": highest}]})


class Pagination(PageNumberPagination):
    """DRF's pages, strict about `page` and `page_size`; a page past the last one is still DRF's 404."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    last_page_strings = ()

    def get_page_size(self, request):
        return whole_number(request, self.page_size_query_param, self.max_page_size) or self.page_size

    def get_page_number(self, request, paginator):
        return whole_number(request, self.page_query_param, MAX_PAGE) or 1

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            highest = self.max_page_size if parameter["name"] == self.page_size_query_param else MAX_PAGE
            parameter["schema"].update(minimum=1, maximum=highest)
        return parameters
