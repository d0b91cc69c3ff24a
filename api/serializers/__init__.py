"""The API's serializers, one module per part of the API, as api/views/ is split."""
