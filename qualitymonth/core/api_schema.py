"""The API's error bodies and an OpenAPI schema that tells clients the truth.

Ninja documents only what each operation declares. Some answers come from layers every
operation shares — an unknown or revoked token (401), a session without its CSRF token (403),
a path that names nothing (404), input that fails validation or holds control characters (422),
a body that is not JSON (400) or too large (413) — so they are added here once, to every
operation they can reach. Operations open to anyone say so with an empty security requirement
(`{}`), which is how OpenAPI writes "no credentials needed".
"""

from http.client import responses as reasons
from typing import Annotated

from django.http import JsonResponse
from django.urls import path, re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import Field, NinjaAPI, Schema
from ninja.openapi.schema import OpenAPISchema
from ninja.security import APIKeyCookie

# Ids within what every database column holds: a larger number is a 422 naming the field,
# never an overflow inside the database driver.
MAX_ID = 2_147_483_647
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Count = Annotated[int, Field(ge=0, le=MAX_ID)]

UNSAFE_METHODS = {"post", "put", "patch", "delete"}


class FieldError(Schema):
    field: str | None
    message: str


class ErrorOut(Schema):
    """Every refusal: a translated sentence, and for bad input one message per field."""

    detail: str
    errors: list[FieldError] = []


def allows_nobody(auth):
    """Mark an authentication callback under which a request without credentials passes."""
    auth.allows_nobody = True
    return auth


@csrf_exempt  # it changes nothing, and a CSRF refusal would be the site's HTML page
def not_found(request, *args, **kwargs):
    """Any address under the API that names nothing, a non-number where an id goes included:
    the API's JSON 404, not the site's HTML page."""
    return JsonResponse({"detail": _("Not found.")}, status=404)


class TruthfulSchema(OpenAPISchema):
    def operation_security(self, operation):
        security = super().operation_security(operation)
        if security and any(
            getattr(auth, "allows_nobody", False) for auth in operation.auth_callbacks
        ):
            security.append({})
        return security

    def operation_details(self, operation):
        details = super().operation_details(operation)
        shared = self._shared_answers(operation, details)
        if shared:
            error = self._create_schema_from_model(ErrorOut, mode="serialization")[0]
            content = {self.api.renderer.media_type: {"schema": error}}
            for status in shared:
                details["responses"].setdefault(
                    status, {"description": reasons[status], "content": content}
                )
        return details

    @staticmethod
    def _shared_answers(operation, details) -> list[int]:
        statuses = []
        methods = {method.lower() for method in operation.methods}
        if operation.auth_callbacks:
            statuses.append(401)
            session = any(isinstance(auth, APIKeyCookie) for auth in operation.auth_callbacks)
            if session and methods & UNSAFE_METHODS:
                statuses.append(403)  # a browser session without its CSRF token
        if any(p["in"] == "path" for p in details["parameters"]):
            statuses.append(404)
        if "requestBody" in details:
            statuses += [400, 413]
        if details["parameters"] or "requestBody" in details:
            statuses.append(422)
        return statuses


class PlatformAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return TruthfulSchema(self, path_prefix)

    def _get_urls(self):
        # ninja's root view raises Http404, which renders the site's HTML page: the root
        # answers the API's JSON 404 like any other address that names nothing.
        urls = [
            path("", not_found, name="api-root") if getattr(url, "name", "") == "api-root" else url
            for url in super()._get_urls()
        ]
        # Last, so that it answers only what no operation matched.
        return [*urls, re_path(r"^.*$", not_found, name="not-found")]
