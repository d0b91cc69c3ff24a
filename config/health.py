"""`GET /healthz/` for a load balancer or a process manager: does this process reach its database?"""

from django.db import DatabaseError, connection, transaction
from django.http import JsonResponse


# Outside the request's transaction: with ATOMIC_REQUESTS, opening it would fail first, with a 500.
@transaction.non_atomic_requests
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})
