"""The OpenAPI schema's error answers, added to every operation here so that no view has to list them.

docs/API.md (Conventions) fixes the codes and their shapes: `{"detail": "..."}`, or for a 400 `{"field": ["message"]}`.
"""

from drf_spectacular import openapi
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import OpenApiResponse
from rest_framework import permissions, serializers

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class ErrorDetailSerializer(serializers.Serializer):
    detail = serializers.CharField()


class ForbiddenSerializer(ErrorDetailSerializer):
    code = serializers.ChoiceField(
        choices=["mfa_required"],
        required=False,
        help_text="mfa_required: a clinician confirms their email and sets up an authenticator app before reading "
        "any patient (STRIDE_CLINICIAN_MFA=required).",
    )


class PreconditionFailedSerializer(ErrorDetailSerializer):
    version = serializers.IntegerField(allow_null=True, help_text="The entry's current version; null if it has none.")


FIELD_ERRORS = {
    "type": "object",
    "description": "Messages by field. A list's or an object's field holds its own messages by position or name.",
    "additionalProperties": {
        "anyOf": [
            {"type": "array", "items": {"type": "string"}},
            {"$ref": "#/components/schemas/FieldErrors"},
        ]
    },
}


DESCRIPTIONS = {
    "400": "Not accepted: one message (detail), or messages by field.",
    "401": "Not signed in, or the sign-in has ended.",
    "403": "Not allowed: the caller may see this but not do it, or a session sent no CSRF token.",
    "404": "Nothing here that the caller may see.",
    "412": "If-Match is not the current version.",
    "413": "The body is too big.",
    "415": "The body is not sent as application/json.",
    "429": "Too many tries: wait a little and try again.",
}


class AutoSchema(openapi.AutoSchema):
    """Adds each operation's error answers, and the body of a DELETE that reads one. A view may name one more error,
    such as `responses={413: None}`; its shape is filled in here."""

    def get_request_serializer(self):
        # A DELETE reads a body only where its view declares one (extend_schema(request=...)), never the view's
        # own serializer (the entry a DELETE of an entry removes is not sent).
        if self.method == "DELETE":
            return None
        return super().get_request_serializer()

    def _get_request_body(self, direction="request"):
        # drf-spectacular describes bodies of POST, PUT and PATCH only. OpenAPI 3.1 permits one on a DELETE, and
        # DELETE /me/ (the password) and DELETE /auth/mfa/totp/ (password and code) read theirs.
        if self.method != "DELETE":
            return super()._get_request_body(direction)
        serializer = self.get_request_serializer()
        if serializer is None:
            return None
        schema = self.resolve_serializer(serializer, direction).ref
        return {"content": {"application/json": {"schema": schema}}, "required": True}

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        responses = operation["responses"]
        named = {code for code, response in responses.items() if code in DESCRIPTIONS and "content" not in response}
        for code in sorted(self._error_codes(operation) | named):
            if code in named or code not in responses:
                answer = OpenApiResponse(self._error_shape(code), DESCRIPTIONS[code])
                responses[code] = self._get_response_for_code(answer, code, ["application/json"])
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def _error_codes(self, operation):
        """The error answers this operation can give, read from the operation itself."""
        parameters = operation.get("parameters", [])
        has_body = "requestBody" in operation
        codes = set()
        if has_body or any(parameter["in"] in ("query", "header") for parameter in parameters):
            codes.add("400")
        if not any(isinstance(permission, permissions.AllowAny) for permission in self.view.get_permissions()):
            codes.add("401")
        if self.method in UNSAFE_METHODS or "{patient_id}" in self.path:
            codes.add("403")
        if "{" in self.path:
            codes.add("404")
        if any(parameter["name"] == "If-Match" for parameter in parameters):
            codes.add("412")
        if has_body:
            codes.update(("413", "415"))
        if self.view.get_throttles():
            codes.add("429")
        return codes

    def _error_shape(self, code):
        if code == "412":
            return PreconditionFailedSerializer
        if code == "403":
            return ForbiddenSerializer
        if code == "400":
            return {"anyOf": [self.resolve_serializer(ErrorDetailSerializer, "response").ref, self._field_errors()]}
        return ErrorDetailSerializer

    def _field_errors(self):
        component = ResolvedComponent(
            name="FieldErrors", type=ResolvedComponent.SCHEMA, object="FieldErrors", schema=FIELD_ERRORS
        )
        self.registry.register_on_missing(component)
        return component.ref
