"""The JSON API at /api/: one NinjaAPI, a router per capability."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError, ValidationError

from qualitymonth.awards.api import router as awards_router
from qualitymonth.campaigns.api import router as campaigns_router
from qualitymonth.core.api_auth import SIGNED_IN
from qualitymonth.core.api_schema import PlatformAPI
from qualitymonth.events.api import router as events_router
from qualitymonth.figures.api import router as figures_router
from qualitymonth.members.api import router as members_router
from qualitymonth.organizations.api import router as organizations_router
from qualitymonth.organizations.api_people import router as people_router
from qualitymonth.publishing.api import router as publishing_router
from qualitymonth.surveys.api import router as surveys_router
from qualitymonth.training.api import router as training_router

api = PlatformAPI(
    title="Quality Month platform API",
    version="1",
    urls_namespace="api",
    docs_url="/docs",
    auth=SIGNED_IN,
)
api.add_router("/", people_router)
api.add_router("/units", organizations_router)
api.add_router("/campaigns", campaigns_router)
api.add_router("/events", events_router)
api.add_router("/awards", awards_router)
api.add_router("/surveys", surveys_router)
api.add_router("/members", members_router)
api.add_router("/publishing", publishing_router)
api.add_router("/training", training_router)
api.add_router("/open-data", figures_router)


def _message_for(error: dict) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return _("This field is required.")
    if kind == "json_invalid":
        return _("The request body is not valid JSON.")
    if kind in {"int_parsing", "int_type"}:
        return _("Enter a whole number.")
    if kind in {"string_type"}:
        return _("Enter text.")
    if kind in {"string_too_long"}:
        return _("This text is too long.")
    if kind in {"date_from_datetime_parsing", "date_parsing", "date_type"}:
        return _("Enter a date as YYYY-MM-DD.")
    if kind in {"extra_forbidden"}:
        return _("This field is not accepted here.")
    return _("This value is not valid.")


@api.exception_handler(ValidationError)
def validation_error(request, exc):
    """Malformed payloads: one translated message per field, never a 500."""
    errors = []
    for error in exc.errors:
        location = [
            str(part)
            for part in error.get("loc", ())
            if part not in ("body", "payload", "query", "filters", "path")
        ]
        errors.append({"field": ".".join(location) or None, "message": _message_for(error)})
    return api.create_response(
        request, {"detail": _("The request is not valid."), "errors": errors}, status=422
    )


@api.exception_handler(AuthenticationError)
def authentication_error(request, exc):
    # Ninja's own default is an untranslated "Unauthorized".
    message = exc.message if exc.message != "Unauthorized" else _("Sign in or send an API token.")
    return api.create_response(request, {"detail": message}, status=401)


@api.exception_handler(HttpError)
def http_error(request, exc):
    if exc.status_code == 400 and exc.message.startswith("Cannot parse request body"):
        # Ninja's own words for a body that is not JSON, untranslated.
        body = {
            "detail": _("The request is not valid."),
            "errors": [{"field": None, "message": _("The request body is not valid JSON.")}],
        }
        return api.create_response(request, body, status=400)
    return api.create_response(request, {"detail": exc.message}, status=exc.status_code)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(DjangoValidationError)
def rule_broken(request, exc):
    """A service refused the input: its translated messages, by field."""
    if hasattr(exc, "error_dict"):
        errors = [
            {"field": None if field == "__all__" else field, "message": message}
            for field, error_list in exc.message_dict.items()
            for message in error_list
        ]
    else:
        errors = [{"field": None, "message": message} for message in exc.messages]
    return api.create_response(
        request, {"detail": _("The request is not valid."), "errors": errors}, status=422
    )
